import { controlGap, edgesOf } from '../engine/findings.js';
import { TRUST_DEPTH, type Link, type ModelQuery } from '../engine/query.js';
import { defineRule } from './rule.js';

export default defineRule({
  meta: {
    id: 'STR-0041',
    slug: 'dos-across-trust-boundary',
    title: 'Less trusted callers can exhaust services shared with trusted ones',
    stride: ['D'],
    references: { cwe: ['CWE-770'], asvs: ['V2.4.1'], asvs4: ['V11.1.4'] },
    likelihood: 'medium',
    impact: 'medium',
    description:
      'A service inside a trusted zone serves callers from a less trusted zone and callers ' +
      'from its own side. With no rate limit on the boundary flows, load from the less ' +
      'trusted side (or an attacker there) starves the trusted callers.',
    recommendation:
      'Limit rate and concurrency per caller on flows that cross into a more trusted zone, ' +
      'or give less trusted callers their own instances or a queue in between.',
    examples: {
      fires: {
        description: 'The edge proxy and an internal job share the pricing service.',
        model: [
          'zones:',
          '  - { id: dmz, name: DMZ, trust: dmz }',
          '  - { id: core, name: Core, trust: internal }',
          'components:',
          '  - { id: proxy, name: Proxy, kind: reverse-proxy, zone: dmz }',
          '  - { id: job, name: Nightly job, kind: service, zone: core }',
          '  - { id: pricing, name: Pricing, kind: service, zone: core }',
          'flows:',
          '  - { from: proxy, to: pricing, protocol: https }',
          '  - { from: job, to: pricing, protocol: https }',
        ].join('\n'),
      },
      quiet: {
        description: 'The boundary flow is rate-limited.',
        model: [
          'zones:',
          '  - { id: dmz, name: DMZ, trust: dmz }',
          '  - { id: core, name: Core, trust: internal }',
          'components:',
          '  - { id: proxy, name: Proxy, kind: reverse-proxy, zone: dmz }',
          '  - { id: job, name: Nightly job, kind: service, zone: core }',
          '  - { id: pricing, name: Pricing, kind: service, zone: core }',
          'flows:',
          '  - { from: proxy, to: pricing, protocol: https, controls: { rate-limiting: true } }',
          '  - { from: job, to: pricing, protocol: https }',
        ].join('\n'),
      },
    },
  },

  check(query) {
    const flows = query.links
      .filter((link) => floodsSharedService(query, link))
      .map((link) => link.flow);
    return controlGap({
      components: [...new Set(flows.map((f) => query.target(f)!))],
      flows,
      controls: ['rate-limiting'],
      why:
        `Less trusted callers reach shared services with no limit (${edgesOf(query, flows)}), ` +
        'while more trusted callers depend on the same services.',
    });
  },
});

function floodsSharedService(query: ModelQuery, { flow, source: from, target: to }: Link): boolean {
  if (to.type.value !== 'process') return false;
  const fromTrust = query.trustOf(from);
  const toTrust = query.trustOf(to);
  if (!fromTrust || !toTrust) return false;
  if (TRUST_DEPTH[fromTrust] >= TRUST_DEPTH[toTrust]) return false;
  if (query.hasControlOnAny([flow, from, to], 'rate-limiting')) return false;
  return query.callers(to.id).some((caller) => {
    const trust = query.trustOf(caller);
    return trust !== undefined && TRUST_DEPTH[trust] >= TRUST_DEPTH[toTrust];
  });
}
