/**
 * JSON is YAML too, so the YAML parser reads it, but its errors then speak of YAML ("Flow map
 * in block collection") and it accepts what JSON does not (trailing commas, comments). Text
 * that is meant as JSON is checked with JSON.parse first, and its error said in JSON's terms.
 */
import { echoInput } from './echo-input.js';
import { inputError, positionAt } from './problems.js';

const BYTE_ORDER_MARK = '\uFEFF';

/**
 * Text meant as JSON: a `.json` file, or unnamed or non-YAML text whose first character opens an
 * object or list. A `.yaml` file may open with `{` too: YAML flow style, which JSON.parse refuses.
 */
export function looksLikeJson(text: string, file?: string): boolean {
  if (file !== undefined && /\.json$/i.test(file)) return true;
  if (file !== undefined && /\.ya?ml$/i.test(file)) return false;
  return /^\uFEFF?\s*[[{]/.test(text);
}

/**
 * Throws `error: file:line:col: JSON syntax: <reason>` when text meant as JSON does not parse.
 * Blank text is left alone: an empty file is an empty input, not a syntax error.
 */
export function checkJsonSyntax(text: string, file?: string): void {
  if (!looksLikeJson(text, file) || text.trim() === '') return;
  const skipped = text.startsWith(BYTE_ORDER_MARK) ? 1 : 0;
  const body = text.slice(skipped);
  const error = jsonError(body);
  if (error === undefined) return;
  const offset = positionIn(error) ?? (endsEarly(error) ? body.length : lengthOfViablePrefix(body));
  throw inputError({
    code: 'json-syntax',
    message: `JSON syntax: ${reasonOf(error)}`,
    file,
    ...positionAt(text, skipped + offset),
  });
}

function jsonError(text: string): SyntaxError | undefined {
  try {
    JSON.parse(text);
    return undefined;
  } catch (error) {
    if (error instanceof SyntaxError) return error;
    throw error;
  }
}

/** Node 20 ends most messages with `in JSON at position N`. */
function positionIn(error: SyntaxError): number | undefined {
  const match = / at position (\d+)/.exec(error.message);
  return match ? Number(match[1]) : undefined;
}

/**
 * The reason without its position, and without the copy of the input that some messages
 * quote (`Unexpected token '}', "{"a": tru}" is not valid JSON`): it may hold anything.
 */
function reasonOf(error: SyntaxError): string {
  const reason = error.message
    .replace(/ at position \d+.*$/s, '')
    .replace(/ in JSON$/, '')
    .replace(/, .*is not valid JSON$/s, '')
    .replace(/^Unexpected end of JSON input$/, 'the text ends before the JSON does');
  // The token V8 names is a character of the input: a control one must not reach a terminal.
  return echoInput(reason, 200);
}

/**
 * Where a message without a position went wrong: the first offset no valid JSON can have
 * there. Whether a prefix can still become valid JSON only changes once as it grows, so a
 * binary search over prefixes finds it in a few dozen parses.
 */
function lengthOfViablePrefix(text: string): number {
  let viable = 0;
  let failing = text.length;
  while (failing - viable > 1) {
    const middle = Math.floor((viable + failing) / 2);
    if (couldContinue(text.slice(0, middle))) viable = middle;
    else failing = middle;
  }
  return viable;
}

function endsEarly(error: SyntaxError): boolean {
  return /^Unexpected end of JSON input/.test(error.message);
}

function couldContinue(prefix: string): boolean {
  const error = jsonError(prefix);
  if (error === undefined || endsEarly(error)) return true;
  const position = positionIn(error);
  return position !== undefined && position >= prefix.length;
}
