import { controlGap, namesOf, namesWith, verb } from '../engine/findings.js';
import type { Link, ModelQuery } from '../engine/query.js';
import type { Component } from '../model/types.js';
import { defineRule } from './rule.js';

export default defineRule({
  meta: {
    id: 'STR-0007',
    slug: 'missing-mfa-for-sensitive-access',
    title: 'People reach sensitive data with a single factor',
    stride: ['S'],
    references: { cwe: ['CWE-308'], asvs: ['V6.3.3'], asvs4: ['V2.2.4', 'V4.3.1'] },
    likelihood: 'medium',
    impact: 'high',
    description:
      'Administrators, or users reaching restricted data (credentials, payment, health), log ' +
      'in where no second factor is declared: not on the person, the flow, the service they ' +
      'reach or the identity provider behind it. A phished or reused password is enough.',
    recommendation:
      'Require multi-factor authentication for administrators and for access to restricted ' +
      'data, preferably phishing-resistant (WebAuthn, FIDO2), enforced at the identity provider.',
    examples: {
      fires: {
        description: 'An administrator logs in to a console that holds credentials.',
        model: [
          'components:',
          '  - { id: admin, name: Operator, kind: admin-user }',
          '  - { id: console, name: Back office, kind: web-app, data: [credentials] }',
          'flows:',
          '  - { from: admin, to: console, protocol: https }',
        ].join('\n'),
      },
      quiet: {
        description: 'The identity provider behind the console enforces MFA.',
        model: [
          'components:',
          '  - { id: admin, name: Operator, kind: admin-user }',
          '  - { id: console, name: Back office, kind: web-app, data: [credentials] }',
          '  - { id: idp, name: SSO, kind: identity-provider, controls: { mfa: true } }',
          'flows:',
          '  - { from: admin, to: console, protocol: https }',
          '  - { from: console, to: idp, protocol: https }',
        ].join('\n'),
      },
    },
  },

  check(query) {
    const flows = query.links
      .filter((link) => needsSecondFactor(query, link))
      .map((link) => link.flow);
    const people = flows.map((f) => query.source(f)!);
    const targets = flows.map((f) => query.target(f)!);
    return controlGap({
      components: [...new Set([...people, ...targets])],
      flows,
      controls: ['mfa'],
      why:
        `${namesWith(
          query,
          people.map((p) => p.id),
          'logs',
          'log',
        )} in to ` +
        `${namesOf(
          query,
          targets.map((t) => t.id),
        )}, which ` +
        `${verb(targets, 'handles', 'handle')} sensitive data or ` +
        'administrative functions, and no second factor is declared on that path.',
      evidence: targets.flatMap((t) => query.sensitiveDataEvidence(t)),
    });
  },
});

/** A person logging in where an administrator's or restricted data's bar applies, without MFA. */
function needsSecondFactor(query: ModelQuery, { flow, source: person, target }: Link): boolean {
  if (!query.isHuman(person) || query.isHuman(target)) return false;
  if (flow.authentication?.value === 'none') return false;
  const data = query.sensitiveDataHandledBy(target);
  const restricted = query.highestSensitivity(data) === 'restricted';
  if (person.kind.value !== 'admin-user' && !restricted) return false;
  const guards = [person, flow, target, ...identityProviders(query, target)];
  return !query.hasControlOnAny(guards, 'mfa');
}

function identityProviders(query: ModelQuery, component: Component): Component[] {
  return [...query.callees(component.id), ...query.callers(component.id)].filter(
    (peer) => peer.kind.value === 'identity-provider',
  );
}
