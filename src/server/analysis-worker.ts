import { parentPort } from 'node:worker_threads';
import { InputError } from '../model/problems.js';
import { runAnalysisJob, type AnalysisJob } from './analysis-job.js';
import { stackFrames } from './logger.js';
import type { WorkerReply } from './runner.js';

/**
 * A worker thread of the analysis pool: takes one job at a time and answers with plain data.
 * Internal errors travel as their stack frames only, because messages can quote the input.
 */
parentPort?.on('message', (job: AnalysisJob) => {
  void runAnalysisJob(job).then(
    (outcome) => reply({ ok: true, outcome }),
    (error: unknown) =>
      reply(
        error instanceof InputError
          ? { ok: false, problems: error.problems }
          : { ok: false, internal: `${errorName(error)} at ${stackFrames(error) ?? 'unknown'}` },
      ),
  );
});

// The first message says the modules are loaded: the pool starts its deadline after it.
parentPort?.postMessage('ready');

function reply(message: WorkerReply): void {
  parentPort?.postMessage(message);
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}
