import { inputError } from './problems.js';

/**
 * How deep an input may nest before it is refused. The YAML parser recurses once per level; a
 * few thousand levels exhaust the stack, and on Node 20 the second such parse in a process can
 * abort the whole process (a V8 fatal error, not an exception), so a server must refuse before
 * parsing. Real models nest a dozen levels; the parser was seen safe at 300.
 */
export const MAX_NESTING = 200;

/**
 * Refuses text that nests deeper than `limit`, before any parser sees it. One linear pass, no
 * parsing: flow brackets (`[` and `{`, JSON and YAML flow style) count one level each, and
 * indentation, including `- ` sequence markers, one level per two columns (YAML block style).
 * Brackets inside quoted strings count too: quotes cannot be told apart from apostrophes in
 * plain text without parsing, and counting too much only refuses absurd inputs.
 */
export function checkNesting(text: string, file?: string, limit = MAX_NESTING): void {
  let flowDepth = 0;
  let line = 1;
  let lineStart = 0;
  let indentEnd = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === NEWLINE) {
      line++;
      lineStart = i + 1;
      indentEnd = lineStart;
      continue;
    }
    if (i === indentEnd && isIndentation(text, i)) {
      indentEnd = i + 1;
    } else if (code === OPEN_SQUARE || code === OPEN_CURLY) {
      flowDepth++;
    } else if ((code === CLOSE_SQUARE || code === CLOSE_CURLY) && flowDepth > 0) {
      flowDepth--;
    }
    const depth = flowDepth + Math.ceil((indentEnd - lineStart) / 2);
    if (depth > limit) {
      throw inputError({
        code: 'too-deep',
        message: `refused: the input nests more than ${limit} levels deep`,
        file,
        line,
        column: i - lineStart + 1,
      });
    }
  }
}

const NEWLINE = 10;
const SPACE = 32;
const TAB = 9;
const DASH = 45;
const OPEN_SQUARE = 91;
const CLOSE_SQUARE = 93;
const OPEN_CURLY = 123;
const CLOSE_CURLY = 125;

/** Leading spaces, tabs and `- ` markers: a dash only counts when a space or tab follows. */
function isIndentation(text: string, i: number): boolean {
  const code = text.charCodeAt(i);
  if (code === SPACE || code === TAB) return true;
  if (code !== DASH) return false;
  const next = text.charCodeAt(i + 1);
  return next === SPACE || next === TAB;
}
