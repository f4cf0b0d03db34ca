import { controlGap, edgesOf } from '../engine/findings.js';
import type { Link, ModelQuery } from '../engine/query.js';
import { defineRule } from './rule.js';

export default defineRule({
  meta: {
    id: 'STR-0052',
    slug: 'sensitive-data-to-external-llm',
    title: 'Sensitive data sent to an external model API',
    stride: ['I'],
    references: { cwe: ['CWE-359', 'CWE-201'], asvs: ['V14.2.3'], asvs4: [] },
    likelihood: 'high',
    impact: 'high',
    description:
      'A component that handles personal, payment, health or other confidential data sends ' +
      'prompts to a model API run by a third party, and no redaction of prompts is declared. ' +
      'The provider then receives, and may log or retain, that data.',
    recommendation:
      'Redact or pseudonymize sensitive fields before they enter prompts, use a provider ' +
      'agreement with zero retention, or run the model inside the system. Declare ' +
      '`prompt-redaction: true` once prompts are cleaned.',
    examples: {
      fires: {
        description: 'A support assistant with customer records calls Anthropic.',
        model: [
          'components:',
          '  - { id: bot, name: Support assistant, kind: llm-app, data: [customer-data] }',
          '  - { id: llm, name: Claude, technology: anthropic }',
          'flows:',
          '  - { from: bot, to: llm, protocol: https }',
        ].join('\n'),
      },
      quiet: {
        description: 'The assistant redacts prompts.',
        model: [
          'components:',
          '  - id: bot',
          '    name: Support assistant',
          '    kind: llm-app',
          '    data: [customer-data]',
          '    controls: { prompt-redaction: true }',
          '  - { id: llm, name: Claude, technology: anthropic }',
          'flows:',
          '  - { from: bot, to: llm, protocol: https }',
        ].join('\n'),
      },
    },
    requiresKinds: ['llm-api'],
  },

  check(query) {
    const flows = query.links.filter((link) => leaksToModel(query, link)).map((link) => link.flow);
    const senders = [...new Set(flows.map((f) => query.source(f)!))];
    return controlGap({
      components: senders,
      flows,
      controls: ['prompt-redaction'],
      why:
        `Prompts built from sensitive data go to a third-party model (${edgesOf(query, flows)}), ` +
        'and no redaction is declared.',
      evidence: senders.flatMap((c) => query.sensitiveDataEvidence(c)),
    });
  },
});

function leaksToModel(query: ModelQuery, { flow, source: sender, target: model }: Link): boolean {
  if (model.kind.value !== 'llm-api' || !query.isOutside(model)) return false;
  if (query.hasControlOnAny([sender, flow], 'prompt-redaction')) return false;
  const carried = flow.data.value.some((id) => query.isSensitive(id));
  const handled = query.sensitiveDataHandledBy(sender).some((id) => id !== 'model-prompts');
  return carried || handled;
}
