import { controlGap, edgesOf, namesWith, verb } from '../engine/findings.js';
import { evidenceOf, type ModelQuery } from '../engine/query.js';
import type { Component, Flow } from '../model/types.js';
import { defineRule } from './rule.js';

/** Mechanisms that rest on a long-lived secret the caller must keep somewhere. */
const STATIC_SECRETS: ReadonlySet<string> = new Set(['password', 'basic', 'api-key', 'hmac']);

export default defineRule({
  meta: {
    id: 'STR-0034',
    slug: 'no-secret-store',
    title: 'Service credentials with no secret store to keep them',
    stride: ['I', 'S'],
    references: { cwe: ['CWE-522'], asvs: ['V13.3.1', 'V13.3.4'], asvs4: ['V6.4.1'] },
    likelihood: 'medium',
    impact: 'high',
    description:
      'Services log in to databases, brokers or third-party APIs with passwords or API keys, ' +
      'and neither reach a secret store nor declare one. The secrets then live in files, ' +
      'environment variables or images, without access control, audit or rotation.',
    recommendation:
      'Keep service credentials in a secret manager (Vault, a cloud secrets service), ' +
      'fetched at run time with the workload identity and rotated automatically; prefer ' +
      'workload identity (IAM roles, mutual TLS) over static secrets where possible.',
    examples: {
      fires: {
        description: 'An API logs in to its database with a password.',
        model: [
          'components:',
          '  - { id: api, name: API, kind: service }',
          '  - { id: db, name: DB, kind: database }',
          'flows:',
          '  - { from: api, to: db, protocol: postgresql, authentication: password }',
        ].join('\n'),
      },
      quiet: {
        description: 'The API fetches the password from Vault.',
        model: [
          'components:',
          '  - { id: api, name: API, kind: service }',
          '  - { id: db, name: DB, kind: database }',
          '  - { id: vault, name: Vault, technology: vault }',
          'flows:',
          '  - { from: api, to: db, protocol: postgresql, authentication: password }',
          '  - { from: api, to: vault, protocol: https }',
        ].join('\n'),
      },
    },
  },

  check(query) {
    const holders = query.components.filter(
      (c) => c.type.value === 'process' && !query.isOutside(c) && keepsOwnSecrets(query, c),
    );
    const flows = holders.flatMap((c) => secretFlows(query, c));
    return controlGap({
      components: holders,
      controls: ['secret-store'],
      why:
        `${namesWith(
          query,
          holders.map((c) => c.id),
          'authenticates',
          'authenticate',
        )} with static secrets ` +
        `(${edgesOf(query, flows)}) and ${verb(holders, 'reaches', 'reach')} no secret store.`,
      evidence: flows.map((f) => evidenceOf(f.id, 'authentication', f.authentication)),
    });
  },
});

function secretFlows(query: ModelQuery, component: Component): Flow[] {
  return query
    .linksFrom(component.id)
    .filter(({ flow }) => STATIC_SECRETS.has(flow.authentication?.value ?? ''))
    .map((link) => link.flow);
}

function keepsOwnSecrets(query: ModelQuery, component: Component): boolean {
  if (secretFlows(query, component).length === 0) return false;
  if (query.hasControl(component, 'secret-store')) return false;
  const peers = [...query.callees(component.id), ...query.callers(component.id)];
  return !peers.some((peer) => peer.kind.value === 'secret-store');
}
