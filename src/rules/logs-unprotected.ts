import { namesOf } from '../engine/findings.js';
import { evidenceOf } from '../engine/query.js';
import type { Component } from '../model/types.js';
import { defineRule } from './rule.js';

export default defineRule({
  meta: {
    id: 'STR-0036',
    slug: 'logs-unprotected',
    title: 'Logs that anyone on the network can read or alter',
    stride: ['R', 'T', 'I'],
    references: {
      cwe: ['CWE-732', 'CWE-353'],
      asvs: ['V16.4.2', 'V16.4.3'],
      asvs4: ['V7.3.3', 'V1.7.2'],
    },
    likelihood: 'medium',
    impact: 'medium',
    description:
      'A log service neither requires authentication nor declares access control, or is ' +
      'known to lack integrity protection. Whoever reaches it on the network can read what ' +
      'was logged and delete or rewrite the record of an attack.',
    recommendation:
      'Require authentication to write and read logs, give applications write-only access, ' +
      'and keep a tamper-evident or write-once copy (object lock, a separate account).',
    examples: {
      fires: {
        description: 'Applications ship logs to an unauthenticated Logstash.',
        model: [
          'components:',
          '  - { id: api, name: API, kind: service }',
          '  - { id: logs, name: Log pipeline, technology: logstash }',
          'flows:',
          '  - { from: api, to: logs, protocol: tcp }',
        ].join('\n'),
      },
      quiet: {
        description: 'The log pipeline requires authentication.',
        model: [
          'components:',
          '  - { id: api, name: API, kind: service }',
          '  - { id: logs, name: Log pipeline, technology: logstash, authentication: true }',
          'flows:',
          '  - { from: api, to: logs, protocol: tls }',
        ].join('\n'),
      },
    },
  },

  check(query) {
    const open = query.components.filter(
      (c) => c.kind.value === 'log-service' && !query.isOutside(c) && isUnprotected(c),
    );
    if (open.length === 0) return [];
    const tamperable = open.filter((c) => c.controls['log-integrity']?.value === false);
    return [
      {
        components: open.map((c) => c.id),
        flows: [],
        why:
          `${namesOf(query, open.map((c) => c.id))} keep logs with no authentication or access ` +
          'control declared' +
          (tamperable.length > 0 ? ', and integrity protection is known to be off.' : '.'),
        evidence: open.flatMap((c) => [
          evidenceOf(c.id, 'authentication', c.authentication),
          evidenceOf(c.id, 'controls.log-access-control', c.controls['log-access-control']),
          evidenceOf(c.id, 'controls.log-integrity', c.controls['log-integrity']),
        ]),
        controlState: open.some((c) => c.authentication?.value === false) ? 'absent' : 'undeclared',
      },
    ];
  },
});

function isUnprotected(component: Component): boolean {
  if (component.controls['log-integrity']?.value === false) return true;
  const guarded =
    component.authentication?.value === true ||
    component.controls['log-access-control']?.value === true;
  return !guarded;
}
