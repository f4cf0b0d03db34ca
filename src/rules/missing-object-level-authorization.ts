import { controlGap, namesOf, namesWith, verb } from '../engine/findings.js';
import { APPLICATION_KINDS, USER_DATA_CLASSES, type ModelQuery } from '../engine/query.js';
import type { Component } from '../model/types.js';
import { defineRule, type Evidence } from './rule.js';

export default defineRule({
  meta: {
    id: 'STR-0012',
    slug: 'missing-object-level-authorization',
    title: 'APIs over user data without declared object-level authorization',
    stride: ['E', 'I'],
    references: {
      cwe: ['CWE-639'],
      asvs: ['V8.2.2', 'V8.4.1'],
      asvs4: ['V4.2.1'],
    },
    likelihood: 'high',
    impact: 'high',
    description:
      'A service that the internet reaches reads or writes stores of personal, customer, ' +
      'payment, health or user-generated data. Unless each request is checked against the ' +
      'owner or tenant of the record it names, changing an ID in the request reads or edits ' +
      "another user's data (IDOR, broken object-level authorization).",
    recommendation:
      'Check on every request that the caller may act on the specific record (owner, tenant, ' +
      "role), in the service rather than the client, with tests that try other users' IDs. " +
      'Declare `object-level-authorization: true` once in place.',
    examples: {
      fires: {
        description: 'A customer-facing API over a customer database.',
        model: [
          'components:',
          '  - { id: user, name: Customer, kind: user }',
          '  - { id: api, name: Accounts API, kind: service }',
          '  - { id: db, name: Accounts DB, kind: database, data: [customer-data] }',
          'flows:',
          '  - { from: user, to: api, protocol: https }',
          '  - { from: api, to: db, protocol: postgresql }',
        ].join('\n'),
      },
      quiet: {
        description: 'The API declares per-object authorization.',
        model: [
          'components:',
          '  - { id: user, name: Customer, kind: user }',
          '  - id: api',
          '    name: Accounts API',
          '    kind: service',
          '    controls: { object-level-authorization: true }',
          '  - { id: db, name: Accounts DB, kind: database, data: [customer-data] }',
          'flows:',
          '  - { from: user, to: api, protocol: https }',
          '  - { from: api, to: db, protocol: postgresql }',
        ].join('\n'),
      },
    },
  },

  check(query) {
    const apis = query.components.filter(
      (c) =>
        APPLICATION_KINDS.has(c.kind.value) &&
        c.kind.value !== 'api-gateway' &&
        query.isRequestReachable(c) &&
        userDataStores(query, c).length > 0 &&
        !query.hasControl(c, 'object-level-authorization'),
    );
    const stores = [...new Set(apis.flatMap((api) => userDataStores(query, api)))];
    return controlGap({
      components: apis,
      controls: ['object-level-authorization'],
      why:
        `${namesWith(
          query,
          apis.map((c) => c.id),
          'takes',
          'take',
        )} requests that originate outside and ` +
        `${verb(apis, 'works', 'work')} on user data in ${namesOf(
          query,
          stores.map((s) => s.id),
        )}; no per-record ` +
        'authorization check is declared.',
      evidence: stores.map((s): Evidence => ({
        element: s.id,
        attribute: 'data',
        value: s.data.value.filter((id) => USER_DATA_CLASSES.has(id)),
        source: s.data.source,
        reason: s.data.reason,
      })),
    });
  },
});

function userDataStores(query: ModelQuery, component: Component): Component[] {
  return query
    .datastoresOf(component)
    .filter((store) => store.data.value.some((id) => USER_DATA_CLASSES.has(id)));
}
