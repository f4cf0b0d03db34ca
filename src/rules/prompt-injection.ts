import { controlGap, namesWith } from '../engine/findings.js';
import { defineRule } from './rule.js';

export default defineRule({
  meta: {
    id: 'STR-0051',
    slug: 'prompt-injection',
    title: 'User input reaches a language model prompt',
    stride: ['T', 'E', 'I'],
    references: {
      cwe: ['CWE-77'],
      asvs: [],
      asvs4: [],
      asvsNote:
        'ASVS 5.0 and 4.0.3 have no requirements for language-model prompts; CWE 4.15 has no ' +
        'entry of its own for prompt injection, so its parent, command injection, is cited.',
    },
    likelihood: 'high',
    impact: 'high',
    description:
      'A component that builds prompts for a language model takes input from outside, and ' +
      'no prompt-injection defence is declared. Text in that input can override the system ' +
      'prompt, leak it, or steer the tools and data the model can reach.',
    recommendation:
      'Keep instructions and untrusted text apart (structured messages, delimiters), give ' +
      'the model only the tools and data the user may use, filter inputs and outputs for ' +
      'injection patterns, and require confirmation for consequential actions.',
    examples: {
      fires: {
        description: 'A chat assistant forwards user messages to OpenAI.',
        model: [
          'components:',
          '  - { id: user, name: User, kind: user }',
          '  - { id: bot, name: Assistant, kind: llm-app }',
          '  - { id: llm, name: GPT, technology: openai }',
          'flows:',
          '  - { from: user, to: bot, protocol: https }',
          '  - { from: bot, to: llm, protocol: https }',
        ].join('\n'),
      },
      quiet: {
        description: 'The assistant declares prompt-injection defences.',
        model: [
          'components:',
          '  - { id: user, name: User, kind: user }',
          '  - id: bot',
          '    name: Assistant',
          '    kind: llm-app',
          '    controls: { prompt-injection-defense: true }',
          '  - { id: llm, name: GPT, technology: openai }',
          'flows:',
          '  - { from: user, to: bot, protocol: https }',
          '  - { from: bot, to: llm, protocol: https }',
        ].join('\n'),
      },
    },
    requiresKinds: ['llm-app', 'llm-api'],
  },

  check(query) {
    const prompters = query.components.filter(
      (c) =>
        query.buildsPrompts(c) &&
        query.isReachableFromOutside(c) &&
        !query.hasControl(c, 'prompt-injection-defense'),
    );
    return controlGap({
      components: prompters,
      controls: ['prompt-injection-defense'],
      why:
        `${namesWith(
          query,
          prompters.map((c) => c.id),
          'puts',
          'put',
        )} input that originates outside ` +
        'into language-model prompts, and no prompt-injection defence is declared.',
    });
  },
});
