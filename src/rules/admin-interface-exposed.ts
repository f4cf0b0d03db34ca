import { namesWith, verb } from '../engine/findings.js';
import { evidenceOf, type ModelQuery } from '../engine/query.js';
import type { Component, ComponentKind } from '../model/types.js';
import { defineRule } from './rule.js';

/** Build systems, whose exposure STR-0043 reports. */
const PIPELINE_KINDS: ReadonlySet<ComponentKind> = new Set<ComponentKind>([
  'ci-cd',
  'source-repository',
  'artifact-registry',
]);
/** Transports that put a caller on a private network first. */
const PRIVATE_ACCESS: ReadonlySet<string> = new Set(['vpn', 'ipsec', 'ssh']);

export default defineRule({
  meta: {
    id: 'STR-0032',
    slug: 'admin-interface-exposed',
    title: 'Administrative interfaces reachable from the internet',
    stride: ['E', 'S', 'I'],
    references: {
      cwe: ['CWE-749', 'CWE-653'],
      asvs: ['V8.4.2', 'V13.4.5'],
      asvs4: ['V4.3.1'],
    },
    likelihood: 'high',
    impact: 'critical',
    description:
      'A component with an administrative console (its kind, or a console its technology ' +
      'ships) takes connections straight from the internet, or administrators reach it ' +
      'from outside with no VPN and no network restriction declared. Consoles are targeted ' +
      'for credential stuffing and known exploits.',
    recommendation:
      'Keep admin consoles off the internet: reach them through a VPN, bastion or ' +
      'identity-aware proxy, restrict by network policy, and require MFA.',
    examples: {
      fires: {
        description: 'Operators reach Grafana directly from the internet.',
        model: [
          'components:',
          '  - { id: ops, name: Operator, kind: admin-user }',
          '  - { id: grafana, name: Dashboards, technology: grafana }',
          'flows:',
          '  - { from: ops, to: grafana, protocol: https }',
        ].join('\n'),
      },
      quiet: {
        description: 'Operators come in over a VPN.',
        model: [
          'components:',
          '  - { id: ops, name: Operator, kind: admin-user }',
          '  - { id: grafana, name: Dashboards, technology: grafana }',
          'flows:',
          '  - { from: ops, to: grafana, protocol: vpn }',
        ].join('\n'),
      },
    },
  },

  check(query) {
    // A console is exposed only through callers outside, so only entry points can be.
    const exposed = query.entryPoints().filter((c) => isExposedConsole(query, c));
    if (exposed.length === 0) return [];
    return [
      {
        components: exposed.map((c) => c.id),
        flows: [],
        why:
          `${namesWith(
            query,
            exposed.map((c) => c.id),
            'serves',
            'serve',
          )} administrative functions and ` +
          `${verb(exposed, 'takes', 'take')} connections from the internet with no VPN or network restriction declared.`,
        evidence: exposed.flatMap((c) => [
          evidenceOf(c.id, 'kind', c.kind),
          evidenceOf(c.id, 'technology', c.technology),
          evidenceOf(c.id, 'controls.network-policy', c.controls['network-policy']),
        ]),
        controlState: 'undeclared',
      },
    ];
  },
});

function isExposedConsole(query: ModelQuery, component: Component): boolean {
  if (!query.isOperated(component) || query.hasControl(component, 'network-policy')) return false;
  if (PIPELINE_KINDS.has(component.kind.value)) return false;
  const console = query.hasAdminInterface(component) && !query.isEdge(component);
  const open = query
    .linksTo(component.id)
    .filter(
      ({ flow, source }) =>
        query.isOutside(source) && !PRIVATE_ACCESS.has(flow.protocol?.value ?? ''),
    );
  if (open.length === 0) return false;
  if (console) return true;
  return open.some((link) => link.source.kind.value === 'admin-user');
}
