import { controlGap, edgesOf } from '../engine/findings.js';
import { evidenceOf, USER_DATA_CLASSES, type Link, type ModelQuery } from '../engine/query.js';
import type { Component } from '../model/types.js';
import { defineRule } from './rule.js';

/** Mechanisms that carry the end user's identity rather than the calling service's. */
const USER_TOKENS: ReadonlySet<string> = new Set(['jwt', 'oauth', 'saml']);

export default defineRule({
  meta: {
    id: 'STR-0013',
    slug: 'user-identity-not-propagated',
    title: "Back ends act on user data without the end user's identity",
    stride: ['E', 'R'],
    references: { cwe: ['CWE-441'], asvs: ['V8.3.3'], asvs4: [] },
    likelihood: 'medium',
    impact: 'high',
    description:
      'A service on the path of user requests calls a back end that holds user data, and ' +
      'the call authenticates only the calling service (mutual TLS, an API key, IAM). The ' +
      "back end cannot tell which user it acts for, so it trusts the caller's checks " +
      'entirely (a confused deputy) and cannot record who did what.',
    recommendation:
      "Pass the end user's identity along (a token exchange, a signed internal token or the " +
      'original access token) and authorize on it in the back end; declare ' +
      '`identity-propagation: true` on the flow.',
    examples: {
      fires: {
        description: 'The web tier calls the profile service with mutual TLS only.',
        model: [
          'components:',
          '  - { id: user, name: User, kind: user }',
          '  - { id: web, name: Web, kind: web-app }',
          '  - { id: profile, name: Profile service, kind: service, data: [pii] }',
          'flows:',
          '  - { from: user, to: web, protocol: https, authentication: oauth }',
          '  - { from: web, to: profile, protocol: grpc, authentication: mtls }',
        ].join('\n'),
      },
      quiet: {
        description: "The call carries the user's token.",
        model: [
          'components:',
          '  - { id: user, name: User, kind: user }',
          '  - { id: web, name: Web, kind: web-app }',
          '  - { id: profile, name: Profile service, kind: service, data: [pii] }',
          'flows:',
          '  - { from: user, to: web, protocol: https, authentication: oauth }',
          '  - { from: web, to: profile, protocol: grpc, authentication: jwt }',
        ].join('\n'),
      },
    },
  },

  check(query) {
    const flows = query.links
      .filter((link) => dropsUserIdentity(query, link))
      .map((link) => link.flow);
    return controlGap({
      components: flows.map((f) => query.target(f)!),
      flows,
      controls: ['identity-propagation'],
      why:
        `${edgesOf(query, flows)} authenticate${flows.length === 1 ? 's' : ''} the calling ` +
        "service only, while the callee works on user data; the end user's identity stops " +
        'at the caller.',
      evidence: flows.map((f) => evidenceOf(f.id, 'authentication', f.authentication)),
    });
  },
});

function dropsUserIdentity(
  query: ModelQuery,
  { flow, source: caller, target: callee }: Link,
): boolean {
  const mechanism = flow.authentication?.value;
  if (mechanism === undefined || USER_TOKENS.has(mechanism)) return false;
  if (callee.type.value !== 'process' || query.isOutside(callee)) return false;
  if (!query.isReachableFromOutside(caller)) return false;
  if (caller.kind.value === 'api-gateway' && receivesUserTokens(query, caller)) return false;
  const userData = query.sensitiveDataHandledBy(callee).some((id) => USER_DATA_CLASSES.has(id));
  return userData && !query.hasControlOnAny([flow, callee], 'identity-propagation');
}

/** A gateway given user tokens passes their claims on to what it routes to. */
function receivesUserTokens(query: ModelQuery, gateway: Component): boolean {
  return query.flowsTo(gateway.id).some((f) => USER_TOKENS.has(f.authentication?.value ?? ''));
}
