import { edgesOf } from '../engine/findings.js';
import { evidenceOf, type ModelQuery } from '../engine/query.js';
import type { Component, Flow } from '../model/types.js';
import { defineRule, type Finding } from './rule.js';

export default defineRule({
  meta: {
    id: 'STR-0048',
    slug: 'service-registry-poisoning',
    title: 'Service discovery can be poisoned to redirect calls',
    stride: ['S', 'T'],
    references: { cwe: ['CWE-923'], asvs: ['V12.3.5', 'V12.3.4'], asvs4: ['V2.2.5'] },
    likelihood: 'low',
    impact: 'high',
    description:
      'Services find each other through a registry, and the calls between them do not use ' +
      'mutual TLS. Whoever can register or alter an entry (an open registry, a compromised ' +
      'service) redirects traffic to an impostor that the callers cannot tell apart.',
    recommendation:
      'Require authentication and ACLs for registration, and verify the identity of every ' +
      'peer with mutual TLS so that a wrong address cannot impersonate a service.',
    examples: {
      fires: {
        description: 'Services discovered through Consul call each other over plain gRPC.',
        model: [
          'components:',
          '  - { id: consul, name: Consul, technology: consul }',
          '  - { id: a, name: Cart, kind: service }',
          '  - { id: b, name: Pricing, kind: service }',
          'flows:',
          '  - { from: a, to: consul, protocol: http }',
          '  - { from: b, to: consul, protocol: http }',
          '  - { from: a, to: b, protocol: grpc }',
        ].join('\n'),
      },
      quiet: {
        description: 'The services authenticate each other with mutual TLS.',
        model: [
          'components:',
          '  - { id: consul, name: Consul, technology: consul, authentication: true }',
          '  - { id: a, name: Cart, kind: service }',
          '  - { id: b, name: Pricing, kind: service }',
          'flows:',
          '  - { from: a, to: consul, protocol: https }',
          '  - { from: b, to: consul, protocol: https }',
          '  - { from: a, to: b, protocol: grpc, authentication: mtls }',
        ].join('\n'),
      },
    },
    requiresKinds: ['service-registry'],
  },

  check(query) {
    return query.components
      .filter((c) => c.kind.value === 'service-registry')
      .flatMap((registry) => checkRegistry(query, registry));
  },
});

function checkRegistry(query: ModelQuery, registry: Component): Finding[] {
  const clients = new Set(
    [...query.callers(registry.id), ...query.callees(registry.id)]
      .filter((c) => c.type.value === 'process')
      .map((c) => c.id),
  );
  const unverified: Flow[] = query.flows.filter(
    (f) => clients.has(f.from) && clients.has(f.to) && f.authentication?.value !== 'mtls',
  );
  if (unverified.length === 0) return [];
  return [
    {
      components: [registry.id, ...new Set(unverified.flatMap((f) => [f.from, f.to]))],
      flows: unverified.map((f) => f.id),
      why:
        `Services that discover each other through ${registry.name} call one another without ` +
        `mutual TLS (${edgesOf(query, unverified)}), so a poisoned entry goes unnoticed.`,
      evidence: [
        evidenceOf(registry.id, 'authentication', registry.authentication),
        ...unverified.map((f) => evidenceOf(f.id, 'authentication', f.authentication)),
      ],
      controlState: registry.authentication?.value === false ? 'absent' : 'undeclared',
      groupKey: registry.id,
    },
  ];
}
