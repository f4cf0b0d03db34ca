import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, temporaryDir } from '../../../test/cli-helpers.js';
import { REPO_ROOT } from '../../../test/helpers.js';

const FIXTURES = path.join(REPO_ROOT, 'test/fixtures');

describe('strider export', () => {
  it('writes an OTM document to stdout', async () => {
    const { code, stdout, stderr } = await runCli(
      'export',
      path.join(FIXTURES, 'drawio/containers.drawio'),
      '--format',
      'otm',
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const document = JSON.parse(stdout);
    expect(document.otmVersion).toBe('0.2.0');
    expect(document.components.map((c: { id: string }) => c.id)).toEqual(['api', 'worker', 'db']);
  });

  it('writes Threat Dragon JSON to a new file with -o, warnings on stderr', async () => {
    const output = path.join(temporaryDir(), 'model.json');
    const input = path.join(FIXTURES, 'threat-dragon/dangling-flows.json');
    const { code, stderr } = await runCli('export', input, '-f', 'threat-dragon', '-o', output);
    expect(code).toBe(0);
    expect(stderr).toContain('warning: ');
    expect(stderr).toContain("flow 'loose' ('Loose end') skipped");
    expect(stderr).toContain(`strider: wrote ${output}`);
    expect(JSON.parse(readFileSync(output, 'utf8')).detail.diagrams[0].cells).toHaveLength(5);
  });

  it('passes --page to the importer and the exporter', async () => {
    const input = path.join(FIXTURES, 'drawio/pages.drawio');
    const { code, stdout } = await runCli('export', input, '-f', 'otm', '--page', 'Front');
    expect(code).toBe(0);
    expect(JSON.parse(stdout).components.map((c: { name: string }) => c.name)).toEqual(['Web App']);
  });

  it('needs --format, and knows only its own formats', async () => {
    const input = path.join(FIXTURES, 'drawio/containers.drawio');
    const missing = await runCli('export', input);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("required option '-f, --format <format>' not specified");
    const unknown = await runCli('export', input, '-f', 'pdf');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('threat-dragon, otm');
  });

  it('reports unusable input in one line and exits 2', async () => {
    const input = path.join(FIXTURES, 'drawio/malformed.drawio');
    const { code, stdout, stderr } = await runCli('export', input, '-f', 'otm');
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/^error: .*malformed\.drawio:7:7: XML syntax: /);
  });
});
