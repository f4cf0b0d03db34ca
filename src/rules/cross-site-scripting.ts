import { controlGap, namesWith } from '../engine/findings.js';
import { defineRule } from './rule.js';

export default defineRule({
  meta: {
    id: 'STR-0023',
    slug: 'cross-site-scripting',
    title: 'Cross-site scripting in web front ends',
    stride: ['T', 'I', 'S'],
    references: {
      cwe: ['CWE-79'],
      asvs: ['V1.2.1', 'V3.4.3'],
      asvs4: ['V5.3.1', 'V14.4.3'],
    },
    likelihood: 'high',
    impact: 'medium',
    description:
      'Web front ends render data that users or other systems supplied. Without contextual ' +
      "output encoding and a Content Security Policy, injected script runs in other users' " +
      'browsers and acts with their session.',
    recommendation:
      'Use a template engine or framework that encodes by context by default, sanitize rich ' +
      'HTML with a vetted library, and send a strict Content-Security-Policy. Declare ' +
      '`output-encoding: true`.',
    examples: {
      fires: {
        description: 'Browsers load pages from a web app with no output encoding declared.',
        model: [
          'components:',
          '  - { id: browser, name: Browser, kind: browser }',
          '  - { id: web, name: Storefront, kind: web-app }',
          'flows:',
          '  - { from: browser, to: web, protocol: https }',
        ].join('\n'),
      },
      quiet: {
        description: 'The web app declares output encoding.',
        model: [
          'components:',
          '  - { id: browser, name: Browser, kind: browser }',
          '  - { id: web, name: Storefront, kind: web-app, controls: { output-encoding: true } }',
          'flows:',
          '  - { from: browser, to: web, protocol: https }',
        ].join('\n'),
      },
    },
  },

  check(query) {
    const frontEnds = query.components.filter(
      (c) => query.isWebFrontEnd(c) && !query.hasControl(c, 'output-encoding'),
    );
    return controlGap({
      components: frontEnds,
      controls: ['output-encoding'],
      why:
        `${namesWith(
          query,
          frontEnds.map((c) => c.id),
          'serves',
          'serve',
        )} ` + 'pages to browsers, and no contextual output encoding is declared.',
    });
  },
});
