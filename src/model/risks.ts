import { InputError, type Problem } from './problems.js';
import { validateAgainstSchema } from './validate-schema.js';
import { parseSourceDocument, problemAt, type SourceDocument } from './yaml-source.js';

/**
 * The risk file, `strider-risks.yaml`: decisions people took about threats, keyed by the
 * threat's fingerprint (exact set of affected elements) or root key (rule plus root cause,
 * which survives elements coming and going). Loading checks shape and dates; applying the
 * decisions to a report is src/engine/risks.ts.
 */
export const RISK_FILE_NAME = 'strider-risks.yaml';

export const DECISION_STATUSES = ['accepted', 'mitigated', 'false-positive'] as const;
export type DecisionStatus = (typeof DECISION_STATUSES)[number];

const FINGERPRINT = /^[0-9a-f]{16}$/;

export const RISKS_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'Strider risk decisions',
  type: 'object',
  additionalProperties: false,
  required: ['risks'],
  properties: {
    risks: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['status', 'justification', 'owner'],
        properties: {
          fingerprint: { type: 'string', description: "The threat's fingerprint, in quotes." },
          rootKey: { type: 'string', minLength: 1, description: "The threat's root key." },
          status: { enum: [...DECISION_STATUSES] },
          justification: { type: 'string', minLength: 1 },
          owner: { type: 'string', minLength: 1 },
          expires: { type: 'string', description: 'Last day the decision holds, YYYY-MM-DD.' },
        },
      },
    },
  },
} as const;

export interface RiskEntry {
  /** Position in the file's `risks` list, for messages: risks[2]. */
  index: number;
  key: { kind: 'fingerprint' | 'rootKey'; value: string };
  status: DecisionStatus;
  justification: string;
  owner: string;
  expires?: string;
  file?: string;
  line: number;
  column: number;
}

export interface RiskFile {
  file?: string;
  entries: RiskEntry[];
}

interface RawEntry {
  fingerprint?: string;
  rootKey?: string;
  status: DecisionStatus;
  justification: string;
  owner: string;
  expires?: string;
}

/** Parses and checks a risk file; every problem found is thrown together as an InputError. */
export function parseRiskFile(text: string, file?: string): RiskFile {
  const source = parseSourceDocument(text, file);
  if (source.value === null || source.value === undefined) return { file, entries: [] };

  const unquoted = unquotedFingerprints(source);
  if (unquoted.length > 0) throw new InputError(unquoted);
  const schemaProblems = validateAgainstSchema(source, RISKS_SCHEMA);
  if (schemaProblems.length > 0) throw new InputError(schemaProblems);

  const raws = (source.value as { risks: RawEntry[] }).risks;
  const problems: Problem[] = [];
  const entries = raws.map((raw, index) => toEntry(source, raw, index, problems));
  checkDuplicateKeys(source, entries, problems);
  if (problems.length > 0) throw new InputError(problems);
  return { file, entries };
}

/** Whether the text is a real calendar date written YYYY-MM-DD. */
export function isCalendarDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  const [year, month, day] = match.slice(1).map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/**
 * YAML reads an unquoted all-digit fingerprint, or one like 1e23..., as a number, which loses
 * it; the schema's "must be string" would not say why, so this check comes first.
 */
function unquotedFingerprints(source: SourceDocument): Problem[] {
  const risks = (source.value as { risks?: unknown })?.risks;
  if (!Array.isArray(risks)) return [];
  return risks.flatMap((raw, index) =>
    typeof (raw as RawEntry | null)?.fingerprint === 'number'
      ? [
          problemAt(
            source,
            ['risks', index, 'fingerprint'],
            'bad-value',
            'YAML read this fingerprint as a number; put it in quotes',
          ),
        ]
      : [],
  );
}

function toEntry(source: SourceDocument, raw: RawEntry, index: number, problems: Problem[]) {
  const at = (field: string, code: string, message: string) =>
    problems.push(problemAt(source, ['risks', index, field], code, message));
  const path = ['risks', index];

  if ((raw.fingerprint === undefined) === (raw.rootKey === undefined)) {
    problems.push(
      problemAt(
        source,
        path,
        'bad-risk-key',
        "give exactly one of 'fingerprint' or 'rootKey' (both are in the JSON report)",
      ),
    );
  }
  if (raw.fingerprint !== undefined && !FINGERPRINT.test(raw.fingerprint)) {
    at(
      'fingerprint',
      'bad-value',
      `'${raw.fingerprint}' is not a fingerprint (16 lowercase hex digits, as in the report)`,
    );
  }
  if (raw.expires !== undefined && !isCalendarDate(raw.expires)) {
    at('expires', 'bad-date', `'${raw.expires}' is not a date; write YYYY-MM-DD, e.g. 2027-01-31`);
  }
  if (raw.status === 'accepted' && raw.expires === undefined) {
    problems.push(
      problemAt(
        source,
        path,
        'missing-field',
        "an accepted risk needs 'expires' (YYYY-MM-DD), so that it is reviewed again",
      ),
    );
  }
  const { line, column } = source.positionOf(path);
  const key =
    raw.fingerprint !== undefined
      ? { kind: 'fingerprint' as const, value: raw.fingerprint }
      : { kind: 'rootKey' as const, value: raw.rootKey ?? '' };
  return {
    index,
    key,
    status: raw.status,
    justification: raw.justification,
    owner: raw.owner,
    expires: raw.expires,
    file: source.file,
    line,
    column,
  };
}

function checkDuplicateKeys(source: SourceDocument, entries: RiskEntry[], problems: Problem[]) {
  const first = new Map<string, RiskEntry>();
  for (const entry of entries) {
    const id = `${entry.key.kind}:${entry.key.value}`;
    const earlier = first.get(id);
    if (!earlier) {
      first.set(id, entry);
      continue;
    }
    problems.push(
      problemAt(
        source,
        ['risks', entry.index, entry.key.kind],
        'duplicate-risk',
        `${entry.key.kind} '${entry.key.value}' already has a decision at line ${earlier.line}`,
      ),
    );
  }
}
