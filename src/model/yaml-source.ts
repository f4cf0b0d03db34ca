import { isMap, isPair, isScalar, LineCounter, parseDocument, type Document } from 'yaml';
import { echoInput } from './echo-input.js';
import { checkJsonSyntax } from './json-syntax.js';
import { checkNesting } from './nesting.js';
import { inputError, type Problem } from './problems.js';

/** Aliases allowed per document: enough for real files, far too few for a billion laughs. */
export const MAX_ALIASES = 1000;

export type PathSegment = string | number;

/** A parsed YAML or JSON document that remembers where each value stood in the text. */
export interface SourceDocument {
  value: unknown;
  file?: string;
  /** Position of the value at `path`, or of the key itself when `key` is true. */
  positionOf(path: readonly PathSegment[], key?: boolean): { line: number; column: number };
}

/**
 * Parses YAML 1.2 (and so JSON); syntax errors and alias bombs become `InputError`s. Text meant
 * as JSON must be JSON: its errors are reported in JSON's terms.
 */
export function parseSourceDocument(text: string, file?: string): SourceDocument {
  checkNesting(text, file);
  checkJsonSyntax(text, file);
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const first = doc.errors[0];
  if (first) {
    const { line, col } = lineCounter.linePos(first.pos[0]);
    throw inputError({
      code: 'yaml-syntax',
      message: `YAML syntax: ${firstLine(first.message)}`,
      file,
      line,
      column: col,
    });
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (error) {
    throw inputError(
      {
        code: 'yaml-aliases',
        message: `refused: the document expands too many YAML aliases (limit ${MAX_ALIASES})`,
        file,
        line: 1,
        column: 1,
      },
      error,
    );
  }
  return { value, file, positionOf: (path, key) => locate(doc, lineCounter, path, key) };
}

/**
 * Where the value at `path` (or, with `key`, its key) stands in the text. A missing field points
 * at the nearest ancestor that exists.
 */
export function locate(
  doc: Document,
  lineCounter: LineCounter,
  path: readonly PathSegment[],
  key = false,
): { line: number; column: number } {
  let offset: number | undefined;
  if (key && path.length > 0) {
    const parent = doc.getIn(path.slice(0, -1), true);
    const name = path[path.length - 1];
    if (isMap(parent)) {
      const pair = parent.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === name);
      if (pair && isScalar(pair.key)) offset = pair.key.range?.[0];
    }
  }
  for (let depth = path.length; offset === undefined && depth >= 0; depth--) {
    const node = doc.getIn(path.slice(0, depth), true) as { range?: [number, number] } | null;
    offset = node?.range?.[0];
  }
  const { line, col } = lineCounter.linePos(offset ?? 0);
  return { line, column: col };
}

function firstLine(message: string): string {
  return message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}

/** Formats a path as users write it: components[2].zone */
export function formatPath(path: readonly PathSegment[]): string {
  return path
    .map((segment, i) =>
      typeof segment === 'number' ? `[${segment}]` : `${i ? '.' : ''}${echoInput(segment)}`,
    )
    .join('');
}

export function problemAt(
  source: SourceDocument,
  path: readonly PathSegment[],
  code: string,
  message: string,
  options: { key?: boolean; severity?: Problem['severity'] } = {},
): Problem {
  const { line, column } = source.positionOf(path, options.key);
  const where = path.length > 0 ? `${formatPath(path)}: ` : '';
  return {
    severity: options.severity ?? 'error',
    code,
    message: `${where}${message}`,
    file: source.file,
    line,
    column,
  };
}
