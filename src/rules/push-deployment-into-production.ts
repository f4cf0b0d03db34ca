import { controlGap, edgesOf } from '../engine/findings.js';
import { RUNTIME_KINDS, type Link, type ModelQuery } from '../engine/query.js';
import { defineRule } from './rule.js';

export default defineRule({
  meta: {
    id: 'STR-0045',
    slug: 'push-deployment-into-production',
    title: 'Pipelines push into production with standing credentials',
    stride: ['E', 'T'],
    references: { cwe: ['CWE-250'], asvs: ['V13.2.2'], asvs4: ['V1.2.1'] },
    likelihood: 'medium',
    impact: 'critical',
    description:
      'A CI/CD system connects to production runtimes or databases to deploy. It must then ' +
      'hold credentials that can change production, so anyone who can run a job or read its ' +
      'secrets can too, unless those credentials are scoped and short-lived.',
    recommendation:
      'Prefer pull-based deployment (a GitOps agent inside the cluster); otherwise use ' +
      'short-lived, narrowly scoped deploy identities (OIDC federation) guarded by protected ' +
      'branches and approvals. Declare `least-privilege: true` on the pipeline.',
    examples: {
      fires: {
        description: 'GitHub Actions deploys straight into the cluster.',
        model: [
          'components:',
          '  - { id: ci, name: Pipeline, technology: github-actions }',
          '  - { id: k8s, name: Production cluster, technology: kubernetes }',
          'flows:',
          '  - { from: ci, to: k8s, protocol: https }',
        ].join('\n'),
      },
      quiet: {
        description: 'An agent in the cluster pulls the desired state instead.',
        model: [
          'components:',
          '  - { id: repo, name: Config repo, technology: github }',
          '  - { id: k8s, name: Production cluster, technology: kubernetes }',
          'flows:',
          '  - { from: k8s, to: repo, protocol: https }',
        ].join('\n'),
      },
    },
    requiresKinds: ['ci-cd'],
  },

  check(query) {
    const flows = query.links.filter((link) => isPushDeploy(query, link)).map((link) => link.flow);
    return controlGap({
      components: [...new Set(flows.map((f) => query.source(f)!))],
      flows,
      controls: ['least-privilege'],
      why:
        `Pipelines connect into production to deploy (${edgesOf(query, flows)}), and no ` +
        'scoped, short-lived deploy credential is declared.',
    });
  },
});

function isPushDeploy(query: ModelQuery, { flow, source: pipeline, target }: Link): boolean {
  if (pipeline.kind.value !== 'ci-cd' || !target) return false;
  if (!RUNTIME_KINDS.has(target.kind.value) && target.kind.value !== 'database') return false;
  if (target.kind.value === 'iot-device') return false;
  return !query.hasControlOnAny([pipeline, flow], 'least-privilege');
}
