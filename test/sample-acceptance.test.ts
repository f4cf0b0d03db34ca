import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyze } from '../src/engine/pipeline.js';
import { HAS_SHARED, SHARED_ABSENT_NOTE, sharedPath } from './helpers.js';

/**
 * The diagram behind the reference sample report must yield the sample's five threats, with the
 * components the sample names. Our own copy-free fixture of the same shape runs always.
 */
const SAMPLE_SHAPE = `%% a web system with a WAF, cache, logs, analytics, monitoring and alerts
graph LR
  user[User] --> waf[WAF]
  waf --> api((API Gateway))
  api --> app[App Service]
  api --> cache[(Redis Cache)]
  app --> db[(Customer DB)]
  app --> logs[Log Service]
  logs --> analytics[Analytics DB]
  app --> monitor[Monitoring Service]
  monitor --> alerts[Alert Manager]
`;

function checkSampleThreats(text: string, file: string) {
  const { report } = analyze({ text, file });
  const byRule = new Map(report.threats.map((t) => [t.slug, t]));
  const expectations: [string, string[], string][] = [
    [
      'unauthenticated-internal-service',
      ['cache', 'logs', 'analytics', 'monitor', 'alerts'],
      'high',
    ],
    ['unencrypted-internal-flow', ['api', 'cache', 'app', 'logs', 'analytics', 'monitor'], 'high'],
    ['sensitive-data-to-store-unencrypted', ['app', 'db'], 'high'],
    ['sensitive-data-in-logs', ['app', 'logs', 'analytics'], 'medium'],
    ['dmz-reaches-private-zone', ['api', 'app', 'cache'], 'medium'],
  ];
  for (const [slug, components, severity] of expectations) {
    const threat = byRule.get(slug);
    expect(threat, slug).toBeDefined();
    expect(threat!.components, slug).toEqual(expect.arrayContaining(components));
    expect(threat!.severity, slug).toBe(severity);
  }
  const unauthenticated = byRule.get('unauthenticated-internal-service')!;
  expect(unauthenticated.components).not.toContain('app');
  expect(unauthenticated.components).not.toContain('db');
  expect(byRule.get('dmz-reaches-private-zone')!.why).toMatch(/assumptions/);
  return report;
}

describe('the reference sample', () => {
  it('finds the five threats of the sample on a diagram of the same shape', () => {
    checkSampleThreats(SAMPLE_SHAPE, 'sample-shape.mmd');
  });

  it.skipIf(!HAS_SHARED)('finds them on the diagram behind the sample report', () => {
    const file = sharedPath('corpus/threat-thinker/examples/diagrams/web/system-updated.mmd');
    const report = checkSampleThreats(readFileSync(file, 'utf8'), file);
    expect(report.threats.map((t) => t.severity).slice(0, 3)).toEqual(['high', 'high', 'high']);
  });
  if (!HAS_SHARED) it.skip(SHARED_ABSENT_NOTE, () => {});

  it('gives the same report for the same input, every time', () => {
    const first = analyze({ text: SAMPLE_SHAPE, file: 'a.mmd' }).report;
    const second = analyze({ text: SAMPLE_SHAPE, file: 'a.mmd' }).report;
    expect(second).toEqual(first);
  });
});
