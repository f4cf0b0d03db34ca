import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderRuleDocs } from '../scripts/generate-rule-docs.js';
import { CWE_NAMES } from '../src/catalog/index.js';
import { RULES, STRIDE, type StrideLetter } from '../src/rules/index.js';
import { HAS_SHARED, REPO_ROOT, SHARED_ABSENT_NOTE, sharedPath } from './helpers.js';

const DOCS = path.join(REPO_ROOT, 'docs/rules');
const metas = RULES.map((rule) => rule.meta);

describe('rule catalog', () => {
  it('has at least 48 rules, each STRIDE category covered by at least five', () => {
    expect(metas.length).toBeGreaterThanOrEqual(48);
    for (const letter of Object.keys(STRIDE) as StrideLetter[]) {
      const count = metas.filter((meta) => meta.stride.includes(letter)).length;
      expect(count, STRIDE[letter]).toBeGreaterThanOrEqual(5);
    }
  });

  it('numbers rules STR-0001 upwards without gaps, in registry order', () => {
    expect(metas.map((meta) => meta.id)).toEqual(
      metas.map((_, i) => `STR-${String(i + 1).padStart(4, '0')}`),
    );
  });

  it('names a CWE for every weakness a rule cites', () => {
    const cited = new Set(metas.flatMap((meta) => meta.references.cwe));
    for (const id of cited) expect(CWE_NAMES, id).toHaveProperty([id]);
  });

  it.skipIf(!HAS_SHARED)('spells CWE names as the official list does', () => {
    const lines = readFileSync(sharedPath('refs/cwe-4.15-list.csv'), 'utf8').split('\n');
    for (const [id, name] of Object.entries(CWE_NAMES)) {
      const row = lines.find((line) => line.startsWith(`${id.slice(4)},`));
      expect(row, id).toBeDefined();
      expect(row!.includes(name.includes(',') ? `"${name}"` : `,${name},`), id).toBe(true);
    }
  });
  if (!HAS_SHARED) it.skip(SHARED_ABSENT_NOTE, () => {});
});

describe('rule docs in docs/rules', () => {
  const pages = renderRuleDocs(metas);

  it('are committed exactly as generated (run `npm run docs:rules` after a rule change)', () => {
    for (const [file, text] of pages) {
      expect(readFileSync(path.join(DOCS, file), 'utf8'), file).toBe(text);
    }
  });

  it('have one page per rule and nothing else', () => {
    const onDisk = readdirSync(DOCS)
      .filter((file) => file.endsWith('.md'))
      .sort();
    expect(onDisk).toEqual([...pages.keys()].sort());
    expect(pages.size).toBe(metas.length + 1);
  });

  it('link every rule from the index once', () => {
    const index = pages.get('README.md')!;
    for (const meta of metas) {
      expect(index.split(`](${meta.slug}.md)`).length - 1, meta.slug).toBe(1);
    }
  });
});
