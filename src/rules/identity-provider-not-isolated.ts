import { namesWith, verb } from '../engine/findings.js';
import { evidenceOf, TRUST_DEPTH, type ModelQuery } from '../engine/query.js';
import type { Component } from '../model/types.js';
import { defineRule } from './rule.js';

export default defineRule({
  meta: {
    id: 'STR-0010',
    slug: 'identity-provider-not-isolated',
    title: 'Identity provider or credential store sits at the edge',
    stride: ['S', 'E', 'I'],
    references: {
      cwe: ['CWE-653'],
      asvs: [],
      asvs4: ['V1.14.1'],
      asvsNote:
        'ASVS 5.0 has no requirement on where an identity provider is placed in the network ' +
        '(4.0.3 V1.14.1 was removed as out of scope), so none is cited.',
    },
    likelihood: 'medium',
    impact: 'critical',
    description:
      'A self-hosted identity provider, or a store holding credentials, runs in the DMZ or ' +
      'takes connections straight from the internet. Whoever compromises it can mint ' +
      'identities or harvest credentials for every system that trusts it.',
    recommendation:
      'Run identity providers and credential stores in a restricted zone of their own; expose ' +
      'only the login endpoints, through a reverse proxy or gateway, and keep admin consoles ' +
      'internal.',
    examples: {
      fires: {
        description: 'Keycloak runs in the DMZ next to the web tier.',
        model: [
          'zones:',
          '  - { id: dmz, name: DMZ, trust: dmz }',
          'components:',
          '  - { id: web, name: Web, kind: web-app, zone: dmz }',
          '  - { id: idp, name: Login, technology: keycloak, zone: dmz }',
          'flows:',
          '  - { from: web, to: idp, protocol: https }',
        ].join('\n'),
      },
      quiet: {
        description: 'The identity provider runs in a restricted zone.',
        model: [
          'zones:',
          '  - { id: dmz, name: DMZ, trust: dmz }',
          '  - { id: idz, name: Identity, trust: restricted }',
          'components:',
          '  - { id: web, name: Web, kind: web-app, zone: dmz }',
          '  - { id: idp, name: Login, technology: keycloak, zone: idz }',
          'flows:',
          '  - { from: web, to: idp, protocol: https }',
        ].join('\n'),
      },
    },
  },

  check(query) {
    const exposed = query.components.filter((c) => isIdentityAsset(query, c) && isAtEdge(query, c));
    if (exposed.length === 0) return [];
    return [
      {
        components: exposed.map((c) => c.id),
        flows: [],
        why:
          `${namesWith(
            query,
            exposed.map((c) => c.id),
            'holds',
            'hold',
          )} ` +
          `identities or credentials, yet ${verb(exposed, 'sits', 'sit')} in the DMZ or ` +
          `${verb(exposed, 'takes', 'take')} connections from outside.`,
        evidence: exposed.flatMap((c) => [
          evidenceOf(c.id, 'kind', c.kind),
          evidenceOf(c.id, 'zone', c.zone),
          evidenceOf(c.id, 'internetExposed', c.internetExposed),
        ]),
        controlState: 'undeclared',
      },
    ];
  },
});

function isIdentityAsset(query: ModelQuery, component: Component): boolean {
  // Identity services the cloud provider runs are meant to face users; isolation is theirs.
  if (!query.isOperated(component) || query.isManaged(component)) return false;
  if (component.kind.value === 'identity-provider') return true;
  return component.type.value === 'datastore' && component.data.value.includes('credentials');
}

function isAtEdge(query: ModelQuery, component: Component): boolean {
  const trust = query.trustOf(component);
  if (trust !== undefined && TRUST_DEPTH[trust] <= TRUST_DEPTH.dmz) return true;
  return component.type.value === 'datastore' && query.isEntryPoint(component);
}
