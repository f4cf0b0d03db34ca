import { controlGap, namesWith } from '../engine/findings.js';
import type { ModelQuery } from '../engine/query.js';
import type { Component, ComponentKind } from '../model/types.js';
import { defineRule } from './rule.js';

const MESSAGING_KINDS: ReadonlySet<ComponentKind> = new Set<ComponentKind>([
  'message-broker',
  'queue',
]);

export default defineRule({
  meta: {
    id: 'STR-0026',
    slug: 'unsafe-deserialization',
    title: 'Consumers deserialize messages that outsiders produce',
    stride: ['T', 'E'],
    references: { cwe: ['CWE-502'], asvs: ['V1.5.2'], asvs4: ['V5.5.3', 'V1.5.2'] },
    likelihood: 'medium',
    impact: 'critical',
    description:
      'Devices, partners or edge components publish to a broker or queue, and services ' +
      'inside consume and deserialize those messages with no safe deserialization declared. ' +
      'Polymorphic or native object formats let a crafted message run code in the consumer.',
    recommendation:
      'Use data-only formats (JSON, Protobuf, Avro) with schemas, never native object ' +
      'serialization for untrusted input; allowlist types where polymorphism is needed. ' +
      'Declare `safe-deserialization: true` on the consumers.',
    examples: {
      fires: {
        description: 'IoT devices publish to MQTT; a service consumes.',
        model: [
          'components:',
          '  - { id: device, name: Meter, kind: iot-device }',
          '  - { id: broker, name: Broker, kind: message-broker }',
          '  - { id: ingest, name: Ingest, kind: service }',
          'flows:',
          '  - { from: device, to: broker, protocol: mqtts }',
          '  - { from: broker, to: ingest, protocol: mqtts }',
        ].join('\n'),
      },
      quiet: {
        description: 'The consumer declares safe deserialization.',
        model: [
          'components:',
          '  - { id: device, name: Meter, kind: iot-device }',
          '  - { id: broker, name: Broker, kind: message-broker }',
          '  - id: ingest',
          '    name: Ingest',
          '    kind: service',
          '    controls: { safe-deserialization: true }',
          'flows:',
          '  - { from: device, to: broker, protocol: mqtts }',
          '  - { from: broker, to: ingest, protocol: mqtts }',
        ].join('\n'),
      },
    },
    requiresKinds: ['message-broker', 'queue'],
  },

  check(query) {
    const brokers = query.components.filter(
      (c) => MESSAGING_KINDS.has(c.kind.value) && query.untrustedProducers(c).length > 0,
    );
    const consumers = [...new Set(brokers.flatMap((b) => unsafeConsumers(query, b)))];
    const producers = [...new Set(brokers.flatMap((b) => query.untrustedProducers(b)))];
    return controlGap({
      components: consumers,
      controls: ['safe-deserialization'],
      why:
        `${namesWith(
          query,
          consumers.map((c) => c.id),
          'consumes',
          'consume',
        )} messages that ` +
        `${namesWith(
          query,
          producers.map((c) => c.id),
          'publishes',
          'publish',
        )} from outside or the edge, ` +
        'and safe deserialization is not declared.',
    });
  },
});

function unsafeConsumers(query: ModelQuery, broker: Component): Component[] {
  return query
    .consumersOf(broker)
    .filter((consumer) => !query.hasControl(consumer, 'safe-deserialization'));
}
