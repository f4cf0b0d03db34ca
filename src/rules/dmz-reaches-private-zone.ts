import { evidenceOf, listNames, TRUST_DEPTH, type Link, type ModelQuery } from '../engine/query.js';
import type { Flow } from '../model/types.js';
import { defineRule, SEGMENTATION_REFERENCES } from './rule.js';

export default defineRule({
  meta: {
    id: 'STR-0005',
    slug: 'dmz-reaches-private-zone',
    title: 'Edge components reach private services directly',
    stride: ['E', 'I'],
    references: SEGMENTATION_REFERENCES,
    likelihood: 'medium',
    impact: 'medium',
    description:
      'Components in the DMZ face the internet and are the first to be compromised. When they ' +
      'open connections straight into private zones, one compromised edge host reaches the ' +
      'services and data behind it.',
    recommendation:
      'Allow only the connections the edge needs, to the ports it needs (firewall rules or ' +
      'network policies), and route edge traffic through a single hardened service tier. ' +
      'Declare `network-policy: true` on the flow or the edge component once restricted.',
    examples: {
      fires: {
        description: 'A gateway in the DMZ calls a cache in the private zone.',
        model: [
          'zones:',
          '  - { id: dmz, name: DMZ, trust: dmz }',
          '  - { id: private, name: Private, trust: internal }',
          'components:',
          '  - { id: gw, name: Gateway, kind: api-gateway, zone: dmz }',
          '  - { id: cache, name: Cache, technology: redis, zone: private }',
          'flows:',
          '  - { from: gw, to: cache, protocol: redis }',
        ].join('\n'),
      },
      quiet: {
        description: 'The gateway stays within the DMZ tier.',
        model: [
          'zones:',
          '  - { id: dmz, name: DMZ, trust: dmz }',
          'components:',
          '  - { id: waf, name: WAF, kind: waf, zone: dmz }',
          '  - { id: gw, name: Gateway, kind: api-gateway, zone: dmz }',
          'flows:',
          '  - { from: waf, to: gw, protocol: https }',
        ].join('\n'),
      },
    },
  },

  check(query) {
    const flows = query.links.filter((link) => reachesDeeper(query, link)).map((link) => link.flow);
    if (flows.length === 0) return [];
    const components = new Set(flows.flatMap((flow) => [flow.from, flow.to]));
    const zoneFacts = [...components].map((id) => {
      const component = query.component(id);
      return evidenceOf(id, 'zone', component?.zone);
    });
    return [
      {
        components: [...components],
        flows: flows.map((flow) => flow.id),
        why: explain(query, flows),
        evidence: zoneFacts,
        controlState: 'undeclared',
      },
    ];
  },
});

function reachesDeeper(query: ModelQuery, { flow, source: from, target: to }: Link): boolean {
  if (query.trustOf(from) !== 'dmz') return false;
  const toTrust = query.trustOf(to);
  if (toTrust === undefined || TRUST_DEPTH[toTrust] <= TRUST_DEPTH.dmz) return false;
  if (query.hasControlOnAny([flow, from, to], 'network-policy')) return false;
  // Two provider-run services talk over the provider's control plane, not the system's network.
  return !(query.isManaged(from) && query.isManaged(to));
}

function explain(query: ModelQuery, flows: Flow[]): string {
  const edges = flows.map((f) => `${query.nameOf(f.from)} → ${query.nameOf(f.to)}`);
  return (
    `Components in the DMZ open connections directly into private zones: ${listNames(edges)}. ` +
    'If an edge component is compromised, these services are reachable from it.'
  );
}
