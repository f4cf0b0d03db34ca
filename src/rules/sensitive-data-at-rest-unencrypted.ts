import { namesOf, namesWith, verb } from '../engine/findings.js';
import { evidenceOf, type ModelQuery } from '../engine/query.js';
import type { Component, ComponentKind, Flow } from '../model/types.js';
import { defineRule } from './rule.js';

/** Stores that keep data on disk for long; caches and brokers hold it briefly, in memory. */
const PERSISTENT_KINDS: ReadonlySet<ComponentKind> = new Set<ComponentKind>([
  'database',
  'object-storage',
  'file-store',
  'search-engine',
  'analytics',
  'vector-store',
  'backup',
]);

export default defineRule({
  meta: {
    id: 'STR-0017',
    slug: 'sensitive-data-at-rest-unencrypted',
    title: 'Sensitive data at rest unencrypted or of undeclared encryption',
    stride: ['I'],
    references: {
      cwe: ['CWE-312'],
      asvs: ['V14.1.1', 'V14.2.4'],
      asvs4: ['V6.1.1', 'V6.1.2', 'V6.1.3'],
    },
    likelihood: 'medium',
    impact: 'high',
    description:
      'A store keeps personal, payment, health, credential or other confidential data on disk, ' +
      'and its encryption at rest is off or not declared (and not a default of its technology). ' +
      'Stolen disks, snapshots or replicas then expose the data as it is.',
    recommendation:
      'Turn on encryption at rest (managed keys or a KMS), encrypt the most sensitive fields ' +
      'in the application as well, and declare `encryptionAtRest: true`.',
    examples: {
      fires: {
        description: 'A patient database with no encryption at rest declared.',
        model: [
          'components:',
          '  - { id: db, name: Patient records, kind: database, data: [health] }',
        ].join('\n'),
      },
      quiet: {
        description: 'The same database, encrypted at rest.',
        model: [
          'components:',
          '  - id: db',
          '    name: Patient records',
          '    kind: database',
          '    data: [health]',
          '    encryptionAtRest: true',
        ].join('\n'),
      },
    },
  },

  check(query) {
    const stores = query.components.filter(
      (c) =>
        PERSISTENT_KINDS.has(c.kind.value) &&
        c.encryptionAtRest?.value !== true &&
        dataAtRest(query, c).length > 0,
    );
    if (stores.length === 0) return [];
    const plain = stores.filter((s) => s.encryptionAtRest?.value === false);
    return [
      {
        components: stores.map((s) => s.id),
        flows: [],
        why:
          `${namesWith(
            query,
            stores.map((s) => s.id),
            'holds',
            'hold',
          )} ` +
          `${[...new Set(stores.flatMap((s) => dataAtRest(query, s)))].sort().join(', ')}` +
          (plain.length > 0
            ? `; ${namesOf(
                query,
                plain.map((s) => s.id),
              )} ${verb(plain, 'is', 'are')} ` + 'known not to encrypt it at rest.'
            : ', and no encryption at rest is declared.'),
        evidence: stores.flatMap((s) => [
          evidenceOf(s.id, 'data', s.data),
          ...writesInto(query, s).map((f) => evidenceOf(f.id, 'data', f.data)),
          evidenceOf(s.id, 'encryptionAtRest', s.encryptionAtRest),
        ]),
        controlState: plain.length > 0 ? 'absent' : 'undeclared',
      },
    ];
  },
});

/**
 * Sensitive data the store keeps. For an embedded store this includes what flows write into
 * it: no transport rule speaks for those writes, so what they leave on disk is counted here.
 */
function dataAtRest(query: ModelQuery, store: Component): string[] {
  const written = writesInto(query, store).flatMap((f) =>
    f.data.value.filter((id) => query.isSensitive(id)),
  );
  return [...new Set([...query.sensitiveDataHeldBy(store), ...written])].sort();
}

/** Flows that write sensitive data into an embedded store; none for other stores. */
function writesInto(query: ModelQuery, store: Component): Flow[] {
  if (!query.isEmbedded(store)) return [];
  return query.flowsTo(store.id).filter((f) => f.data.value.some((id) => query.isSensitive(id)));
}
