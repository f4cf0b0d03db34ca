import { edgesOf } from '../engine/findings.js';
import { evidenceOf, type Link, type ModelQuery } from '../engine/query.js';
import { defineRule } from './rule.js';

export default defineRule({
  meta: {
    id: 'STR-0030',
    slug: 'datastore-reachable-from-internet',
    title: 'Data stores accessed directly from outside the system',
    stride: ['I', 'T', 'E'],
    references: {
      cwe: ['CWE-653'],
      asvs: [],
      asvs4: ['V1.14.1'],
      asvsNote:
        'ASVS 5.0 has no network segregation requirement (4.0.3 V1.14.1 was removed as out ' +
        'of scope), so none is cited.',
    },
    likelihood: 'high',
    impact: 'high',
    description:
      'Users, devices or third parties connect straight to a data store holding non-public ' +
      'data, with no service in between. Its own access rules are then the only control, and ' +
      'every query an outsider can form is allowed unless those rules forbid it.',
    recommendation:
      'Put a service in front of the store that authenticates, authorizes and validates each ' +
      'request; if clients must reach the store directly, use per-user scoped credentials ' +
      '(signed URLs, security rules) and review them as code.',
    examples: {
      fires: {
        description: 'A mobile app reads a database directly.',
        model: [
          'components:',
          '  - { id: app, name: Mobile app, kind: mobile-app }',
          '  - { id: db, name: Profiles DB, kind: database, data: [pii] }',
          'flows:',
          '  - { from: app, to: db, protocol: https }',
        ].join('\n'),
      },
      quiet: {
        description: 'The app goes through an API.',
        model: [
          'components:',
          '  - { id: app, name: Mobile app, kind: mobile-app }',
          '  - { id: api, name: API, kind: service }',
          '  - { id: db, name: Profiles DB, kind: database, data: [pii] }',
          'flows:',
          '  - { from: app, to: api, protocol: https }',
          '  - { from: api, to: db, protocol: https }',
        ].join('\n'),
      },
    },
  },

  check(query) {
    const flows = query.links
      .filter((link) => isDirectAccess(query, link))
      .map((link) => link.flow);
    if (flows.length === 0) return [];
    return [
      {
        components: [...new Set(flows.flatMap((f) => [f.from, f.to]))],
        flows: flows.map((f) => f.id),
        why:
          `Outsiders connect straight to data stores (${edgesOf(query, flows)}), with no ` +
          'service in between to authorize each request.',
        evidence: flows.map((f) => evidenceOf(f.to, 'data', query.target(f)!.data)),
        controlState: 'undeclared',
      },
    ];
  },
});

function isDirectAccess(query: ModelQuery, { source: from, target: store }: Link): boolean {
  if (!query.isOutside(from) || query.isOutside(store)) return false;
  if (store.type.value !== 'datastore' || query.isEmbedded(store)) return false;
  if (store.controls['public-access']?.value === true) return false;
  return store.data.value.some((id) => query.sensitivity(id) !== 'public');
}
