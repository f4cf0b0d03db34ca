import { controlGap, namesWith } from '../engine/findings.js';
import { defineRule } from './rule.js';

export default defineRule({
  meta: {
    id: 'STR-0054',
    slug: 'llm-output-unvalidated',
    title: 'Model output used without validation',
    stride: ['T', 'E'],
    references: {
      cwe: ['CWE-116', 'CWE-94'],
      asvs: [],
      asvs4: [],
      asvsNote:
        'ASVS 5.0 and 4.0.3 have no requirements for language-model output; CWE-1426 fits ' +
        'but MITRE discourages mapping to it, so encoding and code-injection weaknesses are ' +
        'cited.',
    },
    likelihood: 'medium',
    impact: 'high',
    description:
      'Components take text from a language model and pass it on (rendered to users, stored, ' +
      'used as tool calls, queries or code) with no validation of it declared. Output shaped ' +
      'by injected prompts then becomes script in a browser, a query or an action.',
    recommendation:
      'Treat model output as untrusted input: validate it against a schema, encode it for ' +
      'where it goes, allow only listed tools and arguments, and never execute it directly. ' +
      'Declare `output-validation: true`.',
    examples: {
      fires: {
        description: 'An agent passes model answers to a ticketing API.',
        model: [
          'components:',
          '  - { id: agent, name: Agent, kind: llm-app }',
          '  - { id: llm, name: Model, technology: openai }',
          '  - { id: tickets, name: Ticketing, kind: service }',
          'flows:',
          '  - { from: agent, to: llm, protocol: https }',
          '  - { from: agent, to: tickets, protocol: https }',
        ].join('\n'),
      },
      quiet: {
        description: 'The agent validates model output.',
        model: [
          'components:',
          '  - { id: agent, name: Agent, kind: llm-app, controls: { output-validation: true } }',
          '  - { id: llm, name: Model, technology: openai }',
          '  - { id: tickets, name: Ticketing, kind: service }',
          'flows:',
          '  - { from: agent, to: llm, protocol: https }',
          '  - { from: agent, to: tickets, protocol: https }',
        ].join('\n'),
      },
    },
    requiresKinds: ['llm-app', 'llm-api'],
  },

  check(query) {
    const users = query.components.filter(
      (c) => query.buildsPrompts(c) && !query.hasControl(c, 'output-validation'),
    );
    return controlGap({
      components: users,
      controls: ['output-validation'],
      why:
        `${namesWith(
          query,
          users.map((c) => c.id),
          'uses',
          'use',
        )} language-model output, and no ` + 'validation or encoding of it is declared.',
    });
  },
});
