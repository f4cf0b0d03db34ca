import type { Context } from 'hono';
import { positionAt } from '../model/problems.js';
import type { AppEnv } from './app-env.js';
import { ApiError } from './errors.js';

/** A field of a JSON request body: its type, and whether it must be there. */
export type FieldSpec =
  | { type: 'string'; required?: boolean; maxLength?: number; pattern?: RegExp; hint?: string }
  | { type: 'integer'; required?: boolean; min: number; max: number }
  | { type: 'choice'; required?: boolean; choices: readonly string[] };

export type FieldValues<S extends Record<string, FieldSpec>> = {
  [K in keyof S]: S[K] extends { type: 'integer' } ? number | undefined : string | undefined;
};

/**
 * Reads a JSON object body and checks it against `spec`: unknown fields, wrong types and bad
 * values are 400s naming the field and what is allowed. Only the listed fields are read, so a
 * deeply nested value anywhere else is refused without being walked.
 */
export async function readJsonBody<S extends Record<string, FieldSpec>>(
  c: Context<AppEnv>,
  spec: S,
): Promise<FieldValues<S>> {
  const contentType = c.req.header('content-type') ?? '';
  if (!/^application\/json\s*(;|$)/i.test(contentType)) {
    throw new ApiError(
      415,
      'unsupported-media-type',
      `send the body as JSON with Content-Type: application/json (got '${contentType || 'none'}')`,
    );
  }
  const text = await c.req.text();
  c.set('bodyBytes', Buffer.byteLength(text));
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    throw jsonSyntaxError(text, error);
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ApiError(400, 'bad-request', 'the body must be a JSON object');
  }
  return checkFields(body as Record<string, unknown>, spec);
}

export function checkFields<S extends Record<string, FieldSpec>>(
  body: Record<string, unknown>,
  spec: S,
): FieldValues<S> {
  const unknown = Object.keys(body).filter((key) => !Object.hasOwn(spec, key));
  if (unknown.length > 0) {
    throw new ApiError(
      400,
      'unknown-field',
      `unknown field '${unknown[0]}' (allowed: ${Object.keys(spec).join(', ')})`,
    );
  }
  const values: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(spec)) {
    const value = body[name];
    if (value === undefined || value === null) {
      if (field.required) throw badField(name, 'is required');
      continue;
    }
    values[name] = checkValue(name, value, field);
  }
  return values as FieldValues<S>;
}

function checkValue(name: string, value: unknown, field: FieldSpec): string | number {
  switch (field.type) {
    case 'string':
      if (typeof value !== 'string') throw badField(name, `must be a string, got ${kindOf(value)}`);
      if (field.maxLength !== undefined && value.length > field.maxLength) {
        throw badField(name, `is longer than ${field.maxLength} characters`);
      }
      if (field.pattern && !field.pattern.test(value)) {
        throw badField(name, `'${value}' is not allowed: ${field.hint ?? field.pattern.source}`);
      }
      return value;
    case 'integer':
      if (
        typeof value !== 'number' ||
        !Number.isInteger(value) ||
        value < field.min ||
        value > field.max
      ) {
        throw badField(name, `must be a whole number from ${field.min} to ${field.max}`);
      }
      return value;
    case 'choice':
      if (typeof value !== 'string' || !field.choices.includes(value)) {
        throw badField(name, `must be one of: ${field.choices.join(', ')}`);
      }
      return value;
  }
}

function badField(name: string, problem: string): ApiError {
  return new ApiError(400, 'bad-field', `'${name}' ${problem}`);
}

function kindOf(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : typeof value;
}

/** JSON.parse names an offset, when it names one; people read lines and columns. */
function jsonSyntaxError(text: string, error: unknown): ApiError {
  const message = error instanceof Error ? error.message : String(error);
  const offset = /at position (\d+)/.exec(message);
  const position = offset ? positionAt(text, Number(offset[1])) : {};
  // V8 quotes the start of the text; the caller has it, and it can be long.
  const reason = message.replace(/, ".*" is not valid JSON$/s, '').replace(/ in JSON at .*$/s, '');
  return new ApiError(400, 'bad-json', `the body is not valid JSON: ${reason}`, position);
}
