import { asClause, evidenceOf, type Link, type ModelQuery } from '../engine/query.js';
import { edgesOf } from '../engine/findings.js';
import { defineRule } from './rule.js';

export default defineRule({
  meta: {
    id: 'STR-0015',
    slug: 'unencrypted-external-flow',
    title: 'Traffic to or from the internet unencrypted or undeclared',
    stride: ['I', 'T'],
    references: {
      cwe: ['CWE-319'],
      asvs: ['V12.2.1', 'V12.3.1'],
      asvs4: ['V9.1.1', 'V9.2.2'],
    },
    likelihood: 'high',
    impact: 'high',
    description:
      'Flows between the system and users, devices or third parties on the internet that are ' +
      'plain text, or whose encryption the model does not state. Anyone on the path (public ' +
      'Wi-Fi, an ISP, a compromised router) can read and change them.',
    recommendation:
      'Use TLS 1.2 or later for every connection that leaves the system, with no plain-text ' +
      'fallback (HSTS for browsers), and record the protocol of each flow.',
    examples: {
      fires: {
        description: 'Devices send readings over plain MQTT.',
        model: [
          'components:',
          '  - { id: sensor, name: Sensor, kind: iot-device }',
          '  - { id: ingest, name: Ingest, kind: service }',
          'flows:',
          '  - { from: sensor, to: ingest, protocol: mqtt }',
        ].join('\n'),
      },
      quiet: {
        description: 'Devices use MQTT over TLS.',
        model: [
          'components:',
          '  - { id: sensor, name: Sensor, kind: iot-device }',
          '  - { id: ingest, name: Ingest, kind: service }',
          'flows:',
          '  - { from: sensor, to: ingest, protocol: mqtts }',
        ].join('\n'),
      },
    },
  },

  check(query) {
    const flows = query.links
      .filter((link) => link.flow.encrypted?.value !== true && crossesInternet(query, link))
      .map((link) => link.flow);
    if (flows.length === 0) return [];
    const plain = flows.filter((f) => f.encrypted?.value === false);
    const undeclared = flows.filter((f) => f.encrypted === undefined);
    const reasons = [
      ...new Set(plain.flatMap((f) => (f.encrypted?.reason ? [asClause(f.encrypted.reason)] : []))),
    ];
    const crosses = flows.length === 1 ? 'crosses' : 'cross';
    const sentences = [`${edgesOf(query, flows)} ${crosses} the internet.`];
    if (plain.length > 0) {
      sentences.push(
        `${edgesOf(query, plain)} ${plain.length === 1 ? 'is' : 'are'} plain text` +
          (reasons.length > 0 ? ` (${reasons.join('; ')}).` : '.'),
      );
    }
    if (undeclared.length > 0) {
      sentences.push(`No encryption is declared for ${edgesOf(query, undeclared)}.`);
    }
    return [
      {
        components: [...new Set(flows.flatMap((f) => [f.from, f.to]))],
        flows: flows.map((f) => f.id),
        why: sentences.join(' '),
        evidence: flows.flatMap((f) => [
          evidenceOf(f.id, 'protocol', f.protocol),
          evidenceOf(f.id, 'encrypted', f.encrypted),
        ]),
        controlState: plain.length > 0 ? 'absent' : 'undeclared',
      },
    ];
  },
});

/** One end outside the system, the other inside it. */
function crossesInternet(query: ModelQuery, { source: from, target: to }: Link): boolean {
  return query.isOutside(from) !== query.isOutside(to);
}
