/** The CLI with several input files and an env file: compose and Kubernetes take them. */
import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, temporaryDir } from './cli-helpers.js';
import { REPO_ROOT } from './helpers.js';

const fixture = (...parts: string[]) => path.join(REPO_ROOT, 'test', 'fixtures', ...parts);

describe('several inputs on the command line', () => {
  it('model merges compose files in order', async () => {
    const result = await runCli(
      'model',
      '-f',
      'json',
      fixture('compose', 'base.yml'),
      fixture('compose', 'override.yml'),
    );
    expect(result.code).toBe(0);
    const model = JSON.parse(result.stdout);
    expect(model.components.map((c: { id: string }) => c.id)).toEqual(['web', 'api', 'db']);
  });

  it('analyze reads Kubernetes manifests together', async () => {
    const result = await runCli(
      'analyze',
      '-f',
      'json',
      fixture('kubernetes', 'policies-only.yaml'),
      fixture('kubernetes', 'workloads.yaml'),
    );
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).threats).toBeInstanceOf(Array);
  });

  it('refuses several files for a one-file format, with exit 2 and one line', async () => {
    const mermaid = fixture('mermaid', 'links.mmd');
    const result = await runCli('model', mermaid, mermaid);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: .*links\.mmd: mermaid reads one file, got 2; /);
    expect(result.stderr).toMatch(/formats that may span several files: kubernetes, compose\n$/);
    expect(result.stderr.split('\n')).toHaveLength(2);
  });

  it('reads --compose-env for compose interpolation and reports its bad lines', async () => {
    const result = await runCli(
      'model',
      '-f',
      'json',
      fixture('compose', 'interpolation.yml'),
      '--compose-env',
      fixture('compose', 'interpolation.env'),
    );
    expect(result.code).toBe(0);
    const web = JSON.parse(result.stdout).components.find((c: { id: string }) => c.id === 'web');
    expect(web.technology.reason).toContain('nginx:1.27');
    expect(result.stderr).toContain("interpolation.env:4:1: skipped: not a 'NAME=value' line");
  });

  it('never writes the output over any of the inputs', async () => {
    const dir = temporaryDir();
    const base = path.join(dir, 'base.yml');
    const override = path.join(dir, 'override.yml');
    copyFileSync(fixture('compose', 'base.yml'), base);
    copyFileSync(fixture('compose', 'override.yml'), override);
    const result = await runCli('model', base, override, '-o', override, '--force');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('refusing to write the output over an input file');
    const original = readFileSync(fixture('compose', 'override.yml'), 'utf8');
    expect(readFileSync(override, 'utf8')).toBe(original);
    expect(existsSync(base)).toBe(true);
  });

  it('prints warnings with file and position, and secrets never', async () => {
    const result = await runCli('model', fixture('compose', 'secrets.yml'));
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/secrets\.yml:6:\d+: service 'db': environment variable /);
    expect(result.stderr).toContain("'POSTGRES_PASSWORD' holds a literal secret (value not shown)");
    expect(result.stderr + result.stdout).not.toContain('hunter2');
  });
});
