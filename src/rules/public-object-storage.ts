import { namesOf, verb } from '../engine/findings.js';
import { evidenceOf } from '../engine/query.js';
import type { Component } from '../model/types.js';
import { defineRule } from './rule.js';

export default defineRule({
  meta: {
    id: 'STR-0019',
    slug: 'public-object-storage',
    title: 'Object storage open to the public',
    stride: ['I'],
    references: {
      cwe: ['CWE-732', 'CWE-552'],
      asvs: ['V8.2.2'],
      asvs4: ['V4.2.1'],
    },
    likelihood: 'high',
    impact: 'high',
    description:
      'A bucket or file share is declared publicly readable. Everything in it is one URL ' +
      'away, public buckets are found by scanners within hours, and private files written ' +
      'there by mistake are published with the rest.',
    recommendation:
      'Block public access at the account and bucket level; serve public files through a CDN ' +
      'with an origin identity, and give users short-lived signed URLs for private objects.',
    examples: {
      fires: {
        description: 'A bucket of uploads declared public.',
        model: [
          'components:',
          '  - id: bucket',
          '    name: Uploads',
          '    technology: aws-s3',
          '    data: [user-content]',
          '    controls: { public-access: true }',
        ].join('\n'),
      },
      quiet: {
        description: 'The bucket blocks public access.',
        model: [
          'components:',
          '  - id: bucket',
          '    name: Uploads',
          '    technology: aws-s3',
          '    data: [user-content]',
          '    controls: { public-access: false }',
        ].join('\n'),
      },
    },
  },

  check(query) {
    const open = query.components.filter(isPublicStore);
    if (open.length === 0) return [];
    return [
      {
        components: open.map((c) => c.id),
        flows: [],
        why:
          `${namesOf(
            query,
            open.map((c) => c.id),
          )} ${verb(open, 'is', 'are')} ` +
          'declared publicly readable' +
          (open.some((c) => query.sensitiveDataHeldBy(c).length > 0)
            ? `, and ${verb(open, 'holds', 'hold')} sensitive data.`
            : '; anything written there by mistake is published.'),
        evidence: open.flatMap((c) => [
          evidenceOf(c.id, 'controls.public-access', c.controls['public-access']),
          evidenceOf(c.id, 'data', c.data),
        ]),
        controlState: 'absent',
      },
    ];
  },
});

/** Public by declaration; stores merely read from outside are left to STR-0030. */
function isPublicStore(component: Component): boolean {
  const kind = component.kind.value;
  if (kind !== 'object-storage' && kind !== 'file-store') return false;
  return component.controls['public-access']?.value === true;
}
