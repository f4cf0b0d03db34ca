import { namesOf, verb } from '../engine/findings.js';
import { evidenceOf } from '../engine/query.js';
import type { Component } from '../model/types.js';
import { defineRule } from './rule.js';

export default defineRule({
  meta: {
    id: 'STR-0009',
    slug: 'default-credentials',
    title: 'Default or shared credentials on consoles and services',
    stride: ['S', 'E'],
    references: {
      cwe: ['CWE-1392', 'CWE-1393'],
      asvs: ['V6.3.2', 'V13.2.3'],
      asvs4: ['V2.5.4', 'V2.10.2'],
    },
    likelihood: 'high',
    impact: 'high',
    description:
      'The model says a component still uses default or shared credentials, or a product with ' +
      'an administrative console is used by administrators while nothing says its shipped ' +
      'accounts were changed. Default accounts are the first thing an attacker tries.',
    recommendation:
      'Disable or rename shipped accounts, give each person and service its own credential, ' +
      'and declare `default-credentials: false` once none remain.',
    examples: {
      fires: {
        description: 'A message broker declared to run with its default account.',
        model: [
          'components:',
          '  - { id: api, name: API, kind: service }',
          '  - id: mq',
          '    name: Broker',
          '    technology: rabbitmq',
          '    controls: { default-credentials: true }',
          'flows:',
          '  - { from: api, to: mq, protocol: amqps }',
        ].join('\n'),
      },
      quiet: {
        description: 'The broker declares that no default accounts remain.',
        model: [
          'components:',
          '  - { id: api, name: API, kind: service }',
          '  - id: mq',
          '    name: Broker',
          '    technology: rabbitmq',
          '    controls: { default-credentials: false }',
          'flows:',
          '  - { from: api, to: mq, protocol: amqps }',
        ].join('\n'),
      },
    },
  },

  check(query) {
    const isConsole = (c: Component) =>
      query.hasAdminInterface(c) &&
      c.controls['default-credentials'] === undefined &&
      query.callers(c.id).some((caller) => caller.kind.value === 'admin-user');
    const declared = query.components.filter((c) => c.controls['default-credentials']?.value);
    const consoles = query.components.filter(isConsole);
    const affected = [...declared, ...consoles];
    if (affected.length === 0) return [];
    const sentences = [];
    if (declared.length > 0) {
      sentences.push(
        `The model says ${namesOf(
          query,
          declared.map((c) => c.id),
        )} still ` + `${verb(declared, 'uses', 'use')} default or shared credentials.`,
      );
    }
    if (consoles.length > 0) {
      sentences.push(
        `Administrators log in to the console of ` +
          `${namesOf(
            query,
            consoles.map((c) => c.id),
          )}, and nothing says ` +
          `${verb(consoles, 'its', 'their')} shipped ` +
          'accounts were changed.',
      );
    }
    return [
      {
        components: affected.map((c) => c.id),
        flows: [],
        why: sentences.join(' '),
        evidence: affected.map((c) =>
          evidenceOf(c.id, 'controls.default-credentials', c.controls['default-credentials']),
        ),
        controlState: declared.length > 0 ? 'absent' : 'undeclared',
      },
    ];
  },
});
