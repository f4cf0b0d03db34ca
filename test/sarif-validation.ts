import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Ajv } from 'ajv';
import { REPO_ROOT, sharedPath } from './helpers.js';

/** The official SARIF 2.1.0 schema, from the shared reference material. */
export const SARIF_SCHEMA_FILE = sharedPath('refs/sarif-schema-2.1.0.json');
export const HAS_SARIF_SCHEMA = existsSync(SARIF_SCHEMA_FILE);

/**
 * The schema uses three string formats; ajv knows none of them without ajv-formats, which is
 * not a dependency, so these are checked here, strictly enough to catch a relative helpUri.
 */
const FORMATS = {
  'uri': (text: string) => /^[a-z][a-z0-9+.-]*:[^\s]*$/i.test(text),
  'uri-reference': (text: string) => !/[\s<>"{}|\\^`]/.test(text),
  'date-time': (text: string) =>
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(text) &&
    !Number.isNaN(Date.parse(text)),
} as const;

let validate: ((log: unknown) => string[]) | undefined;

/** Schema errors of a SARIF log as 'path: message' lines; empty when the log is valid. */
export function sarifSchemaErrors(log: unknown): string[] {
  if (!validate) {
    // The schema's language pattern has a stray ']' that only non-unicode regexps accept.
    const ajv = new Ajv({ allErrors: true, strict: false, formats: FORMATS, unicodeRegExp: false });
    const schema = JSON.parse(readFileSync(SARIF_SCHEMA_FILE, 'utf8'));
    ajv.addSchema(schema);
    // The shared copy (AdaCore's) keeps the log's own definition under definitions/Root and
    // leaves the top level empty, which would accept anything; the OASIS file has it on top.
    const root = schema.properties ? '' : '#/definitions/Root';
    const check = ajv.getSchema(`${schema.$id}${root}`);
    if (!check) throw new Error(`cannot compile ${SARIF_SCHEMA_FILE}`);
    validate = (value) =>
      check(value) ? [] : (check.errors ?? []).map((e) => `${e.instancePath}: ${e.message}`);
  }
  return validate(log);
}

const MULTITOOL = path.join(
  REPO_ROOT,
  'node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool',
);

export interface MultitoolFinding {
  level: string;
  ruleId: string;
  message: string;
}

/**
 * Runs `Sarif.Multitool validate` on a log and returns what it found, read from the SARIF
 * log the validator writes (its console output is not meant for parsing). Undefined when the
 * binary is missing or does not run on this machine.
 */
export function runMultitool(log: string): MultitoolFinding[] | undefined {
  if (!existsSync(MULTITOOL)) return undefined;
  const dir = mkdtempSync(path.join(tmpdir(), 'strider-sarif-'));
  const input = path.join(dir, 'input.sarif');
  const output = path.join(dir, 'validation.sarif');
  writeFileSync(input, log);
  const run = spawnSync(MULTITOOL, ['validate', input, '-o', output, '--log', 'ForceOverwrite'], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (run.error || run.status !== 0 || !existsSync(output)) return undefined;
  const results = JSON.parse(readFileSync(output, 'utf8')).runs?.[0]?.results ?? [];
  return results.map((r: { level?: string; ruleId: string; message: object }) => ({
    level: r.level ?? 'warning',
    ruleId: r.ruleId,
    message: JSON.stringify(r.message),
  }));
}

/**
 * Whether the validator really validates: it must flag a log that breaks the schema. The
 * single-file Linux build of 5.7.0 loads none of its rules and passes anything that parses
 * as JSON, so without this probe a green run would prove nothing.
 */
export function multitoolCatchesInvalidLogs(): boolean {
  const invalid = JSON.stringify({
    version: '2.1.0',
    runs: [{ tool: { driver: { name: 'probe' } }, results: [{ level: 'severe', message: {} }] }],
  });
  const findings = runMultitool(invalid);
  return findings !== undefined && findings.some((f) => f.level === 'error');
}
