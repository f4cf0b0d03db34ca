import { controlGap, edgesOf } from '../engine/findings.js';
import { evidenceOf } from '../engine/query.js';
import type { ComponentKind } from '../model/types.js';
import { defineRule } from './rule.js';

const DIRECTORY_KINDS: ReadonlySet<ComponentKind> = new Set<ComponentKind>(['identity-provider']);
const LDAP_PROTOCOLS: ReadonlySet<string> = new Set(['ldap', 'ldaps']);

export default defineRule({
  meta: {
    id: 'STR-0021',
    slug: 'ldap-injection',
    title: 'LDAP injection into directory queries',
    stride: ['T', 'I', 'S'],
    references: { cwe: ['CWE-90'], asvs: ['V1.2.6'], asvs4: ['V5.3.7'] },
    likelihood: 'medium',
    impact: 'high',
    description:
      'Services that handle outside input query a directory over LDAP, and no input ' +
      'validation or escaping is declared. Filter metacharacters in a user name can widen a ' +
      'search, bypass a login check or list the directory.',
    recommendation:
      'Escape every value placed into LDAP filters and distinguished names with the ' +
      "library's encoder, validate user names against an allowlist, and bind with a " +
      'least-privilege account. Declare `input-validation: true`.',
    examples: {
      fires: {
        description: 'A login service queries OpenLDAP with user input.',
        model: [
          'components:',
          '  - { id: user, name: User, kind: user }',
          '  - { id: login, name: Login service, kind: service }',
          '  - { id: dir, name: Directory, technology: openldap }',
          'flows:',
          '  - { from: user, to: login, protocol: https }',
          '  - { from: login, to: dir, protocol: ldaps }',
        ].join('\n'),
      },
      quiet: {
        description: 'The login service declares input validation.',
        model: [
          'components:',
          '  - { id: user, name: User, kind: user }',
          '  - id: login',
          '    name: Login service',
          '    kind: service',
          '    controls: { input-validation: true }',
          '  - { id: dir, name: Directory, technology: openldap }',
          'flows:',
          '  - { from: user, to: login, protocol: https }',
          '  - { from: login, to: dir, protocol: ldaps }',
        ].join('\n'),
      },
    },
  },

  check(query) {
    const flows = query
      .untrustedQueryFlows(DIRECTORY_KINDS, ['input-validation', 'query-parameterization'])
      .filter((flow) => LDAP_PROTOCOLS.has(flow.protocol?.value ?? ''));
    return controlGap({
      components: [...new Set(flows.map((f) => query.source(f)!))],
      flows,
      controls: ['input-validation'],
      why:
        `Input from outside reaches directory queries over LDAP (${edgesOf(query, flows)}), ` +
        'and no validation or escaping of it is declared.',
      evidence: flows.map((f) => evidenceOf(f.id, 'protocol', f.protocol)),
    });
  },
});
