import type { ErrorObject, ValidateFunction } from 'ajv';
import { describeInputValue, echoInput } from './echo-input.js';
import type { Problem } from './problems.js';
import { schemaKey } from './schema-key.js';
import { PRECOMPILED_VALIDATORS } from './schema-validators.generated.js';
import { problemAt, type PathSegment, type SourceDocument } from './yaml-source.js';

const PRECOMPILED = PRECOMPILED_VALIDATORS as Readonly<Record<string, ValidateFunction>>;
const compiled = new WeakMap<object, ValidateFunction>();

/** Validates the document against a JSON Schema; each error becomes a positioned problem. */
export function validateAgainstSchema(source: SourceDocument, schema: object): Problem[] {
  return validateWith(source, validatorFor(schema));
}

/** Validates the document with a compiled validator; each error becomes a positioned problem. */
export function validateWith(source: SourceDocument, validate: ValidateFunction): Problem[] {
  if (validate(source.value)) return [];
  return dedupe((validate.errors ?? []).map((error) => toProblem(source, error)));
}

/**
 * Validators are compiled ahead of time (scripts/write-validators.ts, run by `npm run build`):
 * compiling here would take `new Function`, which the web page's Content-Security-Policy
 * forbids, and loading Ajv would slow every start. A test keeps the generated file current.
 */
function validatorFor(schema: object): ValidateFunction {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = PRECOMPILED[schemaKey(schema)];
    if (!validate) {
      throw new Error(
        'a schema changed since its validator was generated; run `npm run build` ' +
          '(scripts/write-validators.ts)',
      );
    }
    compiled.set(schema, validate);
  }
  return validate;
}

function toProblem(source: SourceDocument, error: ErrorObject): Problem {
  const path = parsePointer(error.instancePath);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties': {
      const field = String(params.additionalProperty);
      const allowed = Object.keys(propertiesAt(error.parentSchema)).join(', ');
      return problemAt(
        source,
        [...path, field],
        'unknown-field',
        `unknown field '${echoInput(field)}'` + (allowed ? ` (allowed: ${allowed})` : ''),
        { key: true },
      );
    }
    case 'required':
      return problemAt(
        source,
        path,
        'missing-field',
        `missing required field '${String(params.missingProperty)}'`,
      );
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).join(', ');
      return problemAt(
        source,
        path,
        'bad-value',
        `${describeInputValue(valueAt(source.value, path))} is not one of: ${allowed}`,
      );
    }
    case 'propertyNames': {
      const name = String(params.propertyName);
      return problemAt(source, [...path, name], 'bad-value', `unknown name '${echoInput(name)}'`, {
        key: true,
      });
    }
    case 'type':
      return problemAt(
        source,
        path,
        'bad-type',
        `must be ${String(params.type)}, got ${describe(valueAt(source.value, path))}`,
      );
    default:
      return problemAt(source, path, 'schema', error.message ?? 'is not valid');
  }
}

function propertiesAt(schema: unknown): Record<string, unknown> {
  const properties = (schema as { properties?: Record<string, unknown> } | undefined)?.properties;
  return properties ?? {};
}

function parsePointer(pointer: string): PathSegment[] {
  if (!pointer) return [];
  return pointer
    .slice(1)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

function valueAt(root: unknown, path: PathSegment[]): unknown {
  let value = root;
  for (const segment of path) value = (value as Record<string | number, unknown>)?.[segment];
  return value;
}

function describe(value: unknown): string {
  const kind = value === null || typeof value === 'object' ? '' : `${typeof value} `;
  return kind + describeInputValue(value);
}

/** propertyNames failures also report the inner enum error on the same spot; keep one. */
function dedupe(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.line}:${p.column}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
