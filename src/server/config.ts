import { inputError, type Problem } from '../model/problems.js';
import { InputError } from '../model/problems.js';
import { parseSourceDocument, problemAt, type SourceDocument } from '../model/yaml-source.js';

/** An API key as the server knows it: a name for logs and the SHA-256 of the secret. */
export interface ApiKey {
  id: string;
  /** Lower-case hex SHA-256 of the key; the key itself is never stored. */
  sha256: string;
}

export interface ServeConfig {
  host: string;
  port: number;
  /** SQLite file for saved analyses; ':memory:' keeps them for the life of the process. */
  database: string;
  apiKeys: ApiKey[];
  /** Sustained requests per minute each key (or, without keys, each client) may make. */
  rateLimit: number;
  /** Requests a key may make at once before the sustained rate applies. */
  rateBurst: number;
  /**
   * Missing or wrong API keys each client address may send per minute, and at once; past it,
   * every request from that address gets 429 until the bucket refills.
   */
  authFailureLimit: number;
  maxBodyBytes: number;
  analysisTimeoutMs: number;
  /** Worker threads that run analyses; each analysis runs in one, so a slow one blocks none. */
  workers: number;
  /** Origins allowed to call the API from a browser; none by default (CORS off). */
  corsOrigins: string[];
  /** The built web page; empty serves the API alone. */
  webRoot: string;
}

type OptionKind = 'text' | 'port' | 'count' | 'keys' | 'origins';

interface OptionSpec {
  env: string;
  kind: OptionKind;
  help: string;
}

/** Every setting, its environment variable and meaning; `strider serve --help` prints this. */
export const SERVE_OPTIONS = {
  host: { env: 'STRIDER_HOST', kind: 'text', help: 'address to listen on' },
  port: { env: 'STRIDER_PORT', kind: 'port', help: 'TCP port; 0 picks a free one' },
  database: { env: 'STRIDER_DATABASE', kind: 'text', help: 'SQLite file for saved analyses' },
  apiKeys: {
    env: 'STRIDER_API_KEYS',
    kind: 'keys',
    help: 'API keys as id:sha256hex, comma-separated',
  },
  rateLimit: { env: 'STRIDER_RATE_LIMIT', kind: 'count', help: 'requests per minute per key' },
  rateBurst: { env: 'STRIDER_RATE_BURST', kind: 'count', help: 'requests a key may burst' },
  authFailureLimit: {
    env: 'STRIDER_AUTH_FAILURES',
    kind: 'count',
    help: 'missing or wrong keys per minute per client address',
  },
  maxBodyBytes: { env: 'STRIDER_MAX_BODY', kind: 'count', help: 'largest request body, bytes' },
  analysisTimeoutMs: {
    env: 'STRIDER_ANALYSIS_TIMEOUT',
    kind: 'count',
    help: 'longest an analysis may run, milliseconds',
  },
  workers: { env: 'STRIDER_WORKERS', kind: 'count', help: 'analysis worker threads' },
  corsOrigins: {
    env: 'STRIDER_CORS_ORIGINS',
    kind: 'origins',
    help: 'origins whose pages may call the API, comma-separated',
  },
  webRoot: { env: 'STRIDER_WEB_ROOT', kind: 'text', help: 'folder of the built web page' },
} as const satisfies Record<keyof ServeConfig, OptionSpec>;

export type ServeOptionName = keyof typeof SERVE_OPTIONS;

export const SERVE_DEFAULTS: Readonly<ServeConfig> = {
  host: '127.0.0.1',
  port: 8787,
  database: 'strider.sqlite',
  apiKeys: [],
  rateLimit: 120,
  rateBurst: 30,
  authFailureLimit: 10,
  maxBodyBytes: 2 * 1024 * 1024,
  analysisTimeoutMs: 10_000,
  workers: 2,
  corsOrigins: [],
  webRoot: '',
};

