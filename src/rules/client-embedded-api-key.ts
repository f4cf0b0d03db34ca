import { controlGap, edgesOf } from '../engine/findings.js';
import { evidenceOf } from '../engine/query.js';
import type { ComponentKind } from '../model/types.js';
import { defineRule } from './rule.js';

/** Software that runs on devices the operator does not control. */
const CLIENT_KINDS: ReadonlySet<ComponentKind> = new Set<ComponentKind>([
  'browser',
  'mobile-app',
  'iot-device',
]);
const STATIC_KEYS: ReadonlySet<string> = new Set(['api-key', 'hmac']);

export default defineRule({
  meta: {
    id: 'STR-0056',
    slug: 'client-embedded-api-key',
    title: 'Static keys shipped inside client apps and devices',
    stride: ['S', 'I'],
    references: { cwe: ['CWE-798'], asvs: ['V7.2.2'], asvs4: ['V3.5.2'] },
    likelihood: 'high',
    impact: 'medium',
    description:
      'Browsers, mobile apps or devices call the system with an API key or other static ' +
      'secret. A secret shipped to clients is extracted from the bundle or firmware and ' +
      'reused by anyone, and it is the same for every copy.',
    recommendation:
      'Authenticate the user or the device instead: OAuth with PKCE for apps, per-device ' +
      'certificates for devices; keep provider keys on the server and issue short-lived, ' +
      'scoped tokens to clients.',
    examples: {
      fires: {
        description: 'A mobile app calls the API with a fixed key.',
        model: [
          'components:',
          '  - { id: app, name: Mobile app, kind: mobile-app }',
          '  - { id: api, name: API, kind: service }',
          'flows:',
          '  - { from: app, to: api, protocol: https, authentication: api-key }',
        ].join('\n'),
      },
      quiet: {
        description: 'The app uses OAuth tokens.',
        model: [
          'components:',
          '  - { id: app, name: Mobile app, kind: mobile-app }',
          '  - { id: api, name: API, kind: service }',
          'flows:',
          '  - { from: app, to: api, protocol: https, authentication: oauth }',
        ].join('\n'),
      },
    },
    requiresKinds: ['user', 'admin-user', 'browser', 'mobile-app', 'iot-device'],
  },

  check(query) {
    const flows = query.links
      .filter(
        ({ flow, source: client }) =>
          CLIENT_KINDS.has(client.kind.value) && STATIC_KEYS.has(flow.authentication?.value ?? ''),
      )
      .map((link) => link.flow);
    return controlGap({
      components: [...new Set(flows.map((f) => query.source(f)!))],
      flows,
      controls: [],
      why:
        `Clients authenticate with static secrets they carry (${edgesOf(query, flows)}); ` +
        'every copy of the client holds the same secret.',
      evidence: flows.map((f) => evidenceOf(f.id, 'authentication', f.authentication)),
    }).map((finding) => ({ ...finding, controlState: 'absent' as const }));
  },
});
