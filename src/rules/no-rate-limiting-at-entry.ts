import { controlGap, namesWith, verb } from '../engine/findings.js';
import { MESSAGING_KINDS, PASS_THROUGH_KINDS, type ModelQuery } from '../engine/query.js';
import type { Component } from '../model/types.js';
import { defineRule } from './rule.js';

export default defineRule({
  meta: {
    id: 'STR-0039',
    slug: 'no-rate-limiting-at-entry',
    title: 'No rate limiting or anti-automation at internet entry points',
    stride: ['D'],
    references: {
      cwe: ['CWE-770', 'CWE-307'],
      asvs: ['V2.4.1', 'V6.3.1'],
      asvs4: ['V11.1.4', 'V2.2.1'],
    },
    likelihood: 'high',
    impact: 'medium',
    description:
      'Components that take requests from people, apps or devices on the internet declare no ' +
      'rate limiting, and no ' +
      'component between them and the internet does either. Floods, credential stuffing and ' +
      'scraping meet no limit before they reach application code.',
    recommendation:
      'Limit requests per client and per account at the edge (WAF or gateway) and for costly ' +
      'or sensitive operations in the service; add bot defences on logins and sign-ups.',
    examples: {
      fires: {
        description: 'Users call an API with no limits declared.',
        model: [
          'components:',
          '  - { id: user, name: User, kind: user }',
          '  - { id: api, name: API, kind: service }',
          'flows:',
          '  - { from: user, to: api, protocol: https }',
        ].join('\n'),
      },
      quiet: {
        description: 'A WAF in front rate-limits.',
        model: [
          'components:',
          '  - { id: user, name: User, kind: user }',
          '  - { id: waf, name: WAF, kind: waf, controls: { rate-limiting: true } }',
          '  - { id: api, name: API, kind: service }',
          'flows:',
          '  - { from: user, to: waf, protocol: https }',
          '  - { from: waf, to: api, protocol: https }',
        ].join('\n'),
      },
    },
  },

  check(query) {
    const entries = query
      .frontDoors()
      .filter((door) => takesRequests(door) && query.servesClients(door))
      .filter((door) => {
        const guards = [door, ...passThroughsBefore(query, door)];
        return !query.hasControlOnAny(guards, 'rate-limiting');
      });
    return controlGap({
      components: entries,
      controls: ['rate-limiting'],
      why:
        `${namesWith(
          query,
          entries.map((c) => c.id),
          'takes',
          'take',
        )} requests from the internet, and ` +
        `no rate limiting is declared on ${verb(entries, 'it or in front of it', 'them or in front of them')}.`,
    });
  },
});

/**
 * Processes and brokers handle each request or message; a database facing the internet is a
 * reachability problem (STR-0030's), not one of request volume.
 */
function takesRequests(door: Component): boolean {
  return door.type.value === 'process' || MESSAGING_KINDS.has(door.kind.value);
}

/** The CDNs and load balancers that hand outside traffic to the component. */
function passThroughsBefore(query: ModelQuery, door: Component): Component[] {
  return query.callers(door.id).filter((c) => PASS_THROUGH_KINDS.has(c.kind.value));
}