/** Names the config file in problems; the environment names its variable. */
export const CONFIG_FILE_ENV = 'STRIDER_CONFIG';

export interface ConfigSources {
  /** The config file's text and name, when there is one. */
  file?: { text: string; name: string };
  env?: Record<string, string | undefined>;
  /** Command-line values, already typed by the CLI; they win over everything. */
  flags?: Partial<ServeConfig>;
}

/**
 * The settings, from lowest to highest precedence: defaults, the YAML config file, STRIDER_*
 * environment variables, command-line flags. Every problem is collected and thrown together.
 */
export function loadServeConfig(sources: ConfigSources): ServeConfig {
  const problems: Problem[] = [];
  const { file } = sources;
  const fromFile = file ? readConfigFile(file.text, file.name, problems) : {};
  const fromEnv = readEnvironment(sources.env ?? {}, problems);
  if (problems.length > 0) throw new InputError(problems);
  const flags = Object.fromEntries(
    Object.entries(sources.flags ?? {}).filter(([, value]) => value !== undefined),
  );
  return { ...SERVE_DEFAULTS, ...fromFile, ...fromEnv, ...flags };
}

function readConfigFile(text: string, file: string, problems: Problem[]): Partial<ServeConfig> {
  const source = parseSourceDocument(text, file);
  if (source.value === null || source.value === undefined) return {};
  if (!isPlainObject(source.value)) {
    problems.push(problemAt(source, [], 'bad-type', 'the config file must be a mapping'));
    return {};
  }
  const config: Partial<Record<ServeOptionName, unknown>> = {};
  for (const [key, value] of Object.entries(source.value)) {
    if (!(key in SERVE_OPTIONS)) {
      problems.push(
        problemAt(
          source,
          [key],
          'unknown-field',
          `unknown setting '${key}' (allowed: ${Object.keys(SERVE_OPTIONS).join(', ')})`,
          { key: true },
        ),
      );
      continue;
    }
    const name = key as ServeOptionName;
    const parsed = fileValue(SERVE_OPTIONS[name].kind, value, source, name);
    if (parsed instanceof Failure) problems.push(parsed.problem);
    else config[name] = parsed;
  }
  return config as Partial<ServeConfig>;
}

/** A setting that could not be read; a class so it cannot be mistaken for a value. */
class Failure {
  constructor(readonly problem: Problem) {}
}

function fileValue(kind: OptionKind, value: unknown, source: SourceDocument, key: string): unknown {
  const fail = (message: string, path: (string | number)[] = [key]) =>
    new Failure(problemAt(source, path, 'bad-value', message));
  switch (kind) {
    case 'text':
      return typeof value === 'string' ? value : fail('expected text');
    case 'port':
    case 'count': {
      const error = numberError(kind, value);
      return error ? fail(error) : value;
    }
    case 'origins': {
      const list = Array.isArray(value) ? value : [value];
      const bad = list.findIndex((origin) => typeof origin !== 'string' || originError(origin));
      if (bad < 0) return list;
      return fail(
        originError(list[bad]) ?? 'expected a list of origins',
        Array.isArray(value) ? [key, bad] : [key],
      );
    }
    case 'keys': {
      if (!Array.isArray(value)) return fail('expected a list of {id, sha256}');
      const keys: ApiKey[] = [];
      for (const [index, entry] of value.entries()) {
        const parsed = isPlainObject(entry)
          ? apiKeyFrom(entry.id, entry.sha256)
          : typeof entry === 'string'
            ? apiKeyFromText(entry)
            : 'expected {id, sha256}';
        if (typeof parsed === 'string') return fail(parsed, [key, index]);
        keys.push(parsed);
      }
      const duplicate = duplicateKeyId(keys);
      return duplicate ? fail(duplicate) : keys;
    }
  }
}

