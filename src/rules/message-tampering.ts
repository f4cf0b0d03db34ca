import { controlGap, namesOf, namesWith } from '../engine/findings.js';
import { TRUST_DEPTH, type ModelQuery } from '../engine/query.js';
import type { Component } from '../model/types.js';
import { defineRule } from './rule.js';

export default defineRule({
  meta: {
    id: 'STR-0050',
    slug: 'message-tampering',
    title: 'Consumers trust messages whose producer they cannot verify',
    stride: ['T', 'S'],
    references: { cwe: ['CWE-924', 'CWE-940'], asvs: ['V4.1.5'], asvs4: ['V13.2.6'] },
    likelihood: 'medium',
    impact: 'high',
    description:
      'Consumers act on messages from a broker that either accepts unauthenticated clients ' +
      'or is fed by producers less trusted than the consumers, and no message signing is ' +
      'declared. A forged or altered message (a fake payment event, a poisoned command) is ' +
      'processed as if a legitimate producer sent it.',
    recommendation:
      'Sign messages at the producer (or use an authenticated, ACL-restricted broker where ' +
      'each topic has one writer) and verify the signature and schema in every consumer. ' +
      'Declare `message-signing: true`.',
    examples: {
      fires: {
        description: 'Edge services publish to a broker that core services consume.',
        model: [
          'zones:',
          '  - { id: dmz, name: DMZ, trust: dmz }',
          '  - { id: core, name: Core, trust: internal }',
          'components:',
          '  - { id: edge, name: Edge API, kind: service, zone: dmz }',
          '  - { id: mq, name: Broker, technology: rabbitmq, zone: core, authentication: true }',
          '  - { id: ledger, name: Ledger, kind: service, zone: core }',
          'flows:',
          '  - { from: edge, to: mq, protocol: amqps }',
          '  - { from: mq, to: ledger, protocol: amqps }',
        ].join('\n'),
      },
      quiet: {
        description: 'Messages are signed.',
        model: [
          'zones:',
          '  - { id: dmz, name: DMZ, trust: dmz }',
          '  - { id: core, name: Core, trust: internal }',
          'components:',
          '  - { id: edge, name: Edge API, kind: service, zone: dmz }',
          '  - id: mq',
          '    name: Broker',
          '    technology: rabbitmq',
          '    zone: core',
          '    authentication: true',
          '    controls: { message-signing: true }',
          '  - { id: ledger, name: Ledger, kind: service, zone: core }',
          'flows:',
          '  - { from: edge, to: mq, protocol: amqps }',
          '  - { from: mq, to: ledger, protocol: amqps }',
        ].join('\n'),
      },
    },
    requiresKinds: ['message-broker', 'queue'],
  },

  check(query) {
    const brokers = query.components.filter((c) => isForgeable(query, c));
    const consumers = [...new Set(brokers.flatMap((b) => query.consumersOf(b)))];
    return controlGap({
      components: [...brokers, ...consumers],
      controls: ['message-signing'],
      why:
        `${namesWith(
          query,
          consumers.map((c) => c.id),
          'acts',
          'act',
        )} on messages from ` +
        `${namesOf(
          query,
          brokers.map((c) => c.id),
        )}, where producers are unauthenticated or ` +
        'less trusted than the consumers, and no message signing is declared.',
    });
  },
});

function isForgeable(query: ModelQuery, broker: Component): boolean {
  const kind = broker.kind.value;
  if ((kind !== 'message-broker' && kind !== 'queue') || !query.isOperated(broker)) return false;
  const producers = query.callers(broker.id);
  const consumers = query.consumersOf(broker);
  if (producers.length === 0 || consumers.length === 0) return false;
  const flows = query.flowsTo(broker.id);
  if (query.hasControlOnAny([broker, ...producers, ...flows], 'message-signing')) return false;
  if (broker.authentication?.value !== true) return true;
  const depth = (c: Component) => TRUST_DEPTH[query.trustOf(c) ?? 'internal'];
  const lowest = Math.min(...producers.map(depth));
  return consumers.some((consumer) => depth(consumer) > lowest);
}
