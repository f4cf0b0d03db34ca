/**
 * Messages quote the input to say what was wrong with it, and the input may be anything: a
 * binary file, megabytes on one line, terminal escape codes, bidirectional overrides that make
 * a line read differently than it is. What a message echoes is cut short and made printable.
 */

/** Characters of input a message quotes before it cuts the rest: enough to recognise it. */
export const ECHO_LIMIT = 40;

const NAMED_ESCAPES = { '\n': '\\n', '\r': '\\r', '\t': '\\t' } as const;

/** Controls, format characters (bidi overrides), unassigned, private use, lone surrogates. */
const UNPRINTABLE = /[\p{C}\p{Zl}\p{Zp}\uFFFD]/u;

/** The value as text, unprintable characters escaped, cut to `limit` characters with `...`. */
export function echoInput(value: unknown, limit = ECHO_LIMIT): string {
  let echoed = '';
  for (const char of String(value)) {
    const piece = UNPRINTABLE.test(char) ? escape(char) : char;
    if (echoed.length + piece.length > limit) return `${echoed}...`;
    echoed += piece;
  }
  return echoed;
}

/** A value as a schema message names it: strings quoted, collections by their kind. */
export function describeInputValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `"${echoInput(value)}"`;
  return echoInput(value);
}

function escape(char: string): string {
  if (char in NAMED_ESCAPES) return NAMED_ESCAPES[char as keyof typeof NAMED_ESCAPES];
  const code = char.codePointAt(0)!;
  if (code < 0x100) return `\\x${code.toString(16).padStart(2, '0')}`;
  if (code <= 0xffff) return `\\u${code.toString(16).padStart(4, '0')}`;
  return `\\u{${code.toString(16)}}`;
}
