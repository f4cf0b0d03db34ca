import { controlGap, namesWith } from '../engine/findings.js';
import { defineRule } from './rule.js';

export default defineRule({
  meta: {
    id: 'STR-0047',
    slug: 'container-escape',
    title: 'Workloads may escape to the container platform',
    stride: ['E'],
    references: {
      cwe: ['CWE-250'],
      asvs: [],
      asvs4: ['V1.2.1'],
      asvsNote:
        'ASVS 5.0 does not cover container runtime hardening; the 4.0.3 requirement on ' +
        'low-privilege accounts for components is cited instead.',
    },
    likelihood: 'medium',
    impact: 'critical',
    description:
      'A container platform runs workloads with no declaration that they run as non-root ' +
      'without privileged mode or host mounts. A compromised container that runs as root, ' +
      'privileged or with the host socket takes over the node and its other tenants.',
    recommendation:
      'Enforce a restricted pod security standard: non-root users, no privileged containers, ' +
      'no host paths or sockets, read-only root file systems, dropped capabilities and ' +
      'seccomp. Declare `non-root: true` once admission enforces it.',
    examples: {
      fires: {
        description: 'A Kubernetes cluster with no workload restrictions declared.',
        model: [
          'components:',
          '  - { id: k8s, name: Cluster, technology: kubernetes }',
          '  - { id: api, name: API, kind: service }',
          'flows:',
          '  - { from: k8s, to: api, protocol: https }',
        ].join('\n'),
      },
      quiet: {
        description: 'The cluster enforces non-root workloads.',
        model: [
          'components:',
          '  - { id: k8s, name: Cluster, technology: kubernetes, controls: { non-root: true } }',
          '  - { id: api, name: API, kind: service }',
          'flows:',
          '  - { from: k8s, to: api, protocol: https }',
        ].join('\n'),
      },
    },
    requiresKinds: ['container-platform'],
  },

  check(query) {
    const platforms = query.components.filter(
      (c) => c.kind.value === 'container-platform' && !query.hasControl(c, 'non-root'),
    );
    return controlGap({
      components: platforms,
      controls: ['non-root'],
      why:
        `${namesWith(
          query,
          platforms.map((c) => c.id),
          'runs',
          'run',
        )} containers, and nothing declares ` +
        'that workloads run as non-root without privileges or host access.',
    });
  },
});
