import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../src/rules/index.js';
import { readReferenceIds, type ReferenceIds } from '../scripts/reference-ids.js';
import { HAS_SHARED, REPO_ROOT, SHARED_ABSENT_NOTE, sharedPath } from './helpers.js';

const SNAPSHOT: ReferenceIds = JSON.parse(
  readFileSync(path.join(REPO_ROOT, 'test/fixtures/reference-ids.json'), 'utf8'),
);
/** The official exports when CI provides them, else the snapshot taken from them. */
const REFS = HAS_SHARED ? readReferenceIds(sharedPath('refs')) : SNAPSHOT;
const MAPPABLE = new Set(['Allowed', 'Allowed-with-Review']);

describe('rule references', () => {
  it.each(RULES.map((r) => [r.meta.id, r.meta.references] as const))(
    '%s cites only CWE IDs that MITRE allows for mapping',
    (_id, references) => {
      for (const cwe of references.cwe) {
        expect(cwe).toMatch(/^CWE-\d+$/);
        expect(REFS.cwe[cwe.slice(4)], cwe).toBeDefined();
        expect(MAPPABLE.has(REFS.cwe[cwe.slice(4)]), `${cwe} is ${REFS.cwe[cwe.slice(4)]}`).toBe(
          true,
        );
      }
    },
  );

  it.each(RULES.map((r) => [r.meta.id, r.meta.references] as const))(
    '%s cites ASVS 5.0.0 and 4.0.3 requirements that exist',
    (_id, references) => {
      for (const id of references.asvs) expect(REFS.asvs5, id).toContain(id);
      for (const id of references.asvs4) expect(REFS.asvs4, id).toContain(id);
    },
  );
});

describe('reference snapshot', () => {
  it.skipIf(!HAS_SHARED)('matches the official exports in shared/refs', () => {
    expect(readReferenceIds(sharedPath('refs'))).toEqual(SNAPSHOT);
  });
  if (!HAS_SHARED) it.skip(SHARED_ABSENT_NOTE, () => {});
});
