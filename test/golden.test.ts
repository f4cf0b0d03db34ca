import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../src/engine/pipeline.js';
import { renderMarkdown } from '../src/renderers/markdown.js';
import { renderModelYaml } from '../src/renderers/model-yaml.js';
import { REPO_ROOT } from './helpers.js';

/**
 * Every input in examples/ has its report and understood model checked in beside it. After an
 * intended change, regenerate with: UPDATE_GOLDEN=1 npx vitest run test/golden.test.ts
 */
const EXAMPLES = path.join(REPO_ROOT, 'examples');
const UPDATE = process.env.UPDATE_GOLDEN === '1';

const inputs = readdirSync(EXAMPLES)
  .filter((file) => /\.(mmd|ya?ml|json)$/.test(file))
  .filter((file) => !/\.(hints|report|model|risks)\./.test(file) && !file.startsWith('strider-'))
  .sort();

function golden(file: string, actual: string): void {
  const target = path.join(EXAMPLES, file);
  if (UPDATE || !existsSync(target)) writeFileSync(target, actual);
  expect(actual, `${file} differs; see test/golden.test.ts to regenerate`).toBe(
    readFileSync(target, 'utf8'),
  );
}

describe.each(inputs)('examples/%s', (input) => {
  const base = input.replace(/\.[^.]+$/, '');
  const hintsFile = path.join(EXAMPLES, `${base}.hints.yaml`);

  it('gives the checked-in report and model', () => {
    const text = readFileSync(path.join(EXAMPLES, input), 'utf8');
    const { report, model } = analyze({ text, file: `examples/${input}` });
    golden(`${base}.report.md`, renderMarkdown(report));
    golden(`${base}.model.yaml`, renderModelYaml(model));
  });

  it.runIf(existsSync(hintsFile))('gives the checked-in report with its hints file', () => {
    const text = readFileSync(path.join(EXAMPLES, input), 'utf8');
    const hints = { text: readFileSync(hintsFile, 'utf8'), file: `examples/${base}.hints.yaml` };
    const { report } = analyze({ text, file: `examples/${input}` }, { hints });
    golden(`${base}.hinted.report.md`, renderMarkdown(report));
  });
});
