import { InputError, type Problem } from '../model/problems.js';
import { parseSourceDocument, type SourceDocument } from '../model/yaml-source.js';

/** A quoted value never needs more continuation lines than this to find its closing quote. */
const MAX_REINDENTED_LINES = 1000;

/**
 * Parses YAML, forgiving one common slip: a quoted value whose later lines are indented no
 * deeper than its key. YAML ends the value there and reports a missing quote; other readers
 * accept it, and the OTM specification's own example is written so. When re-indenting those
 * lines makes the document parse, it is read so, with a warning; otherwise the original
 * error stands. Indentation of continuation lines does not change a quoted value's text.
 */
export function parseForgivingYaml(
  text: string,
  file?: string,
): { source: SourceDocument; warnings: Problem[] } {
  try {
    return { source: parseSourceDocument(text, file), warnings: [] };
  } catch (error) {
    const problem = error instanceof InputError ? error.problems[0] : undefined;
    const quote = problem?.message.match(/Missing closing (['"])quote/)?.[1];
    if (!problem?.line || !quote) throw error;
    const repaired = reindentContinuation(text, problem.line, quote);
    if (repaired === undefined) throw error;
    let source: SourceDocument;
    try {
      source = parseSourceDocument(repaired, file);
    } catch {
      throw error;
    }
    const message =
      'a quoted value goes on in lines indented no deeper than its key; ' +
      'read as if they were indented deeper, as YAML requires';
    return { source, warnings: [{ ...problem, severity: 'warning', message }] };
  }
}

/**
 * Indents the lines after `line` (one-based), up to the one holding the closing quote, as
 * deep as `line` itself. Undefined when no closing quote follows.
 */
function reindentContinuation(text: string, line: number, quote: string): string | undefined {
  const lines = text.split('\n');
  const from = lines[line - 1];
  if (from === undefined) return undefined;
  const indent = from.length - from.trimStart().length;
  const last = Math.min(lines.length, line + MAX_REINDENTED_LINES);
  for (let index = line; index < last; index++) {
    const current = lines[index] as string;
    const own = current.length - current.trimStart().length;
    if (own < indent) lines[index] = ' '.repeat(indent - own) + current;
    if (closesQuote(current, quote)) return lines.join('\n');
  }
  return undefined;
}

/** Whether the line holds a closing quote: a `'` not doubled, or a `"` not escaped. */
function closesQuote(line: string, quote: string): boolean {
  for (let i = 0; i < line.length; i++) {
    if (quote === '"' && line[i] === '\\') i++;
    else if (line[i] === quote) {
      if (quote === "'" && line[i + 1] === "'") i++;
      else return true;
    }
  }
  return false;
}
