/** What a command hands back to `run`: the exit code, set by gates such as --fail-on. */
export interface Outcome {
  code: number;
}
