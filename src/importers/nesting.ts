import { inputError, positionAt } from '../model/problems.js';

/** Real models nest a dozen levels deep; two hundred is far past any of them. */
export const MAX_NESTING = 200;

/** Characters after which a quote opens a string rather than sitting inside a plain word. */
const OPENS_STRING_AFTER = new Set(['', '[', '{', ',', ':', '-', '?']);

/**
 * Refuses JSON or YAML text whose brackets nest deeper than `limit`, before any parser sees
 * it: parsers descend one call per level, and the YAML parser exhausts memory on a few
 * thousand `[`. One forward pass with a counter; quoted strings and comments are skipped so
 * brackets inside them do not count. Block-style YAML nesting needs quadratic text per level
 * and stays within what the parser handles, so only brackets are counted.
 */
export function refuseDeepNesting(text: string, file?: string, limit = MAX_NESTING): void {
  let depth = 0;
  let previous = '';
  for (let i = 0; i < text.length; i++) {
    const char = text[i] as string;
    if (char === '"' || char === "'") {
      if (OPENS_STRING_AFTER.has(previous)) {
        i = endOfString(text, i);
        previous = char;
      }
      continue;
    }
    if (char === '#' && (i === 0 || /\s/.test(text[i - 1] as string))) {
      const newline = text.indexOf('\n', i);
      i = newline === -1 ? text.length : newline - 1;
      continue;
    }
    if (char === '[' || char === '{') {
      depth++;
      if (depth > limit) {
        throw inputError({
          code: 'too-deep',
          message: `refused: values nest more than ${limit} levels deep here`,
          file,
          ...positionAt(text, i),
        });
      }
    } else if (char === ']' || char === '}') {
      depth = Math.max(0, depth - 1);
    }
    if (char === '\n') previous = '';
    else if (char !== ' ' && char !== '\t' && char !== '\r') previous = char;
  }
}

/** The index of the quote that closes the string opened at `start`, or the text's end. */
function endOfString(text: string, start: number): number {
  const quote = text[start];
  for (let i = start + 1; i < text.length; i++) {
    const char = text[i];
    if (quote === '"' && char === '\\') i++;
    else if (char === quote) {
      // YAML writes a single quote inside a single-quoted string as two.
      if (quote === "'" && text[i + 1] === "'") i++;
      else return i;
    }
  }
  return text.length;
}
