/**
 * Compose's `${VAR}` interpolation, from an optional env file instead of the shell, so a
 * report never depends on (or leaks) the environment it ran in. Unset variables become empty,
 * as `docker compose` does, and are reported once each by the caller.
 */
import type { Problem } from '../model/problems.js';

/** Defaults may nest interpolations (`${A:-${B}}`); deeper than this is left as written. */
const MAX_NESTING = 10;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;
const OPERATORS = [':-', '-', ':?', '?', ':+', '+'] as const;
type Operator = (typeof OPERATORS)[number];

export interface Interpolated {
  value: string;
  /** Variables the value used that the env does not set, in the order met. */
  unset: string[];
  /** Set for `${VAR:?message}` whose variable is unset: compose would stop here. */
  required: { name: string; message: string }[];
  /** Set when a `${` is never closed or names no variable: the text is kept as written. */
  invalid?: string;
}

/** Replaces `$VAR`, `${VAR}`, `${VAR:-default}` and the other forms; `$$` is a dollar. */
export function interpolate(text: string, env: ReadonlyMap<string, string>): Interpolated {
  const result: Interpolated = { value: '', unset: [], required: [] };
  result.value = expand(text, env, result, 0);
  return result;
}

/** The part of a value the file itself wrote: variables from elsewhere left out. */
export function literalPart(text: string): string {
  return interpolate(text, new Map()).value;
}

function expand(
  text: string,
  env: ReadonlyMap<string, string>,
  result: Interpolated,
  depth: number,
): string {
  if (!text.includes('$')) return text;
  let out = '';
  let i = 0;
  while (i < text.length) {
    const dollar = text.indexOf('$', i);
    if (dollar < 0) {
      out += text.slice(i);
      break;
    }
    out += text.slice(i, dollar);
    const next = text[dollar + 1];
    if (next === '$') {
      out += '$';
      i = dollar + 2;
    } else if (next === '{') {
      const close = matchingBrace(text, dollar + 2);
      const body = close < 0 ? undefined : text.slice(dollar + 2, close);
      const replaced = body === undefined ? undefined : braced(body, env, result, depth);
      if (replaced === undefined) {
        result.invalid ??= text.slice(dollar, close < 0 ? undefined : close + 1);
        out += text.slice(dollar, close < 0 ? undefined : close + 1);
        i = close < 0 ? text.length : close + 1;
      } else {
        out += replaced;
        i = close + 1;
      }
    } else {
      const name = NAME.exec(text.slice(dollar + 1))?.[0];
      out += name ? lookup(name, env, result) : '$';
      i = dollar + 1 + (name?.length ?? 0);
    }
  }
  return out;
}

/** Index of the `}` closing a `${` whose body starts at `start`, or -1. */
function matchingBrace(text: string, start: number): number {
  let depth = 1;
  for (let i = start; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return i;
  }
  return -1;
}

function braced(
  body: string,
  env: ReadonlyMap<string, string>,
  result: Interpolated,
  depth: number,
): string | undefined {
  const name = NAME.exec(body)?.[0];
  if (!name) return undefined;
  const rest = body.slice(name.length);
  if (rest === '') return lookup(name, env, result);
  const operator = OPERATORS.find((op) => rest.startsWith(op));
  if (!operator || depth >= MAX_NESTING) return undefined;
  const argument = () => expand(rest.slice(operator.length), env, result, depth + 1);
  return applyOperator(operator, name, env.get(name), argument, result);
}

function applyOperator(
  operator: Operator,
  name: string,
  value: string | undefined,
  argument: () => string,
  result: Interpolated,
): string {
  const emptyCounts = operator.startsWith(':');
  const isSet = value !== undefined && !(emptyCounts && value === '');
  switch (operator) {
    case ':-':
    case '-':
      return isSet ? value! : argument();
    case ':+':
    case '+':
      return isSet ? argument() : '';
    case ':?':
    case '?':
      if (!isSet) result.required.push({ name, message: argument() });
      return value ?? '';
  }
}

function lookup(name: string, env: ReadonlyMap<string, string>, result: Interpolated): string {
  const value = env.get(name);
  if (value === undefined && !result.unset.includes(name)) result.unset.push(name);
  return value ?? '';
}

/**
 * Reads an env file as compose does: `NAME=value` lines, `export` allowed, `#` comments,
 * single quotes literal, double quotes with `\n` escapes. Bad lines are warnings.
 */
export function parseEnvFile(
  text: string,
  file?: string,
): { env: Map<string, string>; warnings: Problem[] } {
  const env = new Map<string, string>();
  const warnings: Problem[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/.exec(line);
    if (!match) {
      warnings.push({
        severity: 'warning',
        code: 'env-syntax',
        message: "skipped: not a 'NAME=value' line",
        file,
        line: index + 1,
        column: 1,
      });
      return;
    }
    env.set(match[1]!, unquote(match[2]!));
  });
  return { env, warnings };
}

function unquote(value: string): string {
  const quote = value[0];
  if ((quote === '"' || quote === "'") && value.length > 1) {
    const end = value.indexOf(quote, 1);
    if (end > 0) {
      const inner = value.slice(1, end);
      return quote === "'" ? inner : inner.replace(/\\n/g, '\n').replace(/\\(["\\])/g, '$1');
    }
  }
  return value.replace(/\s+#.*$/, '');
}
