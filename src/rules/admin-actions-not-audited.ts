import { controlGap, namesOf, verb } from '../engine/findings.js';
import { defineRule } from './rule.js';

export default defineRule({
  meta: {
    id: 'STR-0038',
    slug: 'admin-actions-not-audited',
    title: 'Administrative actions leave no audit trail',
    stride: ['R'],
    references: {
      cwe: ['CWE-778'],
      asvs: ['V16.3.3', 'V16.2.1'],
      asvs4: ['V7.1.3', 'V7.1.4'],
    },
    likelihood: 'medium',
    impact: 'medium',
    description:
      'Administrators act on components that send no events to a log service and declare ' +
      'no security logging. Changes to users, permissions and configuration then cannot be ' +
      'attributed, and a rogue or hijacked admin account goes unnoticed.',
    recommendation:
      'Write an audit record for every administrative action (who, what, when, from where, ' +
      'old and new value) to a log service administrators cannot modify.',
    examples: {
      fires: {
        description: 'An operator changes settings in a back office that logs nothing.',
        model: [
          'components:',
          '  - { id: ops, name: Operator, kind: admin-user }',
          '  - { id: office, name: Back office, kind: web-app }',
          'flows:',
          '  - { from: ops, to: office, protocol: https }',
        ].join('\n'),
      },
      quiet: {
        description: 'The back office declares security logging.',
        model: [
          'components:',
          '  - { id: ops, name: Operator, kind: admin-user }',
          '  - id: office',
          '    name: Back office',
          '    kind: web-app',
          '    controls: { security-logging: true }',
          'flows:',
          '  - { from: ops, to: office, protocol: https }',
        ].join('\n'),
      },
    },
    requiresKinds: ['admin-user'],
  },

  check(query) {
    const admins = query.components.filter((c) => c.kind.value === 'admin-user');
    const targets = [...new Set(admins.flatMap((a) => query.callees(a.id)))].filter(
      (c) => query.isOperated(c) && !query.recordsSecurityEvents(c),
    );
    return controlGap({
      components: targets,
      controls: ['security-logging'],
      why:
        `Administrators act on ${namesOf(
          query,
          targets.map((c) => c.id),
        )}, which ` + `${verb(targets, 'records', 'record')} no audit events anywhere.`,
    });
  },
});
