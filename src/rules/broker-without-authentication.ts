import { verb } from '../engine/findings.js';
import { asClause, evidenceOf, listNames, type ModelQuery } from '../engine/query.js';
import type { Component } from '../model/types.js';
import { defineRule } from './rule.js';

export default defineRule({
  meta: {
    id: 'STR-0049',
    slug: 'broker-without-authentication',
    title: 'Message brokers and queues accept unauthenticated clients',
    stride: ['S', 'T', 'I'],
    references: { cwe: ['CWE-306'], asvs: ['V13.2.1'], asvs4: ['V1.2.2', 'V2.10.1'] },
    likelihood: 'high',
    impact: 'high',
    description:
      'A broker or queue inside the system does not require its clients to authenticate, or ' +
      'nothing says it does. Anyone who reaches it can publish as any producer, read every ' +
      'topic, or delete and replay messages.',
    recommendation:
      'Require client authentication on the broker (SASL, mutual TLS, IAM) with per-service ' +
      'identities and topic-level ACLs allowing each client only its own topics.',
    examples: {
      fires: {
        description: 'Services share a Kafka cluster with its default, open listener.',
        model: [
          'components:',
          '  - { id: orders, name: Orders, kind: service }',
          '  - { id: kafka, name: Event bus, technology: kafka }',
          'flows:',
          '  - { from: orders, to: kafka, protocol: kafka }',
        ].join('\n'),
      },
      quiet: {
        description: 'The cluster requires authentication.',
        model: [
          'components:',
          '  - { id: orders, name: Orders, kind: service }',
          '  - { id: kafka, name: Event bus, technology: kafka, authentication: true }',
          'flows:',
          '  - { from: orders, to: kafka, protocol: kafka }',
        ].join('\n'),
      },
    },
    requiresKinds: ['message-broker', 'queue'],
  },

  check(query) {
    const open = query.components.filter(
      (c) =>
        (c.kind.value === 'message-broker' || c.kind.value === 'queue') &&
        query.isOperated(c) &&
        c.authentication?.value !== true &&
        !clientsAllAuthenticate(query, c),
    );
    if (open.length === 0) return [];
    const known = open.filter((c) => c.authentication?.value === false);
    const reasons = known.flatMap((c) =>
      c.authentication?.reason ? [asClause(c.authentication.reason)] : [],
    );
    const because =
      reasons.length > 0
        ? ` (${reasons.join('; ')})`
        : known.length > 0
          ? ''
          : ' as far as the model says';
    return [
      {
        components: open.map((c) => c.id),
        flows: [],
        why:
          `${listNames(open.map((c) => c.name))} ${verb(open, 'accepts', 'accept')} clients without authentication` +
          because +
          `. Anyone who reaches ${verb(open, 'it', 'them')} can publish, read or delete messages.`,
        evidence: open.map((c) => evidenceOf(c.id, 'authentication', c.authentication)),
        controlState: known.length > 0 ? 'absent' : 'undeclared',
      },
    ];
  },
});

/** Every client connecting to it declares a mechanism: the broker evidently checks them. */
function clientsAllAuthenticate(query: ModelQuery, broker: Component): boolean {
  const inbound = query.flowsTo(broker.id);
  return (
    inbound.length > 0 &&
    inbound.every((f) => f.authentication !== undefined && f.authentication.value !== 'none')
  );
}
