/** Narrowing helpers for JSON read from files nobody checked: each returns undefined if wrong. */

export type JsonObject = Record<string, unknown>;

export function asObject(value: unknown): JsonObject | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as JsonObject)
    : undefined;
}

export function asArray(value: unknown): unknown[] | undefined {
  return Array.isArray(value) ? value : undefined;
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** A string with something in it besides blanks. */
export function nonBlank(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

export function asBoolean(value: unknown): boolean | undefined {
  return typeof value === 'boolean' ? value : undefined;
}

/** Reads `object.a.b.c`, stopping at the first step that is not an object. */
export function pathValue(object: unknown, ...keys: string[]): unknown {
  let current: unknown = object;
  for (const key of keys) {
    const next = asObject(current);
    if (!next) return undefined;
    current = next[key];
  }
  return current;
}
