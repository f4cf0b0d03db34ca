import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './cli-helpers.js';
import { REPO_ROOT } from './helpers.js';

// Node reads some of its own options even after the script name (Node 20 loads `--env-file`
// wherever it appears), so a Strider option with such a name would be taken by Node itself.
const NODE_ONLY_FLAGS = ['--env-file', '--eval', '--print', '--check', '--interactive', '--test'];
const BIN = path.join(REPO_ROOT, 'bin/strider.js');
const BUILT = existsSync(path.join(REPO_ROOT, 'dist/cli/main.js'));
const COMMANDS = ['analyze', 'model', 'export', 'diagram', 'diff', 'rules', 'serve'];

async function strideOptionNames(): Promise<Set<string>> {
  const names = new Set<string>();
  for (const argv of [['--help'], ...COMMANDS.map((command) => [command, '--help'])]) {
    const { stdout } = await runCli(...argv);
    for (const match of stdout.matchAll(/(?<![\w-])--[a-z][a-z-]*/g)) names.add(match[0]);
  }
  return names;
}

describe('option names Node could take for its own', () => {
  it('uses none of the flags Node knows', async () => {
    const names = await strideOptionNames();
    expect(names).toContain('--compose-env');
    const nodeFlags = new Set([...process.allowedNodeEnvironmentFlags, ...NODE_ONLY_FLAGS]);
    expect([...names].filter((name) => nodeFlags.has(name))).toEqual([]);
  });

  it('no longer accepts --env-file', async () => {
    const result = await runCli('model', 'x.yml', '--env-file', 'vars.env');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("unknown option '--env-file'");
  });
});

describe.skipIf(!BUILT)('the real bin with --compose-env', () => {
  it('reports a missing env file as one error line with exit 2', () => {
    const missing = path.join(REPO_ROOT, 'no-such-dir', 'vars.env');
    const fixture = path.join(REPO_ROOT, 'test/fixtures/compose/interpolation.yml');
    const result = spawnSync('node', [BIN, 'model', fixture, '--compose-env', missing], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH },
    });
    expect(result.status).toBe(2);
    const lines = result.stderr.split('\n').filter((line) => line !== '');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^error: .*vars\.env/);
  });
});
