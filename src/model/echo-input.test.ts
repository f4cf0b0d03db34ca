import { describe, expect, it } from 'vitest';
import { describeInputValue, echoInput } from './echo-input.js';
import { Ajv } from 'ajv';
import { AJV_OPTIONS } from './schema-key.js';
import { validateWith } from './validate-schema.js';
import { parseSourceDocument } from './yaml-source.js';

describe('echoInput', () => {
  it('keeps short printable text as it is', () => {
    expect(echoInput('Customer DB – ünïcode ✓')).toBe('Customer DB – ünïcode ✓');
    expect(echoInput(42)).toBe('42');
  });

  it('cuts long text at 40 characters with an ellipsis', () => {
    expect(echoInput('x'.repeat(200))).toBe(`${'x'.repeat(40)}...`);
    expect(echoInput('x'.repeat(40))).toBe('x'.repeat(40));
  });

  it('escapes controls, terminal escapes, bidi overrides and replacement characters', () => {
    expect(echoInput('a\nb\tc\u0000\u001b[31m')).toBe('a\\nb\\tc\\x00\\x1b[31m');
    expect(echoInput('\u202eevil\ufffd\ud800')).toBe('\\u202eevil\\ufffd\\ud800');
  });

  it('never cuts an escape in half', () => {
    const echoed = echoInput(`${'a'.repeat(38)}\u0001`);
    expect(echoed).toBe(`${'a'.repeat(38)}...`);
  });
});

describe('describeInputValue', () => {
  it('quotes strings and names collections by kind', () => {
    expect(describeInputValue('db')).toBe('"db"');
    expect(describeInputValue(['a'])).toBe('a list');
    expect(describeInputValue({ a: 1 })).toBe('a mapping');
    expect(describeInputValue(null)).toBe('null');
  });
});

/** Ad-hoc schemas have no generated validator; tests compile theirs as the build script does. */
function compile(schema: object) {
  return new Ajv(AJV_OPTIONS).compile(schema);
}

describe('schema messages quote input values safely', () => {
  it('cuts a binary value in a type error to one short line', () => {
    const binary = Array.from({ length: 200 }, (_, i) => String.fromCharCode(i % 32)).join('');
    const source = parseSourceDocument(JSON.stringify(binary), 'garbage.bin');
    const [problem] = validateWith(source, compile({ type: 'object' }));
    expect(problem!.message).toBe(
      'must be object, got string "\\x00\\x01\\x02\\x03\\x04\\x05\\x06\\x07\\x08\\t\\n..."',
    );
  });

  it('cuts a long value in an enum error', () => {
    const source = parseSourceDocument(`kind: ${'k'.repeat(300)}\n`, 'hints.yaml');
    const schema = { properties: { kind: { enum: ['cache'] } } };
    const [problem] = validateWith(source, compile(schema));
    expect(problem!.message).toBe(`kind: "${'k'.repeat(40)}..." is not one of: cache`);
  });
});
