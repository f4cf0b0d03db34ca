import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SERVE_OPTIONS } from '../src/server/config.js';
import { runCli, temporaryDir } from './cli-helpers.js';
import { REPO_ROOT } from './helpers.js';

describe('strider serve', () => {
  it('documents every setting, its variable and how to make a key in --help', async () => {
    const { code, stdout } = await runCli('serve', '--help');
    expect(code).toBe(0);
    for (const [name, spec] of Object.entries(SERVE_OPTIONS)) {
      expect(stdout).toContain(name);
      expect(stdout).toContain(spec.env);
    }
    for (const flag of ['--config', '--host', '--port', '--database', '--cors-origin']) {
      expect(stdout).toContain(flag);
    }
    expect(stdout).toMatch(/sha256sum/);
    expect(stdout.split('\n').every((line) => line.length <= 100)).toBe(true);
  });

  it('refuses to listen beyond loopback without API keys', async () => {
    const { code, stderr } = await runCli('serve', '--host', '0.0.0.0', '--database', ':memory:');
    expect(code).toBe(2);
    expect(stderr).toMatch(/^error: refusing to listen on 0.0.0.0 without API keys: configure/);
  });

  it('points at a bad setting in the config file', async () => {
    const file = path.join(temporaryDir(), 'strider.yaml');
    writeFileSync(file, 'host: 127.0.0.1\nport: web\n');
    const { code, stderr } = await runCli('serve', '--config', file);
    expect(code).toBe(2);
    expect(stderr).toBe(`error: ${file}:2:7: port: expected a port number from 0 to 65535\n`);
    expect((await runCli('serve', '--port', '99999')).stderr).toMatch(/--port: expected/);
  });

  it('starts on a free loopback port, says so, and answers', async () => {
    const dir = temporaryDir();
    const args = ['serve', '--port', '0', '--database', path.join(dir, 'db.sqlite')];
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'test/fixtures/server/serve-cli.ts', ...args, '--workers', '1'],
      {
        cwd: REPO_ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, STRIDER_API_KEYS: '' },
      },
    );
    try {
      const lines: Record<string, unknown>[] = [];
      const url = await new Promise<string>((resolve, reject) => {
        let buffer = '';
        child.stderr.on('data', (chunk: Buffer) => {
          buffer += chunk.toString();
          for (const line of buffer.split('\n').slice(0, -1)) lines.push(JSON.parse(line));
          buffer = buffer.slice(buffer.lastIndexOf('\n') + 1);
          const listening = lines.find((line) => line.msg === 'listening');
          if (listening && lines.some((line) => line.level === 'warn')) {
            resolve(String(listening.url));
          }
        });
        child.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${buffer}`)));
      });
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(lines.find((line) => line.level === 'warn')?.msg).toMatch(/no API keys configured/);
      const health = await fetch(`${url}/api/v1/health`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ status: 'ok' });
    } finally {
      child.kill('SIGTERM');
    }
  }, 60_000);
});
