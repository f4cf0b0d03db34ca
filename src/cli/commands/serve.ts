import type { Command } from 'commander';
import { inputError } from '../../model/problems.js';
import {
  CONFIG_FILE_ENV,
  loadServeConfig,
  SERVE_DEFAULTS,
  SERVE_OPTIONS,
  type ServeConfig,
} from '../../server/config.js';
import { jsonLineLogger } from '../../server/logger.js';
import { readInput, type CliIo } from '../io.js';
import { parsePositive } from './shared.js';

interface ServeFlags {
  config?: string;
  host?: string;
  port?: number;
  database?: string;
  webRoot?: string;
  workers?: number;
  analysisTimeout?: number;
  maxBody?: number;
  rateLimit?: number;
  rateBurst?: number;
  corsOrigin?: string[];
}

/** Config files are a few lines; anything bigger is not one. */
const MAX_CONFIG_BYTES = 64 * 1024;

export function registerServe(program: Command, io: CliIo): void {
  const byDefault = (help: string, value: unknown) => `${help} (default: ${String(value)})`;
  const defaults = SERVE_DEFAULTS;
  program
    .command('serve')
    .description('serve the HTTP API and the web page, on 127.0.0.1 unless configured')
    .option('--config <file>', byDefault('YAML file of settings', `$${CONFIG_FILE_ENV}`))
    .option('--host <address>', byDefault('address to listen on', defaults.host))
    .option('--port <n>', byDefault('TCP port, 0 for any free one', defaults.port), parsePort)
    .option('--database <file>', byDefault('SQLite file of saved analyses', defaults.database))
    .option('--web-root <dir>', byDefault('folder of the built web page', 'dist/web'))
    .option('--workers <n>', byDefault('analysis worker threads', defaults.workers), parsePositive)
    .option(
      '--analysis-timeout <ms>',
      byDefault('stop an analysis after', defaults.analysisTimeoutMs),
      parsePositive,
    )
    .option(
      '--max-body <bytes>',
      byDefault('largest request body', defaults.maxBodyBytes),
      parsePositive,
    )
    .option(
      '--rate-limit <n>',
      byDefault('requests per minute per key', defaults.rateLimit),
      parsePositive,
    )
    .option(
      '--rate-burst <n>',
      byDefault('requests a key may burst', defaults.rateBurst),
      parsePositive,
    )
    .option('--cors-origin <origin...>', byDefault('origins whose pages may call the API', 'none'))
    .addHelpText('after', settingsHelp())
    .action(async (flags: ServeFlags) => {
      const config = await configFrom(flags, io);
      const logger = jsonLineLogger(io.stderr);
      // The server's modules (HTTP, SQLite) load only for this command, not for every CLI start.
      const { startServer } = await import('../../server/start.js');
      const server = await startServer(config, { logger });
      if (config.apiKeys.length === 0) {
        logger({
          level: 'warn',
          msg:
            `no API keys configured: serving ${server.url} to this machine only, and ` +
            'every local caller is trusted; set apiKeys to listen beyond loopback',
        });
      }
    });
}

async function configFrom(flags: ServeFlags, io: CliIo): Promise<ServeConfig> {
  const configFile = flags.config ?? io.env?.[CONFIG_FILE_ENV];
  const file = configFile
    ? { text: (await readInput(configFile, MAX_CONFIG_BYTES)).text, name: configFile }
    : undefined;
  return loadServeConfig({
    file,
    env: io.env,
    flags: {
      host: flags.host,
      port: flags.port,
      database: flags.database,
      webRoot: flags.webRoot,
      workers: flags.workers,
      analysisTimeoutMs: flags.analysisTimeout,
      maxBodyBytes: flags.maxBody,
      rateLimit: flags.rateLimit,
      rateBurst: flags.rateBurst,
      corsOrigins: flags.corsOrigin,
    },
  });
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) {
    throw inputError({
      code: 'bad-option',
      message: `--port: expected a number from 0 to 65535, got '${value}'`,
    });
  }
  return port;
}

/** Every setting with its environment variable, and how keys are configured. */
function settingsHelp(): string {
  const row = (key: string, env: string, help: string) =>
    `  ${key.padEnd(18)} ${env.padEnd(25)} ${help}`;
  return [
    '',
    'Settings come from a YAML config file, then STRIDER_* variables, then the options:',
    row('config file key', 'environment variable', 'meaning'),
    ...Object.entries(SERVE_OPTIONS).map(([name, spec]) => row(name, spec.env, spec.help)),
    '',
    'In the config file, apiKeys is a list of {id, sha256}. Keys are stored as SHA-256 hashes;',
    'make a key and its hash with:',
    '  key=$(openssl rand -hex 32); printf %s "$key" | sha256sum',
    'and configure id:hash (STRIDER_API_KEYS=ci:<hash>). Clients send the key itself as',
    '"Authorization: Bearer <key>" or "X-API-Key: <key>". Without keys the server listens on',
    'loopback only. Logs are JSON lines on stderr, one per request, without bodies or keys.',
    '',
  ].join('\n');
}
