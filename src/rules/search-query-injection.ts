import { controlGap, edgesOf } from '../engine/findings.js';
import type { ComponentKind } from '../model/types.js';
import { defineRule } from './rule.js';

const SEARCH_KINDS: ReadonlySet<ComponentKind> = new Set<ComponentKind>(['search-engine']);

export default defineRule({
  meta: {
    id: 'STR-0022',
    slug: 'search-query-injection',
    title: 'Injection into search engine queries',
    stride: ['T', 'I'],
    references: { cwe: ['CWE-943'], asvs: ['V1.2.4'], asvs4: ['V5.3.4'] },
    likelihood: 'medium',
    impact: 'medium',
    description:
      'Services that handle outside input query a search engine, and neither parameterized ' +
      'queries nor input validation are declared. Query-string syntax or scripted queries ' +
      "built from input can reach other tenants' documents or run expensive searches.",
    recommendation:
      "Build search queries with the client library's structured query objects, never from " +
      'query-string syntax fed by users; filter by tenant on the server; disable scripting.',
    examples: {
      fires: {
        description: 'A storefront searches OpenSearch with user terms.',
        model: [
          'components:',
          '  - { id: user, name: Shopper, kind: user }',
          '  - { id: shop, name: Storefront, kind: web-app }',
          '  - { id: search, name: Product search, technology: opensearch }',
          'flows:',
          '  - { from: user, to: shop, protocol: https }',
          '  - { from: shop, to: search, protocol: https }',
        ].join('\n'),
      },
      quiet: {
        description: 'The storefront declares parameterized search queries.',
        model: [
          'components:',
          '  - { id: user, name: Shopper, kind: user }',
          '  - id: shop',
          '    name: Storefront',
          '    kind: web-app',
          '    controls: { query-parameterization: true }',
          '  - { id: search, name: Product search, technology: opensearch }',
          'flows:',
          '  - { from: user, to: shop, protocol: https }',
          '  - { from: shop, to: search, protocol: https }',
        ].join('\n'),
      },
    },
  },

  check(query) {
    const flows = query.untrustedQueryFlows(SEARCH_KINDS, [
      'query-parameterization',
      'input-validation',
    ]);
    return controlGap({
      components: [...new Set(flows.map((f) => query.source(f)!))],
      flows,
      controls: ['query-parameterization', 'input-validation'],
      why:
        `Input from outside reaches search queries (${edgesOf(query, flows)}), and neither ` +
        'parameterized queries nor input validation are declared.',
    });
  },
});
