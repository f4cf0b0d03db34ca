import { controlGap, edgesOf } from '../engine/findings.js';
import type { ComponentKind } from '../model/types.js';
import { defineRule } from './rule.js';

const FILE_KINDS: ReadonlySet<ComponentKind> = new Set<ComponentKind>(['file-store']);

export default defineRule({
  meta: {
    id: 'STR-0027',
    slug: 'path-traversal-to-file-store',
    title: 'Path traversal into file stores',
    stride: ['I', 'T'],
    references: {
      cwe: ['CWE-22', 'CWE-73'],
      asvs: ['V5.3.2'],
      asvs4: ['V12.3.1', 'V12.3.2'],
    },
    likelihood: 'medium',
    impact: 'high',
    description:
      'Services that handle outside input read or write a file store, and path ' +
      'canonicalization is not declared. File names from requests containing "../" or ' +
      'absolute paths reach files outside the intended folder.',
    recommendation:
      'Generate file names on the server (IDs), or canonicalize the path and check it stays ' +
      'under the base folder before opening; never pass user file names to the file system. ' +
      'Declare `path-canonicalization: true`.',
    examples: {
      fires: {
        description: 'A document service stores uploads on NFS.',
        model: [
          'components:',
          '  - { id: user, name: User, kind: user }',
          '  - { id: docs, name: Document service, kind: service }',
          '  - { id: share, name: Document share, technology: nfs }',
          'flows:',
          '  - { from: user, to: docs, protocol: https }',
          '  - { from: docs, to: share, protocol: nfs }',
        ].join('\n'),
      },
      quiet: {
        description: 'The service declares path canonicalization.',
        model: [
          'components:',
          '  - { id: user, name: User, kind: user }',
          '  - id: docs',
          '    name: Document service',
          '    kind: service',
          '    controls: { path-canonicalization: true }',
          '  - { id: share, name: Document share, technology: nfs }',
          'flows:',
          '  - { from: user, to: docs, protocol: https }',
          '  - { from: docs, to: share, protocol: nfs }',
        ].join('\n'),
      },
    },
  },

  check(query) {
    const flows = query.untrustedQueryFlows(FILE_KINDS, ['path-canonicalization']);
    return controlGap({
      components: [...new Set(flows.map((f) => query.source(f)!))],
      flows,
      controls: ['path-canonicalization'],
      why:
        `Input from outside reaches file operations (${edgesOf(query, flows)}), and path ` +
        'canonicalization is not declared.',
    });
  },
});
