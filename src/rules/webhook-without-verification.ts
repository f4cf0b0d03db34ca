import { controlGap, edgesOf } from '../engine/findings.js';
import { evidenceOf, type Link, type ModelQuery } from '../engine/query.js';
import type { ComponentKind } from '../model/types.js';
import { defineRule } from './rule.js';

/** Outsiders that are people or client software, not third-party services calling in. */
const CLIENT_KINDS: ReadonlySet<ComponentKind> = new Set<ComponentKind>([
  'user',
  'admin-user',
  'browser',
  'mobile-app',
  'iot-device',
  'llm-api',
]);
/** Mechanisms that prove which third party sent the call. */
const VERIFYING: ReadonlySet<string> = new Set(['hmac', 'mtls', 'jwt', 'oauth']);

export default defineRule({
  meta: {
    id: 'STR-0055',
    slug: 'webhook-without-verification',
    title: 'Calls from third parties accepted without verifying the sender',
    stride: ['S', 'T'],
    references: { cwe: ['CWE-940', 'CWE-347'], asvs: ['V4.1.5'], asvs4: ['V13.2.6'] },
    likelihood: 'high',
    impact: 'high',
    description:
      'Third-party services (payment providers, SaaS tools, partners) call into the system, ' +
      'and the model declares no verification of the sender: no webhook signature, HMAC or ' +
      'mutual TLS. Anyone who finds the endpoint can forge events such as "payment succeeded".',
    recommendation:
      "Verify each webhook's signature with the shared secret or public key, check its " +
      "timestamp to refuse replays, and confirm important events with the provider's API. " +
      'Declare `webhook-verification: true`.',
    examples: {
      fires: {
        description: 'Stripe posts payment events to the order service.',
        model: [
          'components:',
          '  - { id: stripe, name: Stripe, technology: stripe }',
          '  - { id: orders, name: Orders, kind: service }',
          'flows:',
          '  - { from: stripe, to: orders, protocol: https }',
        ].join('\n'),
      },
      quiet: {
        description: 'The order service verifies the webhook signature.',
        model: [
          'components:',
          '  - { id: stripe, name: Stripe, technology: stripe }',
          '  - { id: orders, name: Orders, kind: service }',
          'flows:',
          '  - from: stripe',
          '    to: orders',
          '    protocol: https',
          '    controls: { webhook-verification: true }',
        ].join('\n'),
      },
    },
  },

  check(query) {
    const flows = query.links
      .filter((link) => isUnverifiedCallback(query, link))
      .map((link) => link.flow);
    return controlGap({
      components: [...new Set(flows.flatMap((f) => [f.from, f.to]))].map((id) =>
        query.component(id)!,
      ),
      flows,
      controls: ['webhook-verification'],
      why:
        `Third parties call into the system (${edgesOf(query, flows)}) and nothing verifies ` +
        'that the calls come from them.',
      evidence: flows.map((f) => evidenceOf(f.id, 'authentication', f.authentication)),
    });
  },
});

function isUnverifiedCallback(
  query: ModelQuery,
  { flow, source: sender, target: receiver }: Link,
): boolean {
  if (!query.isOutside(sender) || query.isOutside(receiver)) return false;
  if (sender.type.value !== 'external' || CLIENT_KINDS.has(sender.kind.value)) return false;
  if (VERIFYING.has(flow.authentication?.value ?? '')) return false;
  return !query.hasControlOnAny([flow, receiver], 'webhook-verification');
}
