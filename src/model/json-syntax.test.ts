import { describe, expect, it } from 'vitest';
import { checkJsonSyntax, looksLikeJson } from './json-syntax.js';
import { InputError } from './problems.js';
import { parseSourceDocument } from './yaml-source.js';

function problemOf(run: () => unknown) {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as InputError).problems[0];
  }
  throw new Error('expected an InputError');
}

describe('looksLikeJson', () => {
  it('takes .json files and text that opens with { or [', () => {
    expect(looksLikeJson('zones: []', 'model.JSON')).toBe(true);
    expect(looksLikeJson('\uFEFF  \n [1]', 'model.yaml')).toBe(false);
    expect(looksLikeJson('# {comment}\nzones: []', 'model.yaml')).toBe(false);
  });
});

describe('checkJsonSyntax', () => {
  it('accepts valid JSON, blank text and YAML that is not meant as JSON', () => {
    expect(() => checkJsonSyntax('{"a": [1, 2]}', 'a.json')).not.toThrow();
    expect(() => checkJsonSyntax(' \n', 'a.json')).not.toThrow();
    expect(() => checkJsonSyntax('a: [1, 2,]\n', 'a.yaml')).not.toThrow();
  });

  it('reports the position Node gives, as line and column', () => {
    expect(problemOf(() => checkJsonSyntax('{\n  "a": 1,\n}\n', 'a.json'))).toEqual({
      severity: 'error',
      code: 'json-syntax',
      message: 'JSON syntax: Expected double-quoted property name',
      file: 'a.json',
      line: 3,
      column: 1,
    });
  });

  it('finds the position itself when the message quotes the input instead', () => {
    const problem = problemOf(() => checkJsonSyntax('{\n  "a": [1, 2,\n  ]\n}\n', 'a.json'));
    expect(problem).toMatchObject({ message: "JSON syntax: Unexpected token ']'", line: 3 });
    expect(problem).toMatchObject({ column: 3 });
  });

  it('counts a byte order mark as a column and says when the text stops early', () => {
    const bom = problemOf(() => checkJsonSyntax('\uFEFF{"a":}', 'a.json'));
    expect(bom).toMatchObject({ line: 1, column: 7 });
    const cut = problemOf(() => checkJsonSyntax('{"a": nul', 'a.json'));
    expect(cut).toMatchObject({ message: 'JSON syntax: the text ends before the JSON does' });
  });
});

describe('parseSourceDocument on JSON', () => {
  it('gives JSON errors, not YAML ones, for JSON with a trailing comma', () => {
    const problem = problemOf(() => parseSourceDocument('{"zones": [],}', 'model.json'));
    expect(problem).toMatchObject({ code: 'json-syntax', line: 1, column: 14 });
  });
});

describe('YAML flow style', () => {
  it('leaves a .yaml file that opens with a brace to the YAML parser', () => {
    expect(() => checkJsonSyntax('{components: [{id: a}]}\n', 'model.yaml')).not.toThrow();
  });
});
