import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { appliesTo } from '../src/engine/analyze.js';
import { understand } from '../src/engine/pipeline.js';
import { ModelQuery } from '../src/engine/query.js';
import type { ComponentKind, ThreatModel } from '../src/model/types.js';
import { RULES } from '../src/rules/index.js';
import { REPO_ROOT } from './helpers.js';

/*
 * The engine skips a rule whose `requiresKinds` the model lacks. That is only safe if the rule
 * can never fire without such a component. Every model we have (each rule's examples, the
 * scenarios, the bundled examples) is rewritten with those components given another kind, and
 * the rule, run directly, must then stay quiet.
 */

function modelsOnDisk(): { name: string; text: string; file: string }[] {
  const scenarios = path.join(REPO_ROOT, 'test', 'scenarios');
  const files = [
    ...readdirSync(scenarios).map((dir) => path.join(scenarios, dir, 'model.yaml')),
    path.join(REPO_ROOT, 'examples', 'web-shop.mmd'),
    path.join(REPO_ROOT, 'examples', 'payments-platform.yaml'),
  ];
  return files.map((file) => ({
    name: path.relative(REPO_ROOT, file),
    text: readFileSync(file, 'utf8'),
    file,
  }));
}

const MODELS = [
  ...RULES.flatMap((rule) =>
    (['fires', 'quiet'] as const).map((which) => ({
      name: `${rule.meta.slug} ${which}`,
      text: rule.meta.examples[which].model,
      file: `${rule.meta.slug}.yaml`,
    })),
  ),
  ...modelsOnDisk(),
].map(({ name, text, file }) => ({ name, model: understand({ text, file }).model }));

/** The model with every component of the given kinds turned into the replacement kind. */
function withoutKinds(
  model: ThreatModel,
  kinds: readonly ComponentKind[],
  replacement: ComponentKind,
): ThreatModel {
  return {
    ...model,
    components: model.components.map((component) =>
      kinds.includes(component.kind.value)
        ? { ...component, kind: { value: replacement, source: 'declared' } }
        : component,
    ),
  };
}

const GUARDED = RULES.filter((rule) => rule.meta.requiresKinds !== undefined);

describe('rules that name the kinds they need', () => {
  it('are a real share of the catalog', () => {
    expect(GUARDED.length).toBeGreaterThanOrEqual(15);
  });

  it.each(GUARDED.map((rule) => [rule.meta.slug, rule] as const))(
    '%s fires on its example, which has a kind it needs',
    (_, rule) => {
      const { model } = MODELS.find((m) => m.name === `${rule.meta.slug} fires`)!;
      const kinds = new Set(model.components.map((c) => c.kind.value));
      expect(appliesTo(rule, kinds)).toBe(true);
      expect(rule.check(new ModelQuery(model)).length).toBeGreaterThan(0);
    },
  );

  it.each(GUARDED.map((rule) => [rule.meta.slug, rule] as const))(
    '%s stays quiet on every model once those kinds are gone',
    (_, rule) => {
      const kinds = rule.meta.requiresKinds!;
      for (const replacement of ['service', 'unknown', 'database'] as const) {
        for (const { name, model } of MODELS) {
          const stripped = withoutKinds(model, kinds, replacement);
          const findings = rule.check(new ModelQuery(stripped));
          expect(findings, `${name} with ${kinds.join('/')} as ${replacement}`).toEqual([]);
        }
      }
    },
  );
});
