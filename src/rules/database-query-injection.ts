import { controlGap, edgesOf } from '../engine/findings.js';
import type { ComponentKind } from '../model/types.js';
import { defineRule } from './rule.js';

const QUERIED_KINDS: ReadonlySet<ComponentKind> = new Set<ComponentKind>(['database']);

export default defineRule({
  meta: {
    id: 'STR-0020',
    slug: 'database-query-injection',
    title: 'SQL or NoSQL injection where user input reaches database queries',
    stride: ['T', 'I', 'E'],
    references: {
      cwe: ['CWE-89', 'CWE-943'],
      asvs: ['V1.2.4'],
      asvs4: ['V5.3.4', 'V5.3.5'],
    },
    likelihood: 'medium',
    impact: 'critical',
    description:
      'Services that handle requests from outside query a database, and the model does not ' +
      'declare parameterized queries. Input concatenated into SQL, or JSON operators passed ' +
      'through into NoSQL filters, lets a caller read, change or delete any record.',
    recommendation:
      'Use parameterized queries or an ORM for every query, never string building; reject ' +
      'operator objects in NoSQL filters. Declare `query-parameterization: true`.',
    examples: {
      fires: {
        description: 'A public API queries PostgreSQL.',
        model: [
          'components:',
          '  - { id: user, name: User, kind: user }',
          '  - { id: api, name: Catalog API, kind: service }',
          '  - { id: db, name: Catalog DB, technology: postgresql }',
          'flows:',
          '  - { from: user, to: api, protocol: https }',
          '  - { from: api, to: db, protocol: postgresql }',
        ].join('\n'),
      },
      quiet: {
        description: 'The API declares parameterized queries.',
        model: [
          'components:',
          '  - { id: user, name: User, kind: user }',
          '  - id: api',
          '    name: Catalog API',
          '    kind: service',
          '    controls: { query-parameterization: true }',
          '  - { id: db, name: Catalog DB, technology: postgresql }',
          'flows:',
          '  - { from: user, to: api, protocol: https }',
          '  - { from: api, to: db, protocol: postgresql }',
        ].join('\n'),
      },
    },
  },

  check(query) {
    const flows = query.untrustedQueryFlows(QUERIED_KINDS, ['query-parameterization']);
    return controlGap({
      components: [...new Set(flows.map((f) => query.source(f)!))],
      flows,
      controls: ['query-parameterization'],
      why:
        `Input from outside reaches services that query databases (${edgesOf(query, flows)}), ` +
        'and parameterized queries are not declared.',
    });
  },
});
