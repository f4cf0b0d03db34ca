import { edgesOf, namesWith, verb } from '../engine/findings.js';
import { evidenceOf } from '../engine/query.js';
import { defineRule } from './rule.js';

export default defineRule({
  meta: {
    id: 'STR-0016',
    slug: 'tls-terminated-at-edge',
    title: 'TLS ends at the edge and traffic continues in plain text',
    stride: ['I', 'T'],
    references: {
      cwe: ['CWE-319'],
      asvs: ['V12.3.1', 'V12.3.3'],
      asvs4: ['V9.2.2'],
    },
    likelihood: 'medium',
    impact: 'high',
    description:
      'A load balancer, proxy, gateway, WAF or CDN receives encrypted traffic and forwards it ' +
      'in plain text. Everything users send, session tokens included, crosses the internal ' +
      'network readable by anyone with a foothold there.',
    recommendation:
      'Re-encrypt from the edge to the services behind it (TLS to the origin, or mutual TLS ' +
      'in a service mesh), and keep certificate checks on for those connections.',
    examples: {
      fires: {
        description: 'A load balancer takes HTTPS and forwards plain HTTP.',
        model: [
          'components:',
          '  - { id: user, name: User, kind: user }',
          '  - { id: lb, name: Load balancer, kind: load-balancer }',
          '  - { id: app, name: App, kind: service }',
          'flows:',
          '  - { from: user, to: lb, protocol: https }',
          '  - { from: lb, to: app, protocol: http }',
        ].join('\n'),
      },
      quiet: {
        description: 'The load balancer re-encrypts to the app.',
        model: [
          'components:',
          '  - { id: user, name: User, kind: user }',
          '  - { id: lb, name: Load balancer, kind: load-balancer }',
          '  - { id: app, name: App, kind: service }',
          'flows:',
          '  - { from: user, to: lb, protocol: https }',
          '  - { from: lb, to: app, protocol: https }',
        ].join('\n'),
      },
    },
  },

  check(query) {
    const flows = query.links.filter((link) => query.endsTlsAtEdge(link)).map((link) => link.flow);
    if (flows.length === 0) return [];
    const edges = [...new Set(flows.map((f) => f.from))];
    return [
      {
        components: [...new Set([...edges, ...flows.map((f) => f.to)])],
        flows: flows.map((f) => f.id),
        why:
          `${namesWith(query, edges, 'receives', 'receive')} encrypted traffic and ` +
          `${verb(edges, 'forwards', 'forward')} it in plain text: ` +
          `${edgesOf(query, flows)}.`,
        evidence: flows.map((f) => evidenceOf(f.id, 'encrypted', f.encrypted)),
        controlState: 'absent',
      },
    ];
  },
});
