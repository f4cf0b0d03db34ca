import { namesOf } from '../engine/findings.js';
import { evidenceOf, type ModelQuery } from '../engine/query.js';
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
      'A bucket or file share is declared publicly readable, or is read straight from the ' +
      'internet while holding non-public data and nothing says public access is blocked. ' +
      'Public buckets are found by scanners within hours.',
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
    const open = query.components.filter((c) => isPublicStore(query, c));
    if (open.length === 0) return [];
    const declared = open.filter((c) => c.controls['public-access']?.value === true);
    return [
      {
        components: open.map((c) => c.id),
        flows: [],
        why:
          `${namesOf(query, open.map((c) => c.id))} ` +
          (declared.length === open.length
            ? `${open.length === 1 ? 'is' : 'are'} declared publicly readable.`
            : 'serve requests from the internet while holding non-public data, and public ' +
              'access is not declared blocked.'),
        evidence: open.flatMap((c) => [
          evidenceOf(c.id, 'controls.public-access', c.controls['public-access']),
          evidenceOf(c.id, 'data', c.data),
        ]),
        controlState: declared.length > 0 ? 'absent' : 'undeclared',
      },
    ];
  },
});

function isPublicStore(query: ModelQuery, component: Component): boolean {
  const kind = component.kind.value;
  if (kind !== 'object-storage' && kind !== 'file-store') return false;
  const access = component.controls['public-access']?.value;
  if (access !== undefined) return access;
  const nonPublic = component.data.value.some((id) => query.sensitivity(id) !== 'public');
  return nonPublic && query.isEntryPoint(component);
}
