import { UserError } from '../../errors.js';
import type { CommandInput } from '../command.js';

export async function run(_input: CommandInput): Promise<number> {
  throw new UserError('"serve" is not available yet in this version of newsletter.');
}
