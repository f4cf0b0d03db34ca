import { controlGap, edgesOf } from '../engine/findings.js';
import { evidenceOf, type Link, type ModelQuery } from '../engine/query.js';
import { defineRule } from './rule.js';

/** Words that say a service fetches addresses it was given rather than fixed ones. */
const URL_WORDS: ReadonlySet<string> = new Set([
  'url',
  'urls',
  'uri',
  'fetch',
  'fetches',
  'callback',
  'callbacks',
  'crawl',
  'crawler',
  'crawls',
  'scrape',
  'scraper',
  'download',
  'downloads',
  'preview',
  'previews',
  'link',
  'links',
  'webhook',
  'webhooks',
  'browse',
  'browsing',
]);

export default defineRule({
  meta: {
    id: 'STR-0028',
    slug: 'server-side-request-forgery',
    title: 'Server-side request forgery from services that call URLs',
    stride: ['I', 'E'],
    references: {
      cwe: ['CWE-918'],
      asvs: ['V1.3.6', 'V13.2.5'],
      asvs4: ['V5.2.6', 'V12.6.1'],
    },
    likelihood: 'medium',
    impact: 'high',
    description:
      'A service on the path of outside requests calls URLs (webhooks, link previews, ' +
      'imports, crawlers) and no destination allowlist is declared. A caller who chooses the ' +
      'URL makes the service reach internal hosts and cloud metadata endpoints for them.',
    recommendation:
      'Allow only the schemes, hosts and ports the feature needs, resolve and check the ' +
      'address against private ranges before connecting, refuse redirects, and send such ' +
      'calls through an egress proxy. Declare `url-allowlist: true`.',
    examples: {
      fires: {
        description: 'An app delivers webhooks to URLs customers register.',
        model: [
          'components:',
          '  - { id: user, name: Customer, kind: user }',
          '  - { id: app, name: Notifier, kind: service }',
          '  - { id: hooks, name: Customer endpoints, kind: external-service }',
          'flows:',
          '  - { from: user, to: app, protocol: https }',
          '  - { from: app, to: hooks, protocol: webhook, encrypted: true }',
        ].join('\n'),
      },
      quiet: {
        description: 'Webhook destinations go through an allowlist.',
        model: [
          'components:',
          '  - { id: user, name: Customer, kind: user }',
          '  - { id: app, name: Notifier, kind: service, controls: { url-allowlist: true } }',
          '  - { id: hooks, name: Customer endpoints, kind: external-service }',
          'flows:',
          '  - { from: user, to: app, protocol: https }',
          '  - { from: app, to: hooks, protocol: webhook, encrypted: true }',
        ].join('\n'),
      },
    },
  },

  check(query) {
    const flows = query.links
      .filter((link) => fetchesGivenUrl(query, link))
      .map((link) => link.flow);
    return controlGap({
      components: [...new Set(flows.map((f) => query.source(f)!))],
      flows,
      controls: ['url-allowlist'],
      why:
        `Services reached from outside call addresses they are given (${edgesOf(query, flows)}), ` +
        'and no allowlist of destinations is declared.',
      evidence: flows.map((f) => evidenceOf(f.id, 'protocol', f.protocol)),
    });
  },
});

function fetchesGivenUrl(query: ModelQuery, { flow, source: caller }: Link): boolean {
  // Few flows name URLs, and words are cached per text: this rules most flows out cheaply.
  if (!query.mentionsAny([flow.protocol?.value, flow.label], URL_WORDS)) return false;
  if (caller.type.value !== 'process' || query.isOutside(caller)) return false;
  if (!query.isReachableFromOutside(caller)) return false;
  return !query.hasControlOnAny([caller, flow], 'url-allowlist');
}
