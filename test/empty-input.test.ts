import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { understand } from '../src/engine/pipeline.js';
import { runCli, temporaryDir } from './cli-helpers.js';

const WARNING = 'the input describes no components';

describe('empty inputs', () => {
  it.each(['model.yaml', 'model.yml', 'model.json', 'diagram.mmd'])(
    'reads an empty %s as an empty model, with a warning and exit 0',
    async (name) => {
      const file = path.join(temporaryDir(), name);
      writeFileSync(file, ' \n\n');
      const result = await runCli('analyze', '-f', 'json', '--no-risks', file);
      expect(result.code).toBe(0);
      expect(JSON.parse(result.stdout).threats).toEqual([]);
      expect(result.stderr).toBe(`warning: ${file}: ${WARNING}\n`);
    },
  );

  it('warns for a model that parses but lists no components', () => {
    const { warnings } = understand({ text: 'zones: []\nflows: []\n', file: 'm.yaml' });
    expect(warnings).toContainEqual(expect.objectContaining({ code: 'empty-model' }));
  });

  it('does not warn when the model has a component', () => {
    const text = 'components:\n  - id: web\n    name: Web\n';
    const { warnings } = understand({ text, file: 'm.yaml' });
    expect(warnings.map((w) => w.code)).not.toContain('empty-model');
  });

  it('still refuses a blank file of a format that cannot be told from its name', async () => {
    const file = path.join(temporaryDir(), 'notes.txt');
    writeFileSync(file, '');
    const result = await runCli('model', file);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('cannot tell the input format');
  });
});
