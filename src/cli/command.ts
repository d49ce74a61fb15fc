/** What every command module receives; it returns the exit code. */
export interface CommandInput {
  /** Positional arguments in declaration order (variadic ones as arrays). */
  args: (string | string[] | undefined)[];
  /** The command's own options, camelCased by commander (`dryRun`, `resendUnknown`). */
  options: Record<string, any>;
  /** The command's options plus the global ones (`config`, `state`, `debug`). */
  globals: Record<string, any>;
}

export type CommandModule = { run(input: CommandInput): Promise<number> };
