import { controlGap, namesOf, verb } from '../engine/findings.js';
import type { ModelQuery } from '../engine/query.js';
import type { Component, ComponentKind } from '../model/types.js';
import { defineRule } from './rule.js';

/** Stores whose loss stops the services that depend on them. */
const CRITICAL_KINDS: ReadonlySet<ComponentKind> = new Set<ComponentKind>([
  'database',
  'cache',
  'message-broker',
  'search-engine',
]);
/** A store shared by this many services takes all of them down when it fails. */
const SHARED_BY = 2;

export default defineRule({
  meta: {
    id: 'STR-0040',
    slug: 'single-point-of-failure-store',
    title: 'Shared data stores with no declared replication',
    stride: ['D'],
    references: {
      cwe: ['CWE-410'],
      asvs: [],
      asvs4: [],
      asvsNote:
        'ASVS verifies application behaviour and has no requirement on redundancy of data ' +
        'stores, so none is cited.',
    },
    likelihood: 'low',
    impact: 'high',
    description:
      'A database, cache, broker or search cluster serves several services and the model ' +
      'declares no replication or failover for it. One instance failing, being flooded or ' +
      'being encrypted by ransomware stops every service that depends on it.',
    recommendation:
      'Run critical stores replicated across failure zones with automatic failover, test ' +
      'the failover, and keep backups that a compromised application cannot delete.',
    examples: {
      fires: {
        description: 'Two services share one PostgreSQL instance.',
        model: [
          'components:',
          '  - { id: orders, name: Orders, kind: service }',
          '  - { id: billing, name: Billing, kind: service }',
          '  - { id: db, name: Main DB, technology: postgresql }',
          'flows:',
          '  - { from: orders, to: db, protocol: postgresql }',
          '  - { from: billing, to: db, protocol: postgresql }',
        ].join('\n'),
      },
      quiet: {
        description: 'The database is declared replicated.',
        model: [
          'components:',
          '  - { id: orders, name: Orders, kind: service }',
          '  - { id: billing, name: Billing, kind: service }',
          '  - { id: db, name: Main DB, technology: postgresql, controls: { replication: true } }',
          'flows:',
          '  - { from: orders, to: db, protocol: postgresql }',
          '  - { from: billing, to: db, protocol: postgresql }',
        ].join('\n'),
      },
    },
  },

  check(query) {
    const fragile = query.components.filter((c) => isSharedSingleStore(query, c));
    return controlGap({
      components: fragile,
      controls: ['replication'],
      why:
        `${namesOf(
          query,
          fragile.map((c) => c.id),
        )} ` +
        verb(
          fragile,
          'serves several services, and no replication or failover is declared for it.',
          'each serve several services, and no replication or failover is declared for them.',
        ),
    });
  },
});

function isSharedSingleStore(query: ModelQuery, store: Component): boolean {
  if (!CRITICAL_KINDS.has(store.kind.value) || !query.isOperated(store)) return false;
  // TODO(availability): the catalog does not say which managed stores replicate by default,
  // so provider-run stores are left out rather than flagged on a guess.
  if (query.isManaged(store)) return false;
  if (query.hasControl(store, 'replication')) return false;
  const dependents = [...query.callers(store.id), ...query.callees(store.id)].filter(
    (peer) => peer.type.value === 'process',
  );
  return new Set(dependents.map((d) => d.id)).size >= SHARED_BY;
}
