import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { afterEach, describe, expect, it } from 'vitest';
import {
  PRECOMPILED_SCHEMAS,
  VALIDATORS_FILE,
  validatorsSource,
} from '../../scripts/write-validators.js';
import { REPO_ROOT } from '../../test/helpers.js';
import { RISKS_SCHEMA } from './risks.js';
import { HINTS_SCHEMA, MODEL_SCHEMA } from './schema.js';
import { AJV_OPTIONS, schemaKey } from './schema-key.js';
import { PRECOMPILED_VALIDATORS } from './schema-validators.generated.js';
import { validateAgainstSchema, validateWith } from './validate-schema.js';
import { parseSourceDocument } from './yaml-source.js';

const RealFunction = globalThis.Function;

/** Counts `new Function` calls: what a strict Content-Security-Policy would refuse. */
function countFunctionConstructions(): { count: number } {
  const counter = { count: 0 };
  globalThis.Function = new Proxy(RealFunction, {
    construct(target, args) {
      counter.count++;
      return Reflect.construct(target, args);
    },
  });
  return counter;
}

afterEach(() => {
  globalThis.Function = RealFunction;
});

const BAD_MODEL = `components:
  - id: web
    type: robot
    controls: { warp-drive: true }
flows:
  - from: web
    to: web
    encrypted: yes-please
    extra: 1
`;

describe('precompiled schema validators', () => {
  it(`${VALIDATORS_FILE} matches the schemas (npm run schema)`, () => {
    expect(readFileSync(path.join(REPO_ROOT, VALIDATORS_FILE), 'utf8')).toBe(validatorsSource());
  });

  it('has one validator for each schema the loaders use', () => {
    const keys = Object.keys(PRECOMPILED_VALIDATORS);
    for (const schema of [MODEL_SCHEMA, HINTS_SCHEMA, RISKS_SCHEMA]) {
      expect(keys).toContain(schemaKey(schema));
    }
    expect(keys).toHaveLength(Object.keys(PRECOMPILED_SCHEMAS).length);
  });

  it('validates without compiling code at run time', () => {
    const counter = countFunctionConstructions();
    const problems = validateAgainstSchema(
      parseSourceDocument(BAD_MODEL, 'm.yaml'),
      structuredClone(MODEL_SCHEMA),
    );
    expect(counter.count).toBe(0);
    expect(problems.map((p) => `${p.line}:${p.column} ${p.code}`)).toEqual([
      '3:11 bad-value',
      '4:15 bad-value',
      '4:17 bad-value',
      '9:5 unknown-field',
      '8:16 bad-type',
    ]);
  });

  it('reports the same problems as a validator compiled at run time', () => {
    const atRunTime = new Ajv(AJV_OPTIONS).compile(MODEL_SCHEMA);
    const source = parseSourceDocument(BAD_MODEL, 'm.yaml');
    expect(validateWith(source, atRunTime)).toEqual(validateAgainstSchema(source, MODEL_SCHEMA));
  });

  it('refuses a schema with no generated validator, saying how to make one', () => {
    const changed = { ...structuredClone(MODEL_SCHEMA), description: 'not precompiled' };
    const source = parseSourceDocument(BAD_MODEL, 'm.yaml');
    expect(() => validateAgainstSchema(source, changed)).toThrow(/run `npm run build`/);
  });
});
