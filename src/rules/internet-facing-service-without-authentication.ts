import { namesWith, verb } from '../engine/findings.js';
import { APPLICATION_KINDS, evidenceOf, type ModelQuery } from '../engine/query.js';
import type { Component } from '../model/types.js';
import { defineRule } from './rule.js';

export default defineRule({
  meta: {
    id: 'STR-0006',
    slug: 'internet-facing-service-without-authentication',
    title: 'Internet-facing services accept anonymous callers',
    stride: ['S', 'E'],
    references: { cwe: ['CWE-306'], asvs: ['V8.2.1'], asvs4: ['V4.1.3'] },
    likelihood: 'high',
    impact: 'high',
    description:
      'An application service that receives requests straight from the internet is known not ' +
      'to authenticate its callers, or handles sensitive data while neither the service nor ' +
      'the flows into it declare any authentication. Anyone on the internet can call it.',
    recommendation:
      'Authenticate every request that reaches sensitive functions (sessions, OAuth tokens or ' +
      'mutual TLS), at the service or at a gateway in front of it, and record it in the model.',
    examples: {
      fires: {
        description: 'Customers call an orders API that declares no authentication.',
        model: [
          'components:',
          '  - { id: customer, name: Customer, kind: user }',
          '  - { id: api, name: Orders API, kind: service, data: [pii], authentication: false }',
          'flows:',
          '  - { from: customer, to: api, protocol: https }',
        ].join('\n'),
      },
      quiet: {
        description: 'The flow into the API carries an OAuth token.',
        model: [
          'components:',
          '  - { id: customer, name: Customer, kind: user }',
          '  - { id: api, name: Orders API, kind: service, data: [pii] }',
          'flows:',
          '  - { from: customer, to: api, protocol: https, authentication: oauth }',
        ].join('\n'),
      },
    },
  },

  check(query) {
    const open = query
      .entryPoints()
      .filter((c) => APPLICATION_KINDS.has(c.kind.value) && query.servesClients(c))
      .filter((c) => isAnonymous(query, c));
    if (open.length === 0) return [];
    const inbound = open.flatMap((c) =>
      query.flowsTo(c.id).filter((f) => query.isOutside(query.source(f)!)),
    );
    const known =
      open.some((c) => c.authentication?.value === false) ||
      inbound.some((f) => f.authentication?.value === 'none');
    return [
      {
        components: open.map((c) => c.id),
        flows: inbound.map((f) => f.id),
        why:
          `${namesWith(
            query,
            open.map((c) => c.id),
            'receives',
            'receive',
          )} requests from the internet, and ` +
          `neither ${verb(open, 'it', 'they')} nor the flows into ${verb(open, 'it', 'them')} declare ` +
          `authentication; where no default is stated ${verb(open, 'it handles', 'they handle')} ` +
          'sensitive data. Any caller on the internet is served.',
        evidence: [
          ...open.map((c) => evidenceOf(c.id, 'authentication', c.authentication)),
          // Where no caller is drawn, the declared exposure is what makes it internet-facing.
          ...open
            .filter((c) => query.isDeclaredInternetFacing(c))
            .map((c) => evidenceOf(c.id, 'internetExposed', c.internetExposed)),
          ...inbound.map((f) => evidenceOf(f.id, 'authentication', f.authentication)),
        ],
        controlState: known ? 'absent' : 'undeclared',
      },
    ];
  },
});

/** Known to be anonymous, or silent about it while handling sensitive data. */
function isAnonymous(query: ModelQuery, component: Component): boolean {
  if (component.authentication?.value === true) return false;
  if (component.authentication?.value === false) return true;
  const inbound = query.flowsTo(component.id).map((f) => f.authentication?.value);
  if (inbound.some((mechanism) => mechanism !== undefined && mechanism !== 'none')) return false;
  if (inbound.includes('none')) return true;
  return query.sensitiveDataHandledBy(component).length > 0;
}
