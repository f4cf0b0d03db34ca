import { namesOf, namesWith, verb } from '../engine/findings.js';
import { evidenceOf, type ModelQuery } from '../engine/query.js';
import type { Component } from '../model/types.js';
import { defineRule } from './rule.js';

export default defineRule({
  meta: {
    id: 'STR-0011',
    slug: 'secret-store-not-isolated',
    title: 'Secret store reachable from the edge',
    stride: ['I', 'E'],
    references: { cwe: ['CWE-653'], asvs: ['V13.3.2'], asvs4: ['V6.4.1'] },
    likelihood: 'medium',
    impact: 'critical',
    description:
      'A secret store is called from the internet, from the DMZ, or sits there itself. The ' +
      'components that face attackers first can then ask for the keys to everything else.',
    recommendation:
      'Keep the secret store in a restricted zone, grant each workload only the secrets it ' +
      'needs, and let edge components receive their few secrets at deploy time instead.',
    examples: {
      fires: {
        description: 'A reverse proxy in the DMZ reads from Vault.',
        model: [
          'zones:',
          '  - { id: dmz, name: DMZ, trust: dmz }',
          '  - { id: core, name: Core, trust: restricted }',
          'components:',
          '  - { id: proxy, name: Proxy, kind: reverse-proxy, zone: dmz }',
          '  - { id: vault, name: Vault, technology: vault, zone: core }',
          'flows:',
          '  - { from: proxy, to: vault, protocol: https }',
        ].join('\n'),
      },
      quiet: {
        description: 'Only a core service reads from Vault.',
        model: [
          'zones:',
          '  - { id: core, name: Core, trust: restricted }',
          'components:',
          '  - { id: api, name: API, kind: service, zone: core }',
          '  - { id: vault, name: Vault, technology: vault, zone: core }',
          'flows:',
          '  - { from: api, to: vault, protocol: https }',
        ].join('\n'),
      },
    },
    requiresKinds: ['secret-store'],
  },

  check(query) {
    const stores = query.components.filter(
      (c) => c.kind.value === 'secret-store' && query.isOperated(c),
    );
    const exposed = stores.filter(
      (store) => edgePeers(query, store).length > 0 || atEdge(query, store),
    );
    if (exposed.length === 0) return [];
    const peers = exposed.flatMap((store) => edgePeers(query, store));
    return [
      {
        components: [...exposed, ...peers].map((c) => c.id),
        flows: [],
        why:
          `${namesWith(
            query,
            exposed.map((c) => c.id),
            'holds',
            'hold',
          )} secrets and ` +
          (peers.length > 0
            ? `${verb(exposed, 'is', 'are')} reached by ${namesOf(
                query,
                peers.map((c) => c.id),
              )}, ` + `which ${verb(peers, 'faces', 'face')} the internet.`
            : `${verb(exposed, 'sits', 'sit')} where the internet reaches ` +
              `${verb(exposed, 'it', 'them')}.`),
        evidence: [...exposed, ...peers].map((c) => evidenceOf(c.id, 'zone', c.zone)),
        controlState: 'undeclared',
      },
    ];
  },
});

function isEdgeSide(query: ModelQuery, component: Component): boolean {
  const trust = query.trustOf(component);
  return trust === 'untrusted' || trust === 'dmz';
}

function edgePeers(query: ModelQuery, store: Component): Component[] {
  return [...query.callers(store.id), ...query.callees(store.id)].filter((peer) =>
    isEdgeSide(query, peer),
  );
}

function atEdge(query: ModelQuery, store: Component): boolean {
  return isEdgeSide(query, store) || store.internetExposed?.value === true;
}
