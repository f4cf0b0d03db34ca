import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeModel } from '../src/engine/analyze.js';
import { understand } from '../src/engine/pipeline.js';
import { renderSarif } from '../src/renderers/sarif.js';
import { RULES } from '../src/rules/index.js';
import { runCli, temporaryDir } from './cli-helpers.js';
import { REPO_ROOT, SHARED_ABSENT_NOTE } from './helpers.js';
import {
  HAS_SARIF_SCHEMA,
  multitoolCatchesInvalidLogs,
  runMultitool,
  sarifSchemaErrors,
} from './sarif-validation.js';

/**
 * SARIF output checked three ways: a golden log for one example, the official schema for
 * every example, and Microsoft's SARIF multitool where it works. Regenerate the golden log
 * after an intended change with: UPDATE_GOLDEN=1 npx vitest run test/sarif.test.ts
 */
const EXAMPLES = path.join(REPO_ROOT, 'examples');
const GOLDEN = path.join(REPO_ROOT, 'test/fixtures/sarif/web-shop.sarif');
/** The golden log describes the first five rules only, so new rules do not churn it. */
const CORE_RULES = RULES.filter((rule) => rule.meta.id <= 'STR-0005');

const EXAMPLE_INPUTS = readdirSync(EXAMPLES)
  .filter((file) => /\.(mmd|mermaid|ya?ml|json|drawio|xml)$/.test(file))
  .filter((file) => !/\.(hints|report|hinted|model|risks)\./.test(file))
  .filter((file) => !file.startsWith('strider-'))
  .sort();

async function sarifOf(...args: string[]): Promise<string> {
  const result = await runCli('analyze', '--format', 'sarif', ...args);
  expect(result.code, result.stderr).toBe(0);
  return result.stdout;
}

describe('SARIF golden log', () => {
  it('renders examples/web-shop.mmd as checked in', () => {
    const file = 'examples/web-shop.mmd';
    const { model } = understand({ text: readFileSync(path.join(REPO_ROOT, file), 'utf8'), file });
    const report = analyzeModel(model, { rules: CORE_RULES });
    const actual = renderSarif(report, {
      model,
      input: file,
      rules: CORE_RULES,
      toolVersion: '0.1.0',
    });
    if (process.env.UPDATE_GOLDEN === '1' || !existsSync(GOLDEN)) writeFileSync(GOLDEN, actual);
    expect(actual, 'see test/sarif.test.ts to regenerate').toBe(readFileSync(GOLDEN, 'utf8'));
  });
});

describe.skipIf(!HAS_SARIF_SCHEMA)('SARIF against the 2.1.0 schema', () => {
  it('finds examples to check', () => {
    expect(EXAMPLE_INPUTS.length).toBeGreaterThanOrEqual(2);
  });

  it.each(EXAMPLE_INPUTS)('examples/%s gives a valid log', async (input) => {
    const log = JSON.parse(await sarifOf(path.join(EXAMPLES, input)));
    expect(sarifSchemaErrors(log)).toEqual([]);
    expect(log.runs[0].results.length).toBeGreaterThan(0);
  });

  it('stays valid with risk decisions applied, suppressions included', async () => {
    const dir = temporaryDir();
    const model = path.join(dir, 'model.yaml');
    writeFileSync(model, readFileSync(path.join(REPO_ROOT, 'test/fixtures/risks/model.yaml')));
    writeFileSync(
      path.join(dir, 'strider-risks.yaml'),
      'risks:\n  - rootKey: "STR-0001:*"\n    status: accepted\n    justification: Lab only.\n' +
        '    owner: qa\n    expires: 2031-01-01\n',
    );
    const log = JSON.parse(await sarifOf(model, '--today', '2030-06-01'));
    expect(sarifSchemaErrors(log)).toEqual([]);
    const results: { suppressions?: unknown[] }[] = log.runs[0].results;
    expect(results.filter((result) => result.suppressions)).toHaveLength(1);
  });

  it('the schema check catches a broken log', async () => {
    const log = JSON.parse(await sarifOf(path.join(EXAMPLES, 'web-shop.mmd')));
    log.runs[0].results[0].level = 'severe';
    log.runs[0].tool.driver.rules[0].helpUri = 'docs/rules/x.md';
    expect(sarifSchemaErrors(log).length).toBeGreaterThanOrEqual(2);
  });
});
if (!HAS_SARIF_SCHEMA) it.skip(SHARED_ABSENT_NOTE, () => {});

describe('SARIF through the CLI', () => {
  it.runIf(existsSync(path.join(REPO_ROOT, 'docs/rules')))(
    'links every rule to its page under docs/rules',
    async () => {
      const log = JSON.parse(await sarifOf(path.join(EXAMPLES, 'web-shop.mmd')));
      for (const rule of log.runs[0].tool.driver.rules) {
        const page = /\/(docs\/rules\/[^/]+\.md)$/.exec(rule.helpUri)?.[1];
        expect(page && existsSync(path.join(REPO_ROOT, page)), rule.helpUri).toBe(true);
      }
    },
  );

  it('names elements but gives no lines when several input files were read', async () => {
    const compose = (name: string) => path.join(REPO_ROOT, 'test/fixtures/compose', name);
    const log = JSON.parse(await sarifOf(compose('base.yml'), compose('override.yml')));
    const locations = log.runs[0].results.flatMap(
      (result: { locations: { physicalLocation?: { region: object } }[] }) => result.locations,
    );
    expect(locations.length).toBeGreaterThan(0);
    for (const location of locations) {
      if (location.physicalLocation) {
        expect(location.physicalLocation.region).toEqual({ startLine: 1, startColumn: 1 });
      }
    }
  });
});

describe('SARIF multitool validate', () => {
  let note = '';
  beforeAll(() => {
    if (runMultitool('{"version":"2.1.0","runs":[]}') === undefined) {
      note = 'skipped: the SARIF multitool binary is missing or does not run here';
    } else if (!multitoolCatchesInvalidLogs()) {
      note =
        'skipped: Sarif.Multitool validate passes a log that breaks the schema (its rules do ' +
        'not load in this build), so its verdict proves nothing; the schema test above stands in';
    }
    if (note) console.warn(note);
  }, 120_000);

  it.for(EXAMPLE_INPUTS)(
    'finds no error in the log of examples/%s',
    { timeout: 120_000 },
    async (input, { skip }) => {
      if (note) skip(note);
      const findings = runMultitool(await sarifOf(path.join(EXAMPLES, input)));
      expect(findings?.filter((f) => f.level === 'error')).toEqual([]);
    },
  );
});
