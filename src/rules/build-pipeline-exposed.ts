import { namesWith, verb } from '../engine/findings.js';
import { evidenceOf, type ModelQuery } from '../engine/query.js';
import type { Component, ComponentKind } from '../model/types.js';
import { defineRule } from './rule.js';

const SUPPLY_CHAIN_KINDS: ReadonlySet<ComponentKind> = new Set<ComponentKind>([
  'ci-cd',
  'source-repository',
  'artifact-registry',
]);

export default defineRule({
  meta: {
    id: 'STR-0043',
    slug: 'build-pipeline-exposed',
    title: 'Self-hosted build pipeline or repository exposed',
    stride: ['T', 'E'],
    references: {
      cwe: ['CWE-306', 'CWE-653'],
      asvs: [],
      asvs4: ['V14.1.1'],
      asvsNote:
        'ASVS 5.0 verifies the application, not the systems that build it; its 4.0.3 ' +
        'build-process requirement V14.1.1 is cited instead.',
    },
    likelihood: 'medium',
    impact: 'critical',
    description:
      'A self-hosted CI/CD server, source repository or artifact registry takes connections ' +
      'from the internet or the DMZ with no network restriction declared, or requires no ' +
      'authentication. Whoever controls the pipeline controls what runs in production.',
    recommendation:
      'Keep build systems off the internet (VPN or identity-aware proxy, webhook relays with ' +
      'signatures), require SSO with MFA, and give pipelines short-lived deploy credentials.',
    examples: {
      fires: {
        description: 'Developers reach a Jenkins server straight from the internet.',
        model: [
          'components:',
          '  - { id: dev, name: Developer, kind: user }',
          '  - { id: ci, name: Jenkins, technology: jenkins }',
          'flows:',
          '  - { from: dev, to: ci, protocol: https }',
        ].join('\n'),
      },
      quiet: {
        description: 'Jenkins is reached over a VPN-restricted network.',
        model: [
          'components:',
          '  - { id: dev, name: Developer, kind: user }',
          '  - { id: ci, name: Jenkins, technology: jenkins, controls: { network-policy: true } }',
          'flows:',
          '  - { from: dev, to: ci, protocol: vpn }',
        ].join('\n'),
      },
    },
    requiresKinds: ['ci-cd', 'source-repository', 'artifact-registry'],
  },

  check(query) {
    const exposed = query.components.filter((c) => isExposedPipeline(query, c));
    if (exposed.length === 0) return [];
    return [
      {
        components: exposed.map((c) => c.id),
        flows: [],
        why:
          `${namesWith(
            query,
            exposed.map((c) => c.id),
            'builds or holds',
            'build or hold',
          )} what runs in production, ` +
          `and ${verb(exposed, 'takes', 'take')} connections from outside or the edge with no network restriction, or ` +
          'without authentication.',
        evidence: exposed.flatMap((c) => [
          evidenceOf(c.id, 'authentication', c.authentication),
          evidenceOf(c.id, 'controls.network-policy', c.controls['network-policy']),
        ]),
        controlState: exposed.some((c) => c.authentication?.value === false)
          ? 'absent'
          : 'undeclared',
      },
    ];
  },
});

function isExposedPipeline(query: ModelQuery, component: Component): boolean {
  if (!SUPPLY_CHAIN_KINDS.has(component.kind.value) || !query.isOperated(component)) {
    return false;
  }
  if (component.authentication?.value === false) return true;
  if (query.hasControl(component, 'network-policy')) return false;
  return query.callers(component.id).some((caller) => {
    const trust = query.trustOf(caller);
    return trust === 'untrusted' || trust === 'dmz';
  });
}