function readEnvironment(
  env: Record<string, string | undefined>,
  problems: Problem[],
): Partial<ServeConfig> {
  const config: Partial<Record<ServeOptionName, unknown>> = {};
  for (const [name, spec] of Object.entries(SERVE_OPTIONS) as [ServeOptionName, OptionSpec][]) {
    const raw = env[spec.env];
    if (raw === undefined || raw === '') continue;
    const parsed = envValue(spec.kind, raw);
    if (typeof parsed === 'string' && spec.kind !== 'text') {
      problems.push({ severity: 'error', code: 'bad-value', message: `${spec.env}: ${parsed}` });
    } else {
      config[name] = parsed;
    }
  }
  return config as Partial<ServeConfig>;
}

/** The value, or for anything but text, a string saying what is wrong with it. */
function envValue(kind: OptionKind, raw: string): unknown {
  const list = raw
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
  switch (kind) {
    case 'text':
      return raw;
    case 'port':
    case 'count': {
      const value = /^\d+$/.test(raw.trim()) ? Number(raw) : NaN;
      return numberError(kind, value) ?? value;
    }
    case 'origins':
      return list.map(originError).find((error) => error !== undefined) ?? list;
    case 'keys': {
      const keys: ApiKey[] = [];
      for (const [index, item] of list.entries()) {
        const parsed = apiKeyFromText(item);
        if (typeof parsed === 'string') return `entry ${index + 1}: ${parsed}`;
        keys.push(parsed);
      }
      return duplicateKeyId(keys) ?? keys;
    }
  }
}

function numberError(kind: 'port' | 'count', value: unknown): string | undefined {
  if (kind === 'port') {
    const ok = Number.isInteger(value) && (value as number) >= 0 && (value as number) <= 65535;
    return ok ? undefined : 'expected a port number from 0 to 65535';
  }
  const ok = Number.isInteger(value) && (value as number) >= 1;
  return ok ? undefined : 'expected a whole number of at least 1';
}

const KEY_ID = /^[A-Za-z0-9._-]{1,64}$/;
const SHA256_HEX = /^[0-9a-fA-F]{64}$/;

function apiKeyFromText(text: string): ApiKey | string {
  const separator = text.indexOf(':');
  if (separator < 0) return 'expected id:sha256hex';
  return apiKeyFrom(text.slice(0, separator), text.slice(separator + 1));
}

function apiKeyFrom(id: unknown, sha256: unknown): ApiKey | string {
  if (typeof id !== 'string' || !KEY_ID.test(id)) {
    return 'the id must be 1 to 64 letters, digits, dots, dashes or underscores';
  }
  if (typeof sha256 !== 'string' || !SHA256_HEX.test(sha256)) {
    return `key '${id}': sha256 must be 64 hex digits (the SHA-256 of the key, not the key)`;
  }
  return { id, sha256: sha256.toLowerCase() };
}

function duplicateKeyId(keys: readonly ApiKey[]): string | undefined {
  const seen = new Set<string>();
  for (const key of keys) {
    if (seen.has(key.id)) return `key id '${key.id}' appears twice; ids name keys in the logs`;
    seen.add(key.id);
  }
  return undefined;
}

function originError(origin: unknown): string | undefined {
  if (typeof origin !== 'string') return 'expected an origin such as https://tools.example.com';
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return `'${origin}' is not an origin such as https://tools.example.com`;
  }
  const bare = url.origin === origin && (url.protocol === 'https:' || url.protocol === 'http:');
  return bare ? undefined : `'${origin}' is not an origin: scheme, host and port only`;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Loopback addresses: a server without API keys may listen on nothing else. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

/** Refuses settings that would expose an unauthenticated server beyond this machine. */
export function checkExposure(config: ServeConfig): void {
  if (config.apiKeys.length > 0 || isLoopback(config.host)) return;
  throw inputError({
    code: 'unsafe-binding',
    message:
      `refusing to listen on ${config.host} without API keys: configure apiKeys ` +
      `(${SERVE_OPTIONS.apiKeys.env}) or listen on 127.0.0.1`,
  });
}
