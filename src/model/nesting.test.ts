import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HAS_SHARED, REPO_ROOT, SHARED_ABSENT_NOTE, sharedPath } from '../../test/helpers.js';
import { checkNesting, MAX_NESTING } from './nesting.js';
import { InputError } from './problems.js';

function refusal(text: string, limit?: number): InputError {
  try {
    checkNesting(text, 'deep.yaml', limit);
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('expected the text to be refused');
}

describe('checkNesting', () => {
  it('accepts every example and fixture in the repository', () => {
    const dirs = ['examples', 'test/fixtures/mermaid', 'test/fixtures/risks'];
    const files = dirs.flatMap((dir) =>
      readdirSync(path.join(REPO_ROOT, dir)).map((name) => path.join(REPO_ROOT, dir, name)),
    );
    expect(files.length).toBeGreaterThan(5);
    for (const file of files) {
      expect(() => checkNesting(readFileSync(file, 'utf8'), file), file).not.toThrow();
    }
  });

  it.skipIf(!HAS_SHARED)('accepts every diagram and model of the shared corpus', () => {
    const inputs = /\.(ya?ml|json|mmd|drawio|xml)$/;
    const files = filesUnder(sharedPath('corpus')).filter((file) => inputs.test(file));
    expect(files.length).toBeGreaterThan(50);
    for (const file of files) {
      expect(() => checkNesting(readFileSync(file, 'utf8'), file), file).not.toThrow();
    }
  });
  if (!HAS_SHARED) it.skip(SHARED_ABSENT_NOTE, () => {});

  it('refuses deep JSON or YAML flow collections, saying where', () => {
    const text = `{"components": [\n  ${'['.repeat(5000)}${']'.repeat(5000)}]}`;
    const error = refusal(text);
    expect(error.problems[0]).toMatchObject({
      code: 'too-deep',
      file: 'deep.yaml',
      line: 2,
      // Two open brackets and one indentation level before it: the 198th bracket of line 2.
      column: 2 + MAX_NESTING - 2,
    });
    expect(error.message).toMatch(/more than 200 levels/);
  });

  it('refuses deep YAML block sequences and mappings', () => {
    expect(refusal(`${'- '.repeat(1000)}x`).problems[0].line).toBe(1);
    const mapping = Array.from({ length: 500 }, (_, i) => `${' '.repeat(i)}k:`).join('\n');
    expect(refusal(mapping).problems[0].line).toBe(2 * MAX_NESTING + 2);
  });

  it('counts closed brackets out again, so long flat inputs pass', () => {
    expect(() => checkNesting('[a] '.repeat(100_000))).not.toThrow();
    expect(() =>
      checkNesting(`${'['.repeat(10)}${']'.repeat(10)}\n`.repeat(1000), 'x', 10),
    ).not.toThrow();
    expect(() => checkNesting(`${'['.repeat(11)}`, 'x', 10)).toThrow(InputError);
  });

  it('takes a dash for indentation only when a space follows', () => {
    expect(() => checkNesting(`${'-'.repeat(1000)}\n`)).not.toThrow();
    expect(() => checkNesting(`${'- '.repeat(11)}x`, 'x', 10)).toThrow(InputError);
  });
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    return statSync(file).isDirectory() ? filesUnder(file) : [file];
  });
}
