import { controlGap, namesOf, verb } from '../engine/findings.js';
import type { ModelQuery } from '../engine/query.js';
import type { Component } from '../model/types.js';
import { defineRule } from './rule.js';

export default defineRule({
  meta: {
    id: 'STR-0018',
    slug: 'backup-unprotected',
    title: 'Backups of sensitive data not declared encrypted',
    stride: ['I', 'T'],
    references: {
      cwe: ['CWE-530'],
      asvs: [],
      asvs4: ['V8.1.6'],
      asvsNote:
        'ASVS 5.0 removed the backup requirements of 4.0.3 (V8.1.5, V8.1.6) as out of scope, ' +
        'so only the 4.0.3 one is cited.',
    },
    likelihood: 'medium',
    impact: 'high',
    description:
      'Backups copy sensitive data to a second place, often with weaker access control and ' +
      'longer retention than the original. Here a backup target, or a store declared as ' +
      'backed up, holds sensitive data and backup encryption is off or not declared.',
    recommendation:
      'Encrypt backups with keys kept apart from the backup storage, restrict who can read ' +
      'and delete them (immutable or write-once copies), and test restores.',
    examples: {
      fires: {
        description: 'A customer database is backed up with no encryption declared.',
        model: [
          'components:',
          '  - id: db',
          '    name: Customer DB',
          '    kind: database',
          '    data: [pii]',
          '    controls: { backup: true }',
        ].join('\n'),
      },
      quiet: {
        description: 'The backups are declared encrypted.',
        model: [
          'components:',
          '  - id: db',
          '    name: Customer DB',
          '    kind: database',
          '    data: [pii]',
          '    controls: { backup: true, backup-encryption: true }',
        ].join('\n'),
      },
    },
  },

  check(query) {
    const exposed = query.components.filter(
      (c) =>
        hasBackups(query, c) &&
        !query.hasControlOnAny([c, ...backupTargets(query, c)], 'backup-encryption') &&
        query.sensitiveDataHandledBy(c).length > 0,
    );
    return controlGap({
      components: exposed,
      controls: ['backup-encryption'],
      why:
        `${namesOf(
          query,
          exposed.map((c) => c.id),
        )} ${exposed.length === 1 ? 'keeps' : 'keep'} ` +
        `backup copies of sensitive data, and ${verb(exposed, 'its', 'their')} encryption is not declared.`,
      evidence: exposed.flatMap((c) => query.sensitiveDataEvidence(c)),
    });
  },
});

function backupTargets(query: ModelQuery, component: Component): Component[] {
  return query.callees(component.id).filter((peer) => peer.kind.value === 'backup');
}

/** A backup system itself, or a store the model says is backed up. */
function hasBackups(query: ModelQuery, component: Component): boolean {
  if (component.kind.value === 'backup') return true;
  if (component.type.value !== 'datastore') return false;
  return query.hasControl(component, 'backup') || backupTargets(query, component).length > 0;
}
