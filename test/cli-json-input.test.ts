import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, temporaryDir } from './cli-helpers.js';

function inputFile(name: string, text: string): string {
  const file = path.join(temporaryDir(), name);
  writeFileSync(file, text);
  return file;
}

describe('broken JSON inputs on the command line', () => {
  it('reports a trailing comma where it is, not that the format is unknown', async () => {
    const file = inputFile('model.json', '{\n  "components": [\n    {"id": "web"},\n  ]\n}\n');
    const result = await runCli('model', file);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`error: ${file}:4:3: JSON syntax: Unexpected token ']'\n`);
  });

  it('refuses invalid JSON given --from strider, with a JSON message', async () => {
    const file = inputFile('model.json', '{"components": [] "flows": []}');
    const result = await runCli('model', '--from', 'strider', file);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `error: ${file}:1:19: JSON syntax: Expected ',' or '}' after property value\n`,
    );
  });

  it('still reads valid JSON', async () => {
    const model = { components: [{ id: 'web', name: 'Web' }] };
    const file = inputFile('model.json', JSON.stringify(model, null, 2));
    const result = await runCli('model', '-f', 'json', file);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).components[0].id).toBe('web');
  });
});
