import { verb } from '../engine/findings.js';
import { asClause, evidenceOf, listNames, MESSAGING_KINDS } from '../engine/query.js';
import type { Component, ComponentKind } from '../model/types.js';
import { defineRule, type Finding } from './rule.js';

/**
 * Kinds that serve other components rather than end users, so nothing in the application
 * logic stands in for authentication: whoever reaches the port gets the data or the console.
 * Application services and web apps are left to their own rule, since their authentication
 * usually lives in code the diagram cannot show; brokers have a rule of their own (STR-0049)
 * that says what an open one means for messaging.
 */
const INFRASTRUCTURE_KINDS: ReadonlySet<ComponentKind> = new Set<ComponentKind>([
  'database',
  'cache',
  'object-storage',
  'file-store',
  'search-engine',
  'log-service',
  'analytics',
  'monitoring',
  'alerting',
  'service-registry',
  'secret-store',
  'vector-store',
  'admin-interface',
  'ci-cd',
  'artifact-registry',
]);

export default defineRule({
  meta: {
    id: 'STR-0001',
    slug: 'unauthenticated-internal-service',
    title: 'Internal services accept unauthenticated callers',
    stride: ['S', 'E', 'T'],
    references: {
      cwe: ['CWE-306', 'CWE-1188'],
      asvs: ['V13.2.1', 'V12.3.5'],
      asvs4: ['V1.2.2', 'V2.10.1'],
    },
    likelihood: 'high',
    impact: 'high',
    description:
      'Infrastructure services inside the system (caches, stores, log and monitoring stacks, ' +
      'registries) that do not require callers to authenticate trust the network alone. Anyone ' +
      'who gets a foothold on that network reads or changes their data.',
    recommendation:
      'Require authentication on every internal service endpoint (mutual TLS, per-service ' +
      'credentials or tokens) and turn on the access controls the product ships with.',
    examples: {
      fires: {
        description: 'A Redis cache behind an API, with no authentication declared.',
        model: [
          'components:',
          '  - { id: api, name: Orders API, type: process, kind: service }',
          '  - { id: cache, name: Session cache, type: datastore, technology: redis }',
          'flows:',
          '  - { from: api, to: cache, protocol: redis }',
        ].join('\n'),
      },
      quiet: {
        description: 'The same cache with authentication required.',
        model: [
          'components:',
          '  - { id: api, name: Orders API, type: process, kind: service }',
          '  - id: cache',
          '    name: Session cache',
          '    type: datastore',
          '    technology: redis',
          '    authentication: true',
          'flows:',
          '  - { from: api, to: cache, protocol: redis }',
        ].join('\n'),
      },
    },
  },

  check(query) {
    const unauthenticated = query.components.filter(
      (component) =>
        query.isOperated(component) &&
        !query.isEmbedded(component) &&
        component.authentication?.value !== true &&
        !MESSAGING_KINDS.has(component.kind.value) &&
        (INFRASTRUCTURE_KINDS.has(component.kind.value) ||
          component.authentication?.value === false),
    );
    if (unauthenticated.length === 0) return [];

    const absent = unauthenticated.filter((c) => c.authentication?.value === false);
    const undeclared = unauthenticated.filter((c) => c.authentication === undefined);
    return [
      {
        components: unauthenticated.map((c) => c.id),
        flows: [],
        why: explain(absent, undeclared),
        evidence: unauthenticated.map((c) => evidenceOf(c.id, 'authentication', c.authentication)),
        controlState: absent.length > 0 ? 'absent' : 'undeclared',
      } satisfies Finding,
    ];
  },
});

function explain(absent: Component[], undeclared: Component[]): string {
  const sentences: string[] = [];
  for (const component of absent) {
    const reason = component.authentication?.reason;
    sentences.push(
      `${component.name} does not require authentication` +
        (reason ? ` (${asClause(reason)}).` : '.'),
    );
  }
  if (undeclared.length > 0) {
    const names = listNames(undeclared.map((c) => c.name));
    sentences.push(
      `The model declares no authentication for ${names}, and no default is known for ` +
        `${verb(undeclared, 'it', 'them')}.`,
    );
  }
  const them = verb(absent.length + undeclared.length, 'it', 'them');
  sentences.push(`Any caller that reaches ${them} on the internal network is trusted.`);
  return sentences.join(' ');
}
