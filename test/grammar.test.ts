import { describe, expect, it } from 'vitest';
import { namesWith, verb } from '../src/engine/findings.js';
import { analyze } from '../src/engine/pipeline.js';
import { ModelQuery } from '../src/engine/query.js';
import { loadSvgLayout } from '../src/renderers/graphviz.js';
import { renderHtml } from '../src/renderers/html.js';
import { renderMarkdown } from '../src/renderers/markdown.js';
import { analyzedLine, countOf } from '../src/renderers/text.js';
import { modelOf, threatsOf } from './helpers.js';

/** Verbs and counts agree with how many things a sentence names. */

describe('agreement helpers', () => {
  it('picks the singular for one subject and the plural otherwise', () => {
    expect(verb(1, 'takes', 'take')).toBe('takes');
    expect(verb(2, 'takes', 'take')).toBe('take');
    expect(verb(['a'], 'it', 'them')).toBe('it');
    expect(verb([], 'it', 'them')).toBe('them');
  });

  it('counts each named component once', () => {
    const query = new ModelQuery(
      modelOf('components:\n  - { id: api, name: API }\n  - { id: web, name: Web }\n'),
    );
    expect(namesWith(query, ['api', 'api'], 'takes', 'take')).toBe('API takes');
    expect(namesWith(query, ['api', 'web'], 'takes', 'take')).toBe('API and Web take');
  });

  it('counts nouns: one component, several flows, no zones', () => {
    expect(countOf(1, 'component')).toBe('1 component');
    expect(countOf(3, 'flow')).toBe('3 flows');
    expect(countOf(0, 'zone')).toBe('0 zones');
    expect(analyzedLine({ components: 1, flows: 2, zones: 1, rules: 1 })).toBe(
      'Analyzed 1 component, 2 flows and 1 zone with 1 rule',
    );
  });
});

/** One or two of each: users, app services behind a WAF, and customer databases. */
function shop(count: 1 | 2): string {
  const ids = count === 1 ? [''] : ['', '2'];
  const apps = ids.map((n) => `  - { id: app${n}, name: App Service${n}, kind: service }`);
  const dbs = ids.map(
    (n) =>
      `  - { id: db${n}, name: Customer DB${n}, type: datastore, kind: database, data: [pii] }`,
  );
  const flows = ids.flatMap((n) => [
    `  - { from: waf, to: app${n}, protocol: https }`,
    `  - { from: app${n}, to: db${n}, protocol: postgresql, encrypted: true }`,
  ]);
  return [
    'components:',
    '  - { id: user, name: User, kind: user }',
    '  - { id: waf, name: WAF, kind: waf }',
    ...apps,
    ...dbs,
    'flows:',
    '  - { from: user, to: waf, protocol: https }',
    ...flows,
  ].join('\n');
}

function whyOf(yaml: string, slug: string): string {
  const threat = threatsOf(yaml).find((t) => t.slug === slug);
  if (!threat) throw new Error(`${slug} did not fire`);
  return threat.why;
}

describe('rule sentences', () => {
  it('use singular verbs for one component', () => {
    expect(whyOf(shop(1), 'no-rate-limiting-at-entry')).toMatch(
      /^WAF takes requests .* declared on it or in front of it\.$/,
    );
    expect(whyOf(shop(1), 'security-events-not-logged')).toMatch(
      /^WAF decides who gets in, yet sends no events .* and declares no security logging\.$/,
    );
    expect(whyOf(shop(1), 'sensitive-data-at-rest-unencrypted')).toMatch(/^Customer DB holds /);
  });

  it('use plural verbs for several components', () => {
    expect(whyOf(shop(2), 'sensitive-data-at-rest-unencrypted')).toMatch(
      /^Customer DB and Customer DB2 hold /,
    );
    expect(whyOf(shop(2), 'missing-object-level-authorization')).toMatch(
      /^App Service and App Service2 take requests .* and work on user data/,
    );
  });

  it('never pair a lone component with a bare plural verb', () => {
    const plurals = / (take|hold|serve|decide|send|declare|receive|accept|reach|keep|collect) /;
    const single = shop(1);
    for (const threat of threatsOf(single).filter((t) => t.components.length === 1)) {
      expect(threat.why, threat.slug).not.toMatch(new RegExp(`^[^.]*?\\w${plurals.source}`));
    }
  });
});

describe('report headers', () => {
  const lone = 'components:\n  - { id: api, name: API, kind: service }\n';

  it('count one component, no flows and one zone in Markdown', () => {
    const { report } = analyze({ text: lone, file: 'lone.yaml' });
    expect(renderMarkdown(report)).toContain('Analyzed 1 component, 0 flows and 1 zone with');
  });

  it('count the same in the HTML header', async () => {
    const { report, model } = analyze({ text: lone, file: 'lone.yaml' });
    const html = renderHtml(report, { model, layout: await loadSvgLayout() });
    expect(html).toContain('Analyzed 1 component, 0 flows and 1 zone with');
    expect(html).not.toContain('1 components');
  });
});
