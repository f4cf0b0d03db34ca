import { namesWith } from '../engine/findings.js';
import { evidenceOf, type ModelQuery } from '../engine/query.js';
import type { Component } from '../model/types.js';
import { defineRule } from './rule.js';

export default defineRule({
  meta: {
    id: 'STR-0036',
    slug: 'log-tampering',
    title: 'Security logs can be altered or deleted without trace',
    stride: ['R', 'T'],
    references: {
      cwe: ['CWE-353', 'CWE-732'],
      asvs: ['V16.4.2', 'V16.4.3'],
      asvs4: ['V7.3.3', 'V1.7.2'],
    },
    likelihood: 'medium',
    impact: 'medium',
    description:
      'A log service receives the events of components that serve outside requests, or of ' +
      'identity providers, and no integrity protection is declared for it. Whoever ' +
      'gains write access, an intruder covering tracks or an insider, can rewrite or delete ' +
      'the record, and nobody can tell. Open access to the service itself is STR-0001.',
    recommendation:
      'Give applications append-only access, keep a copy in a separate account or on ' +
      'write-once storage (object lock), and chain or sign log batches; declare ' +
      '`log-integrity: true`.',
    examples: {
      fires: {
        description: 'A public API sends its security events to Loki.',
        model: [
          'components:',
          '  - { id: user, name: User, kind: user }',
          '  - { id: api, name: API, kind: service }',
          '  - { id: logs, name: Logs, technology: loki, authentication: true }',
          'flows:',
          '  - { from: user, to: api, protocol: https }',
          '  - { from: api, to: logs, protocol: https }',
        ].join('\n'),
      },
      quiet: {
        description: 'The log store is declared tamper-evident.',
        model: [
          'components:',
          '  - { id: user, name: User, kind: user }',
          '  - { id: api, name: API, kind: service }',
          '  - id: logs',
          '    name: Logs',
          '    technology: loki',
          '    authentication: true',
          '    controls: { log-integrity: true }',
          'flows:',
          '  - { from: user, to: api, protocol: https }',
          '  - { from: api, to: logs, protocol: https }',
        ].join('\n'),
      },
    },
    requiresKinds: ['log-service'],
  },

  check(query) {
    const records = query.components.filter(
      (c) => c.kind.value === 'log-service' && query.isOperated(c) && keepsSecurityRecord(query, c),
    );
    if (records.length === 0) return [];
    const known = records.filter((c) => c.controls['log-integrity']?.value === false);
    return [
      {
        components: records.map((c) => c.id),
        flows: [],
        why:
          `${namesWith(
            query,
            records.map((c) => c.id),
            'keeps',
            'keep',
          )} the events of components that ` +
          'serve outside requests, and ' +
          (known.length > 0
            ? 'integrity protection is known to be off.'
            : 'no integrity protection is declared.'),
        evidence: records.map((c) =>
          evidenceOf(c.id, 'controls.log-integrity', c.controls['log-integrity']),
        ),
        controlState: known.length > 0 ? 'absent' : 'undeclared',
      },
    ];
  },
});

function keepsSecurityRecord(query: ModelQuery, logs: Component): boolean {
  if (query.hasControl(logs, 'log-integrity')) return false;
  return query
    .callers(logs.id)
    .some(
      (source) => query.isReachableFromOutside(source) || source.kind.value === 'identity-provider',
    );
}
