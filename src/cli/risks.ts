import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { applyRiskDecisions } from '../engine/risks.js';
import type { AnalysisReport } from '../engine/threat.js';
import { inputError, type Problem } from '../model/problems.js';
import { isCalendarDate, parseRiskFile, RISK_FILE_NAME } from '../model/risks.js';
import { readInput } from './io.js';

export interface RiskFlags {
  /** A path; false with --no-risks; undefined to look for strider-risks.yaml beside the input. */
  risks?: string | false;
  today?: string;
  maxInput: number;
}

export function addRiskOptions(command: Command): Command {
  return command
    .option('--risks <file>', `risk decisions (default: ${RISK_FILE_NAME} beside the input)`)
    .option('--no-risks', `ignore any ${RISK_FILE_NAME} beside the input`)
    .option('--today <date>', 'date that decisions expire against (default: today)', parseDate);
}

/** The risk file the flags name, or the one beside the input, or none. */
export function riskFileFor(input: string, flags: RiskFlags): string | undefined {
  if (flags.risks === false) return undefined;
  if (flags.risks !== undefined) return flags.risks;
  const beside = path.join(path.dirname(input), RISK_FILE_NAME);
  return existsSync(beside) ? beside : undefined;
}

/** Applies the decisions of the risk file, if there is one, as of --today or the real date. */
export async function applyRiskFile(
  report: AnalysisReport,
  input: string,
  flags: RiskFlags,
): Promise<{ report: AnalysisReport; warnings: Problem[]; file?: string }> {
  const file = riskFileFor(input, flags);
  if (file === undefined) return { report, warnings: [] };
  const source = await readInput(file, flags.maxInput);
  const risks = parseRiskFile(source.text, file);
  const today = flags.today ?? localDate(new Date());
  return { ...applyRiskDecisions(report, risks, { today }), file };
}

function parseDate(value: string): string {
  if (!isCalendarDate(value)) {
    throw inputError({
      code: 'bad-option',
      message: `--today: '${value}' is not a date; write YYYY-MM-DD, e.g. 2027-01-31`,
    });
  }
  return value;
}

/** The calendar day where the user is, not in UTC: a decision expires at local midnight. */
function localDate(now: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
