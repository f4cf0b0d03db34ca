import type { ServeConfig } from './config.js';
import type { Logger } from './logger.js';
import type { AnalysisRunner } from './runner.js';
import type { AnalysisStore } from './storage.js';

/** What the app is built from; tests pass their own store, runner, logger and clock. */
export interface ServerDeps {
  config: ServeConfig;
  store: AnalysisStore;
  runner: AnalysisRunner;
  logger: Logger;
  now?: () => Date;
}
