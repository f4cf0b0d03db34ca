import { afterEach, describe, expect, it } from 'vitest';
import { WEB_DIAGRAM } from '../../test/server-helpers.js';
import { InputError } from '../model/problems.js';
import type { AnalysisJob } from './analysis-job.js';
import { ApiError } from './errors.js';
import { inlineRunner, WorkerPoolRunner } from './runner.js';

const JOB: AnalysisJob = {
  input: { text: WEB_DIAGRAM, file: 'web.mmd' },
  today: '2026-12-04',
  output: 'md',
  maxInput: 1_000_000,
};

/** Nested subgraphs cost the engine time quadratic in depth: seconds at a few thousand. */
function slowDiagram(depth: number): string {
  const open = Array.from({ length: depth }, (_, i) => `subgraph z${i}`).join('\n');
  return `graph LR\n${open}\na --> b\n${'end\n'.repeat(depth)}`;
}

const pools: WorkerPoolRunner[] = [];
function pool(options: Partial<ConstructorParameters<typeof WorkerPoolRunner>[0]> = {}) {
  const runner = new WorkerPoolRunner({ size: 1, timeoutMs: 30_000, maxQueue: 4, ...options });
  pools.push(runner);
  return runner;
}

afterEach(async () => {
  await Promise.all(pools.splice(0).map((runner) => runner.close()));
});

describe('WorkerPoolRunner', () => {
  it('gives the same outcome in a worker as in the calling thread', async () => {
    const inWorker = await pool().run(JOB);
    const inline = await inlineRunner().run(JOB);
    expect(inWorker.rendered).toEqual(inline.rendered);
    expect(inWorker.report).toEqual(JSON.parse(JSON.stringify(inline.report)));
  }, 60_000);

  it('hands input problems back as an InputError with positions', async () => {
    const failure = await pool()
      .run({ ...JOB, input: { text: 'components:\n  - id: [', file: 'm.yaml' } })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(InputError);
    expect((failure as InputError).problems[0]).toMatchObject({ file: 'm.yaml', line: 2 });
  }, 60_000);

  it('stops an analysis that overruns, answers 503, and keeps serving', async () => {
    const runner = pool({ timeoutMs: 1500 });
    const started = Date.now();
    const failure = await runner
      .run({ ...JOB, input: { text: slowDiagram(6000) } })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ApiError);
    expect(failure).toMatchObject({ status: 503, code: 'analysis-timeout' });
    expect(Date.now() - started).toBeLessThan(5000);
    expect((await runner.run(JOB)).rendered?.text).toMatch(/^# Threat Analysis Report/);
  }, 60_000);

  it('refuses at once with 503 and Retry-After when the queue is full', async () => {
    const runner = pool({ timeoutMs: 3000, maxQueue: 1 });
    const slow = { ...JOB, input: { text: slowDiagram(6000) } };
    const running = runner.run(slow).catch(() => 'stopped');
    const queued = runner.run(JOB).catch(() => 'stopped');
    const refused = await runner.run(JOB).catch((error: unknown) => error);
    expect(refused).toMatchObject({ status: 503, code: 'busy' });
    expect((refused as ApiError).options.headers).toEqual({ 'Retry-After': '1' });
    expect(await running).toBe('stopped');
    expect(await queued).not.toBe('stopped');
  }, 60_000);
});
