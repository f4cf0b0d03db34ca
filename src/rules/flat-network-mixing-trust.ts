import { controlGap, namesOf, verb } from '../engine/findings.js';
import type { ModelQuery } from '../engine/query.js';
import type { Component, Zone } from '../model/types.js';
import { defineRule, SEGMENTATION_REFERENCES, type Finding } from './rule.js';

export default defineRule({
  meta: {
    id: 'STR-0031',
    slug: 'flat-network-mixing-trust',
    title: 'Internet-facing components share a zone with sensitive data',
    stride: ['E', 'I'],
    references: SEGMENTATION_REFERENCES,
    likelihood: 'medium',
    impact: 'high',
    description:
      'One zone holds both components that take connections from the internet and stores of ' +
      "sensitive data. Nothing but the stores' own logins stands between a compromised " +
      'internet-facing host and the data: the network is flat across trust levels.',
    recommendation:
      'Split the zone: internet-facing components in a DMZ or edge subnet, data stores in a ' +
      'restricted one that accepts connections only from the services that need them ' +
      '(security groups, network policies). Declare `network-policy: true` on stores so guarded.',
    examples: {
      fires: {
        description: 'A web server and the customer database share one VPC zone.',
        model: [
          'zones:',
          '  - { id: vpc, name: Production VPC, trust: internal }',
          'components:',
          '  - { id: user, name: User, kind: user }',
          '  - { id: web, name: Web, kind: web-app, zone: vpc }',
          '  - { id: db, name: Customer DB, kind: database, zone: vpc, data: [pii] }',
          'flows:',
          '  - { from: user, to: web, protocol: https }',
          '  - { from: web, to: db, protocol: postgresql }',
        ].join('\n'),
      },
      quiet: {
        description: 'The database sits in its own restricted zone.',
        model: [
          'zones:',
          '  - { id: dmz, name: DMZ, trust: dmz }',
          '  - { id: data, name: Data, trust: restricted }',
          'components:',
          '  - { id: user, name: User, kind: user }',
          '  - { id: web, name: Web, kind: web-app, zone: dmz }',
          '  - { id: db, name: Customer DB, kind: database, zone: data, data: [pii] }',
          'flows:',
          '  - { from: user, to: web, protocol: https }',
          '  - { from: web, to: db, protocol: postgresql }',
        ].join('\n'),
      },
    },
  },

  check(query) {
    return query.model.zones.flatMap((zone) => checkZone(query, zone));
  },
});

function checkZone(query: ModelQuery, zone: Zone): Finding[] {
  if (zone.trust.value === 'untrusted') return [];
  const members = query.componentsInZone(zone.id);
  const facing = members.filter((c) => query.isEntryPoint(c));
  const stores = members.filter((c) => isGuardlessStore(query, c));
  if (facing.length === 0 || stores.length === 0) return [];
  return controlGap({
    components: [...facing, ...stores],
    controls: [],
    why:
      `Zone ${zone.name} holds ${namesOf(
        query,
        facing.map((c) => c.id),
      )}, which ` +
      `${verb(facing, 'takes', 'take')} ` +
      `connections from the internet, and ${namesOf(
        query,
        stores.map((c) => c.id),
      )}, which ` +
      `${verb(stores, 'holds', 'hold')} sensitive data, with no network policy declared between them.`,
    evidence: stores.flatMap((s) => query.sensitiveDataEvidence(s)),
    groupKey: zone.id,
  });
}

function isGuardlessStore(query: ModelQuery, component: Component): boolean {
  if (component.type.value !== 'datastore' || query.isEntryPoint(component)) return false;
  if (query.hasControl(component, 'network-policy') || query.isEmbedded(component)) return false;
  return query.sensitiveDataHeldBy(component).length > 0;
}
