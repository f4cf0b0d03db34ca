import { IMPORTERS } from '../../importers/index.js';
import { isCalendarDate } from '../../model/risks.js';
import type { AnalysisJob } from '../analysis-job.js';
import type { ServeConfig } from '../config.js';
import { ApiError } from '../errors.js';
import { REPORT_FORMAT_NAMES } from '../report-formats.js';
import type { FieldSpec, FieldValues } from '../request-body.js';

/** A file name, for format detection and messages: no folders, no control characters. */
const FILE_NAME = /^[^/\\\u0000-\u001f]{1,255}$/;
export const PROJECT_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
export const PROJECT_HINT = '1 to 100 letters, digits, dots, dashes or underscores';

/** The fields that describe an input to analyze, shared by analyze and save. */
export const INPUT_FIELDS = {
  input: { type: 'string', required: true },
  file: { type: 'string', pattern: FILE_NAME, hint: 'a file name such as system.mmd' },
  format: { type: 'choice', choices: IMPORTERS.map((importer) => importer.format) },
  hints: { type: 'string' },
  page: { type: 'string', maxLength: 200 },
} as const satisfies Record<string, FieldSpec>;

export const ANALYZE_FIELDS = {
  ...INPUT_FIELDS,
  risks: { type: 'string' },
  today: { type: 'string', pattern: /^\d{4}-\d{2}-\d{2}$/, hint: 'a date, YYYY-MM-DD' },
  output: { type: 'choice', choices: REPORT_FORMAT_NAMES },
  top: { type: 'integer', min: 1, max: 100_000 },
} as const satisfies Record<string, FieldSpec>;

export const SAVE_FIELDS = {
  ...INPUT_FIELDS,
  project: { type: 'string', required: true, pattern: PROJECT_NAME, hint: PROJECT_HINT },
  name: { type: 'string', maxLength: 200 },
} as const satisfies Record<string, FieldSpec>;

/** Turns checked request fields into a job; names default so problems still say which text. */
export function jobFrom(
  fields: Partial<FieldValues<typeof ANALYZE_FIELDS>>,
  config: ServeConfig,
  today: string,
): AnalysisJob {
  if (fields.today !== undefined && !isCalendarDate(fields.today)) {
    throw new ApiError(400, 'bad-field', `'today' ${fields.today} is not a calendar date`);
  }
  return {
    input: { text: fields.input ?? '', file: fields.file },
    format: fields.format,
    hints: fields.hints === undefined ? undefined : { text: fields.hints, file: 'hints.yaml' },
    risks: fields.risks === undefined ? undefined : { text: fields.risks, file: 'risks.yaml' },
    page: fields.page,
    today: fields.today ?? today,
    output: fields.output as AnalysisJob['output'],
    top: fields.top,
    maxInput: config.maxBodyBytes,
  };
}

/** The server's calendar day, for risk decisions that expire. */
export function localDate(now: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
