import { namesWith, verb } from '../engine/findings.js';
import { FILTERING_EDGE_KINDS, type ModelQuery } from '../engine/query.js';
import type { Component } from '../model/types.js';
import { defineRule } from './rule.js';

export default defineRule({
  meta: {
    id: 'STR-0029',
    slug: 'exposed-without-edge-protection',
    title: 'Sensitive services reachable from the internet with no WAF, gateway or proxy',
    stride: ['E', 'I', 'D'],
    references: {
      cwe: ['CWE-653'],
      asvs: [],
      asvs4: ['V1.14.1'],
      asvsNote:
        'ASVS 5.0 has no requirement on gateways or network segregation (4.0.3 V1.14.1 was ' +
        'removed as out of scope), so none is cited.',
    },
    likelihood: 'high',
    impact: 'medium',
    description:
      'Services that handle sensitive data are reached from the internet on a path that ' +
      'passes no WAF, API gateway or reverse proxy (a plain load balancer or CDN does not ' +
      'filter). Every flaw in them is one request away, with no central place to filter, ' +
      'authenticate or throttle.',
    recommendation:
      'Put internet traffic through a WAF or API gateway that authenticates, validates and ' +
      'rate-limits, and accept connections to the services only from it.',
    examples: {
      fires: {
        description: 'Users call a payments service directly.',
        model: [
          'components:',
          '  - { id: user, name: User, kind: user }',
          '  - { id: pay, name: Payments, kind: service, data: [payment] }',
          'flows:',
          '  - { from: user, to: pay, protocol: https }',
        ].join('\n'),
      },
      quiet: {
        description: 'Users reach payments through an API gateway.',
        model: [
          'components:',
          '  - { id: user, name: User, kind: user }',
          '  - { id: gw, name: Gateway, kind: api-gateway }',
          '  - { id: pay, name: Payments, kind: service, data: [payment] }',
          'flows:',
          '  - { from: user, to: gw, protocol: https }',
          '  - { from: gw, to: pay, protocol: https }',
        ].join('\n'),
      },
    },
  },

  check(query) {
    const unfiltered = query.unfilteredFromOutside();
    const exposed = query.components.filter(
      (c) =>
        unfiltered.has(c.id) &&
        c.type.value === 'process' &&
        !FILTERING_EDGE_KINDS.has(c.kind.value) &&
        !query.isEdge(c) &&
        holdsSecrets(query, c),
    );
    if (exposed.length === 0) return [];
    return [
      {
        components: exposed.map((c) => c.id),
        flows: [],
        why:
          `${namesWith(
            query,
            exposed.map((c) => c.id),
            'handles',
            'handle',
          )} sensitive data or credentials and ` +
          `${verb(exposed, 'is', 'are')} reached ` +
          'from the internet on a path with no WAF, API gateway or reverse proxy.',
        evidence: exposed.flatMap((c) => query.sensitiveDataEvidence(c)),
        controlState: 'undeclared',
      },
    ];
  },
});

/** Sensitive data, or an identity provider run by the system, which holds credentials by nature. */
function holdsSecrets(query: ModelQuery, component: Component): boolean {
  if (query.sensitiveDataHandledBy(component).length > 0) return true;
  return component.kind.value === 'identity-provider' && !query.isManaged(component);
}
