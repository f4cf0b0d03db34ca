import { controlGap, namesOf } from '../engine/findings.js';
import { evidenceOf, type ModelQuery } from '../engine/query.js';
import type { Component } from '../model/types.js';
import { defineRule } from './rule.js';

/** Credentials a browser does not attach on its own, so forged cross-site requests lack them. */
const NOT_AMBIENT: ReadonlySet<string> = new Set(['jwt', 'api-key', 'mtls', 'none']);

export default defineRule({
  meta: {
    id: 'STR-0024',
    slug: 'cross-site-request-forgery',
    title: 'Cross-site request forgery against web front ends',
    stride: ['T', 'S'],
    references: {
      cwe: ['CWE-352'],
      asvs: ['V3.3.2', 'V3.5.1'],
      asvs4: ['V3.4.3', 'V4.2.2'],
    },
    likelihood: 'medium',
    impact: 'medium',
    description:
      'Users reach a web front end with credentials the browser sends by itself (session ' +
      'cookies, basic authentication), or with a mechanism the model does not name, and no ' +
      "CSRF defence is declared. Another site can make the user's browser submit requests.",
    recommendation:
      'Set SameSite=Lax or Strict on session cookies, require an anti-CSRF token or a custom ' +
      'header on state-changing requests, and check Origin. Declare `csrf-protection: true`.',
    examples: {
      fires: {
        description: 'Users log in to a web app with a session cookie.',
        model: [
          'components:',
          '  - { id: user, name: Member, kind: user }',
          '  - { id: web, name: Account portal, kind: web-app }',
          'flows:',
          '  - { from: user, to: web, protocol: https, authentication: password }',
        ].join('\n'),
      },
      quiet: {
        description: 'The portal declares CSRF protection.',
        model: [
          'components:',
          '  - { id: user, name: Member, kind: user }',
          '  - id: web',
          '    name: Account portal',
          '    kind: web-app',
          '    controls: { csrf-protection: true }',
          'flows:',
          '  - { from: user, to: web, protocol: https, authentication: password }',
        ].join('\n'),
      },
    },
  },

  check(query) {
    const exposed = query.components.filter((c) => isForgeable(query, c));
    const flows = exposed.flatMap((c) => ambientFlows(query, c));
    return controlGap({
      components: exposed,
      controls: ['csrf-protection'],
      why:
        `Browsers reach ${namesOf(
          query,
          exposed.map((c) => c.id),
        )} with credentials they ` +
        'attach on their own, or an undeclared mechanism, and no CSRF defence is declared.',
      evidence: flows.map((f) => evidenceOf(f.id, 'authentication', f.authentication)),
    }).map((finding) => ({ ...finding, flows: flows.map((f) => f.id) }));
  },
});

/** Browser requests into a web front end that carry credentials the browser adds itself. */
function ambientFlows(query: ModelQuery, component: Component) {
  return query
    .pageRequestsInto(component)
    .filter((flow) => !NOT_AMBIENT.has(flow.authentication?.value ?? ''));
}

function isForgeable(query: ModelQuery, component: Component): boolean {
  if (query.hasControl(component, 'csrf-protection')) return false;
  return ambientFlows(query, component).length > 0;
}
