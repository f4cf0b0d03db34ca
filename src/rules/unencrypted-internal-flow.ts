import { asClause, evidenceOf, listDescribed, type ModelQuery } from '../engine/query.js';
import type { Flow } from '../model/types.js';
import { defineRule } from './rule.js';

export default defineRule({
  meta: {
    id: 'STR-0002',
    slug: 'unencrypted-internal-flow',
    title: 'Internal traffic unencrypted or of undeclared protocol',
    stride: ['I', 'T'],
    references: {
      cwe: ['CWE-319'],
      asvs: ['V12.3.1', 'V12.3.3'],
      asvs4: ['V9.2.2', 'V1.9.1'],
    },
    likelihood: 'high',
    impact: 'high',
    description:
      'Flows between components inside the system that are known to be plain text, or whose ' +
      'protocol the model does not state, can be read and altered by anyone on the path. ' +
      'Flows that carry sensitive data into a store are reported by STR-0003, and plain ' +
      'traffic behind a TLS-terminating edge by STR-0016, instead.',
    recommendation:
      'Encrypt all service-to-service traffic with TLS 1.2 or later (mutual TLS where the ' +
      'platform allows) and record the protocol of every flow in the model.',
    examples: {
      fires: {
        description: 'An API calling a service over plain HTTP inside the private zone.',
        model: [
          'zones:',
          '  - { id: private, name: Private, trust: internal }',
          'components:',
          '  - { id: api, name: API, kind: service, zone: private }',
          '  - { id: billing, name: Billing, kind: service, zone: private }',
          'flows:',
          '  - { from: api, to: billing, protocol: http }',
        ].join('\n'),
      },
      quiet: {
        description: 'The same call over mutual TLS.',
        model: [
          'zones:',
          '  - { id: private, name: Private, trust: internal }',
          'components:',
          '  - { id: api, name: API, kind: service, zone: private }',
          '  - { id: billing, name: Billing, kind: service, zone: private }',
          'flows:',
          '  - { from: api, to: billing, protocol: https, authentication: mtls }',
        ].join('\n'),
      },
    },
  },

  check(query) {
    const flows = query.links
      .filter(
        (link) =>
          link.flow.encrypted?.value !== true &&
          query.isInternalFlow(link) &&
          query.crossesNetwork(link) &&
          !query.carriesSensitiveDataIntoStore(link) &&
          !query.endsTlsAtEdge(link),
      )
      .map((link) => link.flow);
    if (flows.length === 0) return [];

    const plain = flows.filter((flow) => flow.encrypted?.value === false);
    const undeclared = flows.filter((flow) => flow.encrypted === undefined);
    const components = new Set(flows.flatMap((flow) => [flow.from, flow.to]));
    return [
      {
        components: [...components],
        flows: flows.map((flow) => flow.id),
        why: explain(query, plain, undeclared),
        evidence: flows.flatMap((flow) => [
          evidenceOf(flow.id, 'protocol', flow.protocol),
          evidenceOf(flow.id, 'encrypted', flow.encrypted),
        ]),
        controlState: plain.length > 0 ? 'absent' : 'undeclared',
      },
    ];
  },
});

/** Plain flows explained one by one, each with its reason; the evidence lists every one. */
const MAX_EXPLAINED_FLOWS = 12;

function describeFlow(query: ModelQuery, flow: Flow): string {
  const protocol = flow.protocol ? ` (${flow.protocol.value})` : '';
  return `${query.nameOf(flow.from)} → ${query.nameOf(flow.to)}${protocol}`;
}

function explain(query: ModelQuery, plain: Flow[], undeclared: Flow[]): string {
  const sentences: string[] = [];
  for (const flow of plain.slice(0, MAX_EXPLAINED_FLOWS)) {
    const reason = flow.encrypted?.reason;
    sentences.push(
      `${describeFlow(query, flow)} is plain text` + (reason ? ` (${asClause(reason)}).` : '.'),
    );
  }
  if (plain.length > MAX_EXPLAINED_FLOWS) {
    sentences.push(`${plain.length - MAX_EXPLAINED_FLOWS} more flows are plain text.`);
  }
  if (undeclared.length > 0) {
    sentences.push(
      `No encryption is declared for ${listDescribed(undeclared, (f) => describeFlow(query, f))}` +
        '; an unlabeled flow has an unknown protocol.',
    );
  }
  sentences.push('Anyone on the internal network path can read or alter this traffic.');
  return sentences.join(' ');
}
