import { formatProblem, InputError, type Problem } from '../model/problems.js';
import type { CliIo } from './io.js';

export const EXIT = { ok: 0, threshold: 1, error: 2 } as const;

/** Warnings go to stderr, one line each, never mixed into the report on stdout. */
export function printProblems(io: CliIo, problems: readonly Problem[]): void {
  for (const problem of problems) io.stderr(`${formatProblem(problem)}\n`);
}

/** Turns any failure into lines on stderr and exit code 2; a stack only with --debug. */
export function reportFailure(io: CliIo, error: unknown, debug: boolean): number {
  if (error instanceof InputError) {
    printProblems(io, error.problems);
    const errors = error.problems.filter((p) => p.severity === 'error').length;
    if (errors > 1) io.stderr(`strider: ${errors} errors\n`);
    return EXIT.error;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.stderr(`strider: internal error: ${message}\n`);
  if (debug && error instanceof Error && error.stack) io.stderr(`${error.stack}\n`);
  else io.stderr('strider: this is a bug in Strider; rerun with --debug for details\n');
  return EXIT.error;
}
