/**
 * A send's setup could not use what the config names (the DKIM key, the relay's CA file):
 * data for the caller to word. The CLI turns it into a UserError (src/cli/send-setup.ts).
 */
export type SendSetupProblem = 'ca-file-unreadable' | 'dkim-key-unreadable' | 'dkim-key-missing' | 'dkim-key-unusable';

export class SendSetupError extends Error {
  readonly problem: SendSetupProblem;
  /** The file that could not be read, resolved against the config's folder. */
  readonly path?: string;
  constructor(problem: SendSetupProblem, detail: string, path?: string) {
    super(detail);
    this.name = 'SendSetupError';
    this.problem = problem;
    if (path !== undefined) this.path = path;
  }
}
