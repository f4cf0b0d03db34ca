import { verb } from '../engine/findings.js';
import { evidenceOf, listNames, type ModelQuery } from '../engine/query.js';
import type { Component, Flow } from '../model/types.js';
import { defineRule, type Finding } from './rule.js';

export default defineRule({
  meta: {
    id: 'STR-0003',
    slug: 'sensitive-data-to-store-unencrypted',
    title: 'Sensitive data sent to a data store without transport encryption',
    stride: ['I', 'T'],
    references: {
      cwe: ['CWE-319', 'CWE-312'],
      asvs: ['V12.3.1', 'V14.2.4'],
      asvs4: ['V9.2.2', 'V6.1.1'],
    },
    likelihood: 'high',
    impact: 'high',
    description:
      'A store holding personal data, credentials or payment data is written to over a ' +
      'connection that is not known to be encrypted. The data can be read on the wire, and ' +
      "unless encryption at rest is in place, also from the store's disks and backups.",
    recommendation:
      'Require TLS on the database connection (verify the server certificate) and enable ' +
      'encryption at rest for the store; record both in the model.',
    examples: {
      fires: {
        description: 'A service writing customer PII to PostgreSQL with no TLS declared.',
        model: [
          'components:',
          '  - { id: app, name: App, kind: service }',
          '  - id: db',
          '    name: Customer DB',
          '    technology: postgresql',
          '    data: [pii]',
          'flows:',
          '  - { from: app, to: db, protocol: postgresql }',
        ].join('\n'),
      },
      quiet: {
        description: 'The same write over TLS to a store encrypted at rest.',
        model: [
          'components:',
          '  - { id: app, name: App, kind: service }',
          '  - id: db',
          '    name: Customer DB',
          '    technology: postgresql',
          '    data: [pii]',
          '    encryptionAtRest: true',
          'flows:',
          '  - { from: app, to: db, protocol: postgresql, encrypted: true }',
        ].join('\n'),
      },
    },
  },

  check(query) {
    const findings: Finding[] = [];
    for (const store of query.components) {
      // An embedded store is written without any transport; its files are STR-0017's concern.
      if (store.type.value !== 'datastore' || query.isEmbedded(store)) continue;
      const flows = query
        .linksTo(store.id)
        .filter(
          (link) =>
            link.flow.encrypted?.value !== true && query.carriesSensitiveDataIntoStore(link),
        )
        .map((link) => link.flow);
      if (flows.length === 0) continue;

      findings.push({
        components: [...new Set([...flows.map((flow) => flow.from), store.id])],
        flows: flows.map((flow) => flow.id),
        why: explain(query, store, flows),
        evidence: [
          evidenceOf(store.id, 'data', store.data),
          evidenceOf(store.id, 'encryptionAtRest', store.encryptionAtRest),
          ...flows.map((flow) => evidenceOf(flow.id, 'encrypted', flow.encrypted)),
        ],
        controlState: flows.some((flow) => flow.encrypted?.value === false)
          ? 'absent'
          : 'undeclared',
        groupKey: store.id,
      });
    }
    return findings;
  },
});

function explain(query: ModelQuery, store: Component, flows: Flow[]): string {
  const data = new Set([
    ...query.sensitiveDataHeldBy(store),
    ...flows.flatMap((flow) => flow.data.value.filter((id) => query.isSensitive(id))),
  ]);
  const dataSource = store.data.reason ? ` (${store.data.reason})` : '';
  const writerNames = [...new Set(flows.map((flow) => query.nameOf(flow.from)))];
  const writers = listNames(writerNames);
  const transport = flows.every((flow) => flow.encrypted?.value === false)
    ? 'over a plain-text connection'
    : 'with no transport encryption declared';
  const atRest =
    store.encryptionAtRest?.value === true
      ? 'Encryption at rest is in place.'
      : store.encryptionAtRest?.value === false
        ? `Its data is not encrypted at rest either.`
        : 'Its encryption at rest is not declared either.';
  return (
    `${store.name} holds ${listNames([...data].sort())}${dataSource}. ${writers} ` +
    `${verb(writerNames, 'writes', 'write')} to it ${transport}. ${atRest}`
  );
}
