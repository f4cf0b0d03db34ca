import { Worker } from 'node:worker_threads';
import { InputError, type Problem } from '../model/problems.js';
import { runAnalysisJob, type AnalysisJob, type AnalysisOutcome } from './analysis-job.js';
import { ApiError } from './errors.js';

/** Runs analyses for the routes; the server uses worker threads, tests may run them inline. */
export interface AnalysisRunner {
  run(job: AnalysisJob): Promise<AnalysisOutcome>;
  close(): Promise<void>;
}

/** What a worker sends back: the outcome, or the failure as plain data. */
export type WorkerReply =
  | { ok: true; outcome: AnalysisOutcome }
  | { ok: false; problems: Problem[] }
  | { ok: false; internal: string };

/** In the server's own thread: for tests and tools, where a stuck analysis stalls only them. */
export function inlineRunner(): AnalysisRunner {
  return { run: runAnalysisJob, close: async () => {} };
}

export interface WorkerPoolOptions {
  size: number;
  timeoutMs: number;
  /** Jobs allowed to wait for a free worker; beyond that requests get 503 at once. */
  maxQueue: number;
  /** Heap limit of each worker: an input that blows up memory kills its worker only. */
  maxHeapMb?: number;
}

interface Pending {
  job: AnalysisJob;
  resolve: (outcome: AnalysisOutcome) => void;
  reject: (error: unknown) => void;
}

/** A worker thread, and the promise of its first message: modules loaded, ready for jobs. */
interface StartedWorker {
  thread: Worker;
  ready: Promise<void>;
}

interface Slot {
  worker?: StartedWorker;
  busy: boolean;
}

/**
 * Analyses in worker threads, one at a time per worker, each with a deadline: a worker that
 * overruns is terminated (the only way to stop synchronous code) and replaced, so one
 * pathological input costs one worker for `timeoutMs`, never the server. Workers start with
 * the pool, and the deadline starts when a worker has loaded, so it measures the analysis.
 */
export class WorkerPoolRunner implements AnalysisRunner {
  private readonly slots: Slot[];
  private readonly queue: Pending[] = [];
  private closed = false;

  constructor(private readonly options: WorkerPoolOptions) {
    this.slots = Array.from({ length: options.size }, () => ({
      busy: false,
      worker: this.startWorker(),
    }));
  }

  run(job: AnalysisJob): Promise<AnalysisOutcome> {
    if (this.closed) return Promise.reject(stopping());
    if (this.queue.length >= this.options.maxQueue) {
      return Promise.reject(
        new ApiError(503, 'busy', 'every analysis worker is busy; retry shortly', {
          headers: { 'Retry-After': '1' },
        }),
      );
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ job, resolve, reject });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const pending of this.queue.splice(0)) pending.reject(stopping());
    await Promise.all(this.slots.map((slot) => slot.worker?.thread.terminate()));
  }

  private dispatch(): void {
    const slot = this.slots.find((candidate) => !candidate.busy);
    const pending = slot && this.queue.shift();
    if (!slot || !pending) return;
    slot.busy = true;
    void this.runOn(slot, pending);
  }

  private async runOn(slot: Slot, pending: Pending): Promise<void> {
    const worker = (slot.worker ??= this.startWorker());
    const done = (settle: () => void, keepWorker: boolean) => {
      if (!keepWorker) {
        slot.worker = undefined;
        void worker.thread.terminate();
      }
      slot.busy = false;
      settle();
      if (!this.closed) this.dispatch();
    };
    try {
      await worker.ready;
    } catch {
      done(() => pending.reject(workerFailure()), false);
      return;
    }
    const reply = await this.exchange(worker.thread, pending.job);
    if (reply === 'timeout') {
      done(() => pending.reject(timeoutError(this.options.timeoutMs)), false);
    } else if (reply === 'failed') {
      done(() => pending.reject(workerFailure()), false);
    } else {
      done(() => settleReply(pending, reply), true);
    }
  }

  /** Sends one job and waits for its reply, the deadline, or the worker's end. */
  private exchange(thread: Worker, job: AnalysisJob): Promise<WorkerReply | 'timeout' | 'failed'> {
    return new Promise((resolve) => {
      const finish = (result: WorkerReply | 'timeout' | 'failed') => {
        clearTimeout(timer);
        thread.off('message', finish);
        thread.off('error', onFailure);
        thread.off('exit', onFailure);
        resolve(result);
      };
      const onFailure = () => finish('failed');
      const timer = setTimeout(() => finish('timeout'), this.options.timeoutMs);
      thread.on('message', finish);
      thread.on('error', onFailure);
      thread.on('exit', onFailure);
      thread.postMessage(job);
    });
  }

  private startWorker(): StartedWorker {
    const thread = spawnWorker(this.options.maxHeapMb ?? 512);
    const ready = new Promise<void>((resolve, reject) => {
      thread.once('message', () => resolve());
      thread.once('error', reject);
      thread.once('exit', () => reject(new Error('the worker exited while starting')));
    });
    // Awaited when a job needs the worker; until then a failed start must not go unhandled.
    ready.catch(() => {});
    return { thread, ready };
  }
}

function settleReply(pending: Pending, reply: WorkerReply): void {
  if (reply.ok) pending.resolve(reply.outcome);
  else if ('problems' in reply) pending.reject(new InputError(reply.problems));
  else pending.reject(new Error(`analysis failed in a worker: ${reply.internal}`));
}

function timeoutError(timeoutMs: number): ApiError {
  return new ApiError(
    503,
    'analysis-timeout',
    `the analysis took longer than ${timeoutMs} ms and was stopped; split the input or raise ` +
      'analysisTimeoutMs',
  );
}

function stopping(): ApiError {
  return new ApiError(503, 'shutting-down', 'the server is stopping');
}

function workerFailure(): ApiError {
  return new ApiError(
    503,
    'analysis-failed',
    'the analysis worker stopped (out of memory?) before finishing; the input may be too large',
  );
}

/**
 * The built server runs the compiled worker; under tests the sources are TypeScript, which a
 * worker can only load after registering tsx (a development dependency) itself.
 */
function spawnWorker(maxHeapMb: number): Worker {
  const resourceLimits = { maxOldGenerationSizeMb: maxHeapMb };
  if (import.meta.url.endsWith('.js')) {
    return new Worker(new URL('./analysis-worker.js', import.meta.url), { resourceLimits });
  }
  const source = new URL('./analysis-worker.ts', import.meta.url).href;
  const loader =
    `import('tsx/esm/api').then((tsx) => { tsx.register(); ` +
    `return import(${JSON.stringify(source)}); });`;
  return new Worker(loader, { eval: true, resourceLimits });
}
