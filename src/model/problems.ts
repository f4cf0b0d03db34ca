/**
 * Problems with the input are data until the edge: importers and checks collect them, and only
 * the CLI (or the server) turns them into text, with one formatter.
 */
export interface Problem {
  severity: 'error' | 'warning';
  /** A stable, kebab-case code: 'yaml-syntax', 'unknown-component', 'duplicate-id'... */
  code: string;
  message: string;
  file?: string;
  line?: number;
  column?: number;
}

/** Thrown when the input cannot give a usable model; carries every problem found. */
export class InputError extends Error {
  readonly problems: Problem[];

  constructor(problems: Problem[], options?: { cause?: unknown }) {
    super(problems.map(formatProblem).join('\n'), options);
    this.name = 'InputError';
    this.problems = problems;
  }
}

/** Builds the error for a single problem, the common case for parsers. */
export function inputError(problem: Omit<Problem, 'severity'>, cause?: unknown): InputError {
  return new InputError([{ severity: 'error', ...problem }], { cause });
}

/** `error: model.yaml:14:7: flows[3].to: unknown component 'db2'` */
export function formatProblem(problem: Problem): string {
  const where = [problem.file, problem.line, problem.line ? problem.column : undefined]
    .filter((part) => part !== undefined && part !== '')
    .join(':');
  return `${problem.severity}: ${where ? `${where}: ` : ''}${problem.message}`;
}

/** Converts a zero-based offset into a one-based line and column. */
export function positionAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}
