/** One trainer sub-command. `run` receives the arguments after the command name and returns an exit code. */
export interface Command {
  name: string;
  /** Full --help text: synopsis, every option with its default, and an example. */
  help: string;
  run(argv: string[]): Promise<number>;
}
