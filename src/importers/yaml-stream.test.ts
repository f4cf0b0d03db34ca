import { describe, expect, it } from 'vitest';
import { InputError, type Problem } from '../model/problems.js';
import { MAX_DOCUMENTS, MAX_NESTING, readYamlDocument, readYamlDocuments } from './yaml-stream.js';

function refusal(run: () => unknown): Problem {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as InputError).problems[0]!;
  }
  throw new Error('expected an InputError');
}

describe('readYamlDocuments', () => {
  it('reads every non-empty document, each with its own positions', () => {
    const docs = readYamlDocuments('a: 1\n---\n# only a comment\n---\nb:\n  c: 2\n', 'f.yaml');
    expect(docs.map((d) => d.value)).toEqual([{ a: 1 }, { b: { c: 2 } }]);
    expect(docs[1]!.positionOf(['b', 'c'])).toEqual({ line: 6, column: 6 });
    expect(docs[1]!.positionOf(['b', 'c'], true)).toEqual({ line: 6, column: 3 });
    expect(docs[1]!.positionOf(['b', 'missing'])).toEqual({ line: 6, column: 3 });
  });

  it('merges << keys only when asked', () => {
    const text = 'base: &b {x: 1}\nderived:\n  <<: *b\n  y: 2\n';
    expect(readYamlDocument(text, 'f', { merge: true })!.value).toMatchObject({
      derived: { x: 1, y: 2 },
    });
    expect(readYamlDocument(text, 'f')!.value).toMatchObject({ derived: { '<<': { x: 1 } } });
  });

  it('refuses a second document where one is expected', () => {
    expect(refusal(() => readYamlDocument('a: 1\n---\nb: 2\n', 'f'))).toMatchObject({
      code: 'several-documents',
      line: 3,
    });
  });

  it('refuses duplicate keys with their position', () => {
    expect(refusal(() => readYamlDocuments('a: 1\na: 2\n', 'f'))).toMatchObject({
      code: 'yaml-syntax',
      line: 2,
    });
  });
});

describe('hostile YAML', () => {
  it('refuses more documents than the limit before parsing them', () => {
    const text = 'a: 1\n' + '...\n'.repeat(MAX_DOCUMENTS + 1);
    expect(refusal(() => readYamlDocuments(text, 'f')).code).toBe('too-many-documents');
    expect(readYamlDocuments('a: 1\n' + '---\nb: 1\n'.repeat(100), 'f')).toHaveLength(101);
  });

  it('refuses nesting past the limit, in brackets or blocks', () => {
    const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
    expect(readYamlDocuments(nested(MAX_NESTING - 1), 'f')).toHaveLength(1);
    expect(refusal(() => readYamlDocuments(nested(MAX_NESTING + 1), 'f')).code).toBe('too-deep');
    expect(refusal(() => readYamlDocuments(nested(50_000), 'f'))).toMatchObject({
      code: 'too-deep',
      line: 1,
      column: 1001,
    });
    const blocks = Array.from({ length: 150 }, (_, i) => `${' '.repeat(i)}k:`).join('\n');
    expect(refusal(() => readYamlDocuments(blocks, 'f')).code).toBe('too-deep');
  });

  it('refuses alias bombs', () => {
    let text = 'a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n';
    for (let i = 1; i < 9; i++) {
      text += `a${i}: &a${i} [${Array(10)
        .fill(`*a${i - 1}`)
        .join(', ')}]\n`;
    }
    expect(refusal(() => readYamlDocuments(text, 'f')).code).toBe('yaml-aliases');
  });
});
