import { controlGap, namesOf, namesWith } from '../engine/findings.js';
import { defineRule } from './rule.js';

export default defineRule({
  meta: {
    id: 'STR-0042',
    slug: 'queue-flooding',
    title: 'Brokers and queues that outsiders can flood',
    stride: ['D'],
    references: { cwe: ['CWE-770'], asvs: ['V2.4.1'], asvs4: ['V11.1.4'] },
    likelihood: 'medium',
    impact: 'medium',
    description:
      'Devices, partners or edge components publish into a broker or queue, and no rate ' +
      'limit or quota is declared on it. A flood of messages fills storage, delays real ' +
      'work and drives consumer costs up.',
    recommendation:
      'Set per-producer quotas and message size limits on the broker, bound queue length ' +
      'with a dead-letter policy, and scale consumers within a budget.',
    examples: {
      fires: {
        description: 'Devices publish into a Kafka topic with no quota.',
        model: [
          'components:',
          '  - { id: device, name: Tracker, kind: iot-device }',
          '  - { id: kafka, name: Events, technology: kafka }',
          'flows:',
          '  - { from: device, to: kafka, protocol: kafka }',
        ].join('\n'),
      },
      quiet: {
        description: 'The broker declares rate limiting.',
        model: [
          'components:',
          '  - { id: device, name: Tracker, kind: iot-device }',
          '  - { id: kafka, name: Events, technology: kafka, controls: { rate-limiting: true } }',
          'flows:',
          '  - { from: device, to: kafka, protocol: kafka }',
        ].join('\n'),
      },
    },
    requiresKinds: ['message-broker', 'queue'],
  },

  check(query) {
    const flooded = query.components.filter(
      (c) =>
        (c.kind.value === 'message-broker' || c.kind.value === 'queue') &&
        query.isOperated(c) &&
        query.untrustedProducers(c).length > 0 &&
        !query.hasControl(c, 'rate-limiting'),
    );
    const producers = [...new Set(flooded.flatMap((b) => query.untrustedProducers(b)))];
    return controlGap({
      components: flooded,
      controls: ['rate-limiting'],
      why:
        `${namesWith(
          query,
          producers.map((c) => c.id),
          'publishes',
          'publish',
        )} from outside or the edge into ` +
        `${namesOf(
          query,
          flooded.map((c) => c.id),
        )}, and no quota or rate limit is declared.`,
    });
  },
});
