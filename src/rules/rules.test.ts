import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { analyzeModel } from '../engine/analyze.js';
import { understand } from '../engine/pipeline.js';
import { RULES } from './index.js';

const RULES_DIR = path.dirname(fileURLToPath(import.meta.url));

function findingsOf(ruleId: string, yaml: string) {
  const { model } = understand({ text: yaml, file: `${ruleId}.yaml` });
  return analyzeModel(model).threats.filter((threat) => threat.ruleId === ruleId);
}

describe.each(RULES.map((rule) => [rule.meta.id, rule] as const))('%s', (_id, rule) => {
  it(`fires on its example: ${rule.meta.examples.fires.description}`, () => {
    expect(findingsOf(rule.meta.id, rule.meta.examples.fires.model)).not.toHaveLength(0);
  });

  it(`stays quiet on its counter-example: ${rule.meta.examples.quiet.description}`, () => {
    expect(findingsOf(rule.meta.id, rule.meta.examples.quiet.model)).toHaveLength(0);
  });

  it('cites the evidence it rests on, for every affected element', () => {
    for (const threat of findingsOf(rule.meta.id, rule.meta.examples.fires.model)) {
      expect(threat.evidence.length).toBeGreaterThan(0);
      expect(threat.why.length).toBeGreaterThan(20);
    }
  });
});

describe('rule registry', () => {
  it('lists exactly the rule files on disk, each named by its slug', () => {
    const files = readdirSync(RULES_DIR)
      .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
      .filter((file) => !['index.ts', 'rule.ts'].includes(file))
      .map((file) => file.replace(/\.ts$/, ''))
      .sort();
    expect(RULES.map((rule) => rule.meta.slug).sort()).toEqual(files);
  });

  it('has unique IDs and slugs in STR-0000 form', () => {
    const ids = RULES.map((rule) => rule.meta.id);
    const slugs = RULES.flatMap((rule) => [rule.meta.slug, ...(rule.meta.aliases ?? [])]);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(slugs).size).toBe(slugs.length);
    for (const id of ids) expect(id).toMatch(/^STR-\d{4}$/);
  });

  it('gives every rule STRIDE categories, a CWE, and ASVS 5.0 IDs or a note why none', () => {
    for (const { meta } of RULES) {
      expect(meta.stride.length, meta.id).toBeGreaterThan(0);
      expect(meta.references.cwe.length, meta.id).toBeGreaterThan(0);
      expect(meta.references.asvs.length > 0 || !!meta.references.asvsNote, meta.id).toBe(true);
    }
  });
});
