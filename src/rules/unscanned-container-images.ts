import { controlGap, namesWith, verb } from '../engine/findings.js';
import type { ModelQuery } from '../engine/query.js';
import type { Component } from '../model/types.js';
import { defineRule } from './rule.js';

export default defineRule({
  meta: {
    id: 'STR-0046',
    slug: 'unscanned-container-images',
    title: 'Container images not scanned for known vulnerabilities',
    stride: ['T', 'E'],
    references: {
      cwe: ['CWE-1395', 'CWE-1104'],
      asvs: ['V15.1.2', 'V15.2.1'],
      asvs4: ['V14.2.1'],
    },
    likelihood: 'medium',
    impact: 'high',
    description:
      'Container platforms run images, and registries serve them, with no image scanning ' +
      'declared on either. Base images age quickly; unscanned ones carry known-vulnerable ' +
      'packages into production unnoticed.',
    recommendation:
      'Scan images in the pipeline and in the registry, block deployment of images with ' +
      'fixable critical findings, rebuild on a schedule from minimal, maintained base images.',
    examples: {
      fires: {
        description: 'A cluster pulls from a registry, neither scanning images.',
        model: [
          'components:',
          '  - { id: k8s, name: Cluster, technology: kubernetes }',
          '  - { id: reg, name: Registry, technology: harbor }',
          'flows:',
          '  - { from: k8s, to: reg, protocol: https }',
        ].join('\n'),
      },
      quiet: {
        description: 'The registry scans every image.',
        model: [
          'components:',
          '  - { id: k8s, name: Cluster, technology: kubernetes }',
          '  - { id: reg, name: Registry, technology: harbor, controls: { image-scanning: true } }',
          'flows:',
          '  - { from: k8s, to: reg, protocol: https }',
        ].join('\n'),
      },
    },
    requiresKinds: ['container-platform', 'artifact-registry'],
  },

  check(query) {
    const unscanned = query.components.filter((c) => runsUnscannedImages(query, c));
    return controlGap({
      components: unscanned,
      controls: ['image-scanning'],
      why:
        `${namesWith(
          query,
          unscanned.map((c) => c.id),
          'serves or runs',
          'serve or run',
        )} container images, and ` +
        `no image scanning is declared on ${verb(unscanned, 'it or on the registries it uses', 'them or on the registries they use')}.`,
    });
  },
});

function runsUnscannedImages(query: ModelQuery, component: Component): boolean {
  const kind = component.kind.value;
  if (kind !== 'container-platform' && kind !== 'artifact-registry') return false;
  const registries = [...query.callees(component.id), ...query.callers(component.id)].filter(
    (peer) => peer.kind.value === 'artifact-registry',
  );
  return !query.hasControlOnAny([component, ...registries], 'image-scanning');
}
