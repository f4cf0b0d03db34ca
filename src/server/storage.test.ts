import { spawn } from 'node:child_process';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { temporaryDir } from '../../test/cli-helpers.js';
import { REPO_ROOT } from '../../test/helpers.js';
import { WEB_DIAGRAM } from '../../test/server-helpers.js';
import { analyze } from '../engine/pipeline.js';
import { AnalysisStore } from './storage.js';

const report = analyze({ text: WEB_DIAGRAM }).report;

describe('AnalysisStore', () => {
  it('saves, lists by project newest first, gets and deletes', () => {
    let tick = 0;
    const now = () => new Date(Date.UTC(2026, 0, 1, 0, tick++));
    const store = AnalysisStore.open(':memory:', { now });
    const first = store.save({ project: 'a', format: 'mermaid', input: { text: 'one' }, report });
    const second = store.save({
      project: 'a',
      name: 'two',
      format: 'mermaid',
      input: { text: 'two', file: 'two.mmd' },
      hints: { text: 'components: {}', file: 'hints.yaml' },
      report,
    });
    store.save({ project: 'b', format: 'mermaid', input: { text: 'three' }, report });

    expect(first).toMatchObject({ createdAt: '2026-01-01T00:00:00.000Z', name: null });
    const page = store.list({ project: 'a', limit: 10, offset: 0 });
    expect(page.total).toBe(2);
    expect(page.items.map((item) => item.id)).toEqual([second.id, first.id]);
    expect(page.items[0]).not.toHaveProperty('input');
    expect(page.items[0]!.threats).toBe(report.threats.length);
    expect(Object.values(page.items[0]!.bySeverity).reduce((a, b) => a + b)).toBe(
      report.threats.length,
    );

    expect(store.get(second.id)).toMatchObject({
      input: 'two',
      file: 'two.mmd',
      hints: 'components: {}',
      hintsFile: 'hints.yaml',
      report: JSON.parse(JSON.stringify(report)),
    });
    expect(store.delete(second.id)).toBe(true);
    expect(store.delete(second.id)).toBe(false);
    expect(store.get(second.id)).toBeUndefined();
    expect(store.list({ limit: 10, offset: 0 }).total).toBe(2);
  });

  it('uses write-ahead logging and refuses a file from a newer version', () => {
    const file = path.join(temporaryDir(), 'a.sqlite');
    const store = AnalysisStore.open(file);
    store.close();
    const raw = AnalysisStore.open(file);
    expect(raw.integrityCheck()).toBe('ok');
    raw.close();

    const db = new Database(file);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.pragma('user_version = 99');
    db.close();
    expect(() => AnalysisStore.open(file)).toThrow(/newer Strider \(schema 99/);
  });

  it('is intact after the writing process is killed mid-write', async () => {
    const file = path.join(temporaryDir(), 'killed.sqlite');
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(REPO_ROOT, 'test/fixtures/server/write-loop.ts'), file],
      { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    // Wait until a few dozen rows are committed, then kill while the loop keeps writing.
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        if (/^[3-9]0$/m.test(chunk.toString())) resolve();
      });
      child.on('exit', (code) => reject(new Error(`writer exited early (${code}): ${stderr}`)));
    });
    const exited = new Promise((resolve) => child.on('exit', (_, signal) => resolve(signal)));
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    const store = AnalysisStore.open(file);
    expect(store.integrityCheck()).toBe('ok');
    const { items, total } = store.list({ project: 'loop', limit: 200, offset: 0 });
    expect(total).toBeGreaterThanOrEqual(30);
    // Every row that made it is whole: no half-written analysis.
    for (const item of items) {
      const saved = store.get(item.id)!;
      expect(saved.input).toHaveLength(256 * 1024);
      expect(saved.report.threats).toEqual([]);
    }
    store.close();
  }, 60_000);
});
