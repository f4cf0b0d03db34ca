import { controlGap, edgesOf, namesWith, verb } from '../engine/findings.js';
import { evidenceOf } from '../engine/query.js';
import type { ComponentKind } from '../model/types.js';
import { defineRule } from './rule.js';

/** Edges that forward tokens without consuming them; the component behind them checks. */
const PASS_ON_KINDS: ReadonlySet<ComponentKind> = new Set<ComponentKind>([
  'waf',
  'cdn',
  'load-balancer',
  'reverse-proxy',
]);

/** Mechanisms where the receiver must check a token it is handed: signature, expiry, audience. */
const TOKEN_MECHANISMS: ReadonlySet<string> = new Set(['jwt', 'oauth', 'saml']);

export default defineRule({
  meta: {
    id: 'STR-0008',
    slug: 'token-validation-not-declared',
    title: 'Bearer tokens accepted without declared validation',
    stride: ['S', 'E'],
    references: {
      cwe: ['CWE-347'],
      asvs: ['V9.1.1', 'V9.2.1', 'V9.2.3'],
      asvs4: ['V3.5.3'],
    },
    likelihood: 'medium',
    impact: 'high',
    description:
      'Gateways and services that accept JWTs, OAuth access tokens or SAML assertions are ' +
      'only as strong as their checks of them. When the model does not declare that the ' +
      'signature, expiry and audience are verified, a forged, expired or replayed token may pass.',
    recommendation:
      'Verify every token where it is accepted: signature with keys from the issuer only, an ' +
      'allowlist of algorithms, expiry and not-before, issuer and audience. Declare ' +
      '`token-validation: true` on the component once it does.',
    examples: {
      fires: {
        description: 'A gateway forwards requests carrying JWTs with no validation declared.',
        model: [
          'components:',
          '  - { id: app, name: Mobile app, kind: mobile-app }',
          '  - { id: gw, name: API gateway, kind: api-gateway }',
          'flows:',
          '  - { from: app, to: gw, protocol: https, authentication: jwt }',
        ].join('\n'),
      },
      quiet: {
        description: 'The gateway declares token validation.',
        model: [
          'components:',
          '  - { id: app, name: Mobile app, kind: mobile-app }',
          '  - id: gw',
          '    name: API gateway',
          '    kind: api-gateway',
          '    controls: { token-validation: true }',
          'flows:',
          '  - { from: app, to: gw, protocol: https, authentication: jwt }',
        ].join('\n'),
      },
    },
  },

  check(query) {
    const flows = query.links
      .filter(({ flow, target: receiver }) => {
        if (!TOKEN_MECHANISMS.has(flow.authentication?.value ?? '')) return false;
        if (!query.isOperated(receiver) || PASS_ON_KINDS.has(receiver.kind.value)) return false;
        return !query.hasControlOnAny([receiver, flow], 'token-validation');
      })
      .map((link) => link.flow);
    const receivers = [...new Set(flows.map((f) => f.to))].map((id) => query.component(id)!);
    return controlGap({
      components: receivers,
      controls: ['token-validation'],
      why:
        `${namesWith(
          query,
          receivers.map((r) => r.id),
          'accepts',
          'accept',
        )} tokens ` +
        `(${edgesOf(query, flows)}) and the model does not say ${verb(receivers, 'it verifies', 'they verify')} signature, ` +
        'expiry and audience.',
      evidence: flows.map((f) => evidenceOf(f.id, 'authentication', f.authentication)),
    });
  },
});
