import { controlGap, namesOf, namesWith, verb } from '../engine/findings.js';
import type { ModelQuery } from '../engine/query.js';
import type { Component } from '../model/types.js';
import { defineRule } from './rule.js';

/** A service touching this many stores likely runs under one broad account for all of them. */
const MANY_STORES = 3;

export default defineRule({
  meta: {
    id: 'STR-0014',
    slug: 'over-privileged-workload',
    title: 'Workloads whose accounts are not declared least-privilege',
    stride: ['E'],
    references: { cwe: ['CWE-250', 'CWE-272'], asvs: ['V13.2.2'], asvs4: ['V1.2.1'] },
    likelihood: 'medium',
    impact: 'high',
    description:
      'Serverless functions that reach data stores, and services that reach many of them, ' +
      'run under an execution role or service account that the model does not declare as ' +
      'least-privilege. Broad roles (wildcard actions, one account for all stores) turn one ' +
      'compromised function into access to everything its role allows.',
    recommendation:
      'Give each function and service its own role with only the actions and resources it ' +
      'uses, review roles for wildcards, and declare `least-privilege: true` once done.',
    examples: {
      fires: {
        description: 'A Lambda function writes to DynamoDB under an undeclared role.',
        model: [
          'components:',
          '  - { id: fn, name: Checkout function, technology: aws-lambda }',
          '  - { id: table, name: Orders table, technology: aws-dynamodb }',
          'flows:',
          '  - { from: fn, to: table, protocol: https }',
        ].join('\n'),
      },
      quiet: {
        description: 'The function declares a least-privilege role.',
        model: [
          'components:',
          '  - id: fn',
          '    name: Checkout function',
          '    technology: aws-lambda',
          '    controls: { least-privilege: true }',
          '  - { id: table, name: Orders table, technology: aws-dynamodb }',
          'flows:',
          '  - { from: fn, to: table, protocol: https }',
        ].join('\n'),
      },
    },
  },

  check(query) {
    const broad = query.components.filter(
      (c) => isPrivilegedWorkload(query, c) && !query.hasControl(c, 'least-privilege'),
    );
    const stores = [...new Set(broad.flatMap((c) => query.datastoresOf(c)))];
    return controlGap({
      components: broad,
      controls: ['least-privilege'],
      why:
        `${namesWith(
          query,
          broad.map((c) => c.id),
          'reaches',
          'reach',
        )} ` +
        `${namesOf(
          query,
          stores.map((s) => s.id),
        )}, and no least-privilege role or ` +
        `service account is declared for ${verb(broad, 'it', 'them')}.`,
    });
  },
});

function isPrivilegedWorkload(query: ModelQuery, component: Component): boolean {
  if (!query.isOperated(component)) return false;
  const stores = query.datastoresOf(component).length;
  if (component.kind.value === 'serverless-function') return stores > 0;
  return component.type.value === 'process' && stores >= MANY_STORES;
}
