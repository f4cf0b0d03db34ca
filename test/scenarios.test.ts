import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { analyze } from '../src/engine/pipeline.js';
import type { Threat } from '../src/engine/threat.js';
import { RULES } from '../src/rules/index.js';
import { REPO_ROOT } from './helpers.js';

/**
 * Measured quality: each folder under test/scenarios/ holds an architecture (model.yaml) and
 * what a careful reviewer expects of it (expect.yaml): threats by rule slug with components
 * the threat must include, and rules that must not fire at all. Precision counts the reported
 * threats that match an expectation; recall counts the expectations some threat meets.
 */
const DIR = path.join(REPO_ROOT, 'test/scenarios');
const MIN_PRECISION = 0.8;
const MIN_RECALL = 0.9;
/** The well-protected architecture, and how short its report must be. */
const WELL_PROTECTED = 'microservices-mtls';
const SHORT_REPORT = 3;

interface Expectation {
  rule: string;
  components: string[];
}
interface Scenario {
  name: string;
  threats: Threat[];
  expected: Expectation[];
  mustNot: string[];
}

const SLUGS = new Set(RULES.map((rule) => rule.meta.slug));
const scenarios: Scenario[] = readdirSync(DIR, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort()
  .map((name) => {
    const file = path.join(DIR, name, 'model.yaml');
    const { report } = analyze({ text: readFileSync(file, 'utf8'), file });
    const expect = parse(readFileSync(path.join(DIR, name, 'expect.yaml'), 'utf8')) as {
      expected?: Expectation[];
      mustNot?: string[];
    };
    const expected = expect.expected ?? [];
    return { name, threats: report.threats, expected, mustNot: expect.mustNot ?? [] };
  });

function meets(threat: Threat, expectation: Expectation): boolean {
  return (
    threat.slug === expectation.rule &&
    expectation.components.every((id) => threat.components.includes(id))
  );
}

const totals = { reported: 0, matched: 0, expected: 0, met: 0 };
for (const scenario of scenarios) {
  totals.reported += scenario.threats.length;
  const matched = scenario.threats.filter((t) => scenario.expected.some((e) => meets(t, e)));
  totals.matched += matched.length;
  totals.expected += scenario.expected.length;
  totals.met += scenario.expected.filter((e) => scenario.threats.some((t) => meets(t, e))).length;
}
const precision = totals.reported === 0 ? 1 : totals.matched / totals.reported;
const recall = totals.expected === 0 ? 1 : totals.met / totals.expected;

describe('scenario architectures', () => {
  afterAll(() => {
    console.log(
      `scenarios: ${scenarios.length}, threats reported ${totals.reported}, expected ` +
        `${totals.expected}; precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)}`,
    );
  });

  it('cover at least eight architectures, each with expectations naming real rules', () => {
    expect(scenarios.length).toBeGreaterThanOrEqual(8);
    for (const { name, expected, mustNot } of scenarios) {
      for (const slug of [...expected.map((e) => e.rule), ...mustNot]) {
        expect(SLUGS.has(slug), `${name}: unknown rule ${slug}`).toBe(true);
      }
    }
  });

  it.each(scenarios.map((s) => [s.name, s] as const))(
    '%s: no rule fires that must not',
    (_name, scenario) => {
      const fired = scenario.threats.map((t) => t.slug);
      for (const slug of scenario.mustNot) expect(fired, slug).not.toContain(slug);
    },
  );

  it(`reach precision ${MIN_PRECISION} and recall ${MIN_RECALL} over all scenarios`, () => {
    expect(precision).toBeGreaterThanOrEqual(MIN_PRECISION);
    expect(recall).toBeGreaterThanOrEqual(MIN_RECALL);
  });

  it(`give a short report (at most ${SHORT_REPORT} threats) for the well-protected one`, () => {
    const protectedOne = scenarios.find((s) => s.name === WELL_PROTECTED)!;
    expect(protectedOne.threats.map((t) => t.slug).length).toBeLessThanOrEqual(SHORT_REPORT);
  });
});

describe('scenario scoring', () => {
  it('counts a threat as matching only with the right rule and every named component', () => {
    const threat = { slug: 'prompt-injection', components: ['chat', 'llm'] } as Threat;
    expect(meets(threat, { rule: 'prompt-injection', components: ['chat'] })).toBe(true);
    expect(meets(threat, { rule: 'prompt-injection', components: ['chat', 'web'] })).toBe(false);
    expect(meets(threat, { rule: 'llm-output-unvalidated', components: ['chat'] })).toBe(false);
  });
});
