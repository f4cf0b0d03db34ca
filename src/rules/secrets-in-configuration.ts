import { namesWith } from '../engine/findings.js';
import { evidenceOf } from '../engine/query.js';
import type { Component, ComponentKind } from '../model/types.js';
import { defineRule } from './rule.js';

/** Where code and build output live; secrets there spread to every clone and every log. */
const CODE_KINDS: ReadonlySet<ComponentKind> = new Set<ComponentKind>([
  'source-repository',
  'ci-cd',
  'artifact-registry',
]);
const SECRET_CLASSES = ['secrets', 'credentials'];

export default defineRule({
  meta: {
    id: 'STR-0033',
    slug: 'secrets-in-configuration',
    title: 'Secrets kept in configuration, environment or repositories',
    stride: ['I', 'E'],
    references: {
      cwe: ['CWE-798', 'CWE-260'],
      asvs: ['V13.3.1'],
      asvs4: ['V6.4.1', 'V2.10.4'],
    },
    likelihood: 'high',
    impact: 'high',
    description:
      'The model says a component keeps secrets in configuration files or environment ' +
      'variables, or a source repository, pipeline or registry holds secrets or credentials. ' +
      'Such secrets leak through clones, images, crash dumps and logs, and are rarely rotated.',
    recommendation:
      "Move secrets to a secret manager and fetch them at run time with the workload's " +
      'identity; scan repositories and images for secrets in CI; rotate every secret found.',
    examples: {
      fires: {
        description: 'A repository that holds API keys.',
        model: [
          'components:',
          '  - id: repo',
          '    name: Service repo',
          '    kind: source-repository',
          '    data: [source-code, secrets]',
        ].join('\n'),
      },
      quiet: {
        description: 'The repository holds code only.',
        model: [
          'components:',
          '  - { id: repo, name: Service repo, kind: source-repository, data: [source-code] }',
        ].join('\n'),
      },
    },
  },

  check(query) {
    const inConfig = query.components.filter((c) => c.controls['secrets-in-config']?.value);
    const inCode = query.components.filter(holdsSecretsInCode);
    const affected = [...new Set([...inConfig, ...inCode])];
    if (affected.length === 0) return [];
    const sentences: string[] = [];
    if (inConfig.length > 0) {
      sentences.push(
        `The model says ${namesWith(
          query,
          inConfig.map((c) => c.id),
          'keeps',
          'keep',
        )} ` + 'secrets in configuration or environment variables.',
      );
    }
    if (inCode.length > 0) {
      sentences.push(
        `${namesWith(
          query,
          inCode.map((c) => c.id),
          'holds',
          'hold',
        )} secrets or credentials ` + 'alongside code or build output.',
      );
    }
    return [
      {
        components: affected.map((c) => c.id),
        flows: [],
        why: sentences.join(' '),
        evidence: affected.flatMap((c) => [
          evidenceOf(c.id, 'controls.secrets-in-config', c.controls['secrets-in-config']),
          evidenceOf(c.id, 'data', c.data),
        ]),
        controlState: 'absent',
      },
    ];
  },
});

function holdsSecretsInCode(component: Component): boolean {
  if (!CODE_KINDS.has(component.kind.value)) return false;
  if (component.controls['secrets-in-config']?.value === false) return false;
  return component.data.value.some((id) => SECRET_CLASSES.includes(id));
}
