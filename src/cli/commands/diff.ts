import { Option, type Command } from 'commander';
import {
  diffThreats,
  newThreatsAtOrAbove,
  type DiffThreat,
  type ThreatDiff,
} from '../../engine/diff.js';
import { analyze } from '../../engine/pipeline.js';
import { isJsonReport, readReportThreats } from '../../engine/read-report.js';
import { SEVERITIES, type Severity } from '../../engine/score.js';
import type { Problem } from '../../model/problems.js';
import { renderDiffJson } from '../../renderers/diff-json.js';
import { renderDiffMarkdown } from '../../renderers/diff-markdown.js';
import type { CliIo } from '../io.js';
import type { Outcome } from '../outcome.js';
import { EXIT, printProblems } from '../report-errors.js';
import { addRiskOptions, applyRiskFile, type RiskFlags } from '../risks.js';
import {
  addInputOptions,
  addOutputOptions,
  emit,
  readInputs,
  type InputFlags,
  type OutputFlags,
} from './shared.js';

const FORMATS = ['md', 'json'] as const;

interface DiffFlags extends InputFlags, OutputFlags, RiskFlags {
  format: (typeof FORMATS)[number];
  failOnNew?: Severity;
}

interface Side {
  threats: DiffThreat[];
  warnings: Problem[];
  riskFile?: string;
}

export function registerDiff(program: Command, io: CliIo, outcome: Outcome): void {
  const command = program
    .command('diff')
    .description('compare two versions: which threats are new, resolved or changed')
    .argument('<before>', 'the earlier model, diagram, or JSON report from analyze')
    .argument('<after>', 'the later one')
    .addOption(new Option('-f, --format <format>', 'output format').choices(FORMATS).default('md'))
    .addOption(
      new Option(
        '--fail-on-new <severity>',
        'exit 1 when a new or worsened threat is this severe',
      ).choices([...SEVERITIES].reverse()),
    );
  addInputOptions(command);
  addRiskOptions(command);
  addOutputOptions(command);
  command.action(async (beforeFile: string, afterFile: string, flags: DiffFlags) => {
    const before = await readSide(beforeFile, flags);
    const after = await readSide(afterFile, flags);
    // Risk warnings speak of the version under review; the earlier one would only repeat or
    // contradict them (an entry for a new threat matches nothing before it existed).
    const riskCodes = new Set(['risk-expired', 'risk-unmatched']);
    const beforeWarnings = before.warnings.filter((warning) => !riskCodes.has(warning.code));
    printProblems(io, [...beforeWarnings, ...after.warnings]);

    const diff = diffThreats(before.threats, after.threats);
    const names = { before: beforeFile, after: afterFile };
    const text =
      flags.format === 'json'
        ? renderDiffJson(diff, { ...names, warnings: after.warnings })
        : renderDiffMarkdown(diff, names);
    const inputs = [beforeFile, afterFile, flags.hints, before.riskFile, after.riskFile];
    await emit(io, text, flags, inputs);
    outcome.code = gateCode(io, diff, flags.failOnNew);
  });
}

/** One side of the diff: a JSON report is read back as is; anything else is analyzed. */
async function readSide(file: string, flags: DiffFlags): Promise<Side> {
  const { input, options } = await readInputs(file, flags);
  if (isJsonReport(input.text)) {
    return { threats: readReportThreats(input.text, file), warnings: [] };
  }
  const analysis = analyze(input, options);
  const decided = await applyRiskFile(analysis.report, file, flags);
  return {
    threats: decided.report.threats,
    warnings: [...analysis.warnings, ...analysis.report.problems, ...decided.warnings],
    riskFile: decided.file,
  };
}

function gateCode(io: CliIo, diff: ThreatDiff, threshold: Severity | undefined): number {
  if (threshold === undefined) return EXIT.ok;
  const failing = newThreatsAtOrAbove(diff, threshold);
  if (failing.length === 0) return EXIT.ok;
  const ids = failing.map((t) => `${t.id} (${t.severity})`).join(', ');
  io.stderr(
    `strider: ${failing.length} new or worsened active threat(s) at or above ${threshold}: ` +
      `${ids}\n`,
  );
  return EXIT.threshold;
}
