import { Option, type Command } from 'commander';
import { threatsFailingGate } from '../../engine/gate.js';
import { analyze } from '../../engine/pipeline.js';
import { SEVERITIES, type Severity } from '../../engine/score.js';
import type { AnalysisReport } from '../../engine/threat.js';
import { renderHtmlReport } from '../../renderers/html.js';
import { renderJson } from '../../renderers/json.js';
import { renderMarkdown } from '../../renderers/markdown.js';
import { renderSarif } from '../../renderers/sarif.js';
import type { CliIo } from '../io.js';
import type { Outcome } from '../outcome.js';
import { EXIT, printProblems } from '../report-errors.js';
import { addRiskOptions, applyRiskFile, type RiskFlags } from '../risks.js';
import { VERSION } from '../version.js';
import {
  addInputOptions,
  addOutputOptions,
  emit,
  parsePositive,
  readInputs,
  type InputFlags,
  type OutputFlags,
} from './shared.js';

const FORMATS = ['md', 'json', 'sarif', 'html'] as const;
type Format = (typeof FORMATS)[number];

interface AnalyzeFlags extends InputFlags, OutputFlags, RiskFlags {
  format: Format;
  top?: number;
  failOn?: Severity;
}

export function registerAnalyze(program: Command, io: CliIo, outcome: Outcome): void {
  const command = program
    .command('analyze')
    .description('find threats in a diagram or model and write the report')
    .argument(
      '<input...>',
      'diagram or model file (.mmd, .yaml, .json); compose and Kubernetes ' +
        'inputs may be several files',
    )
    .addOption(new Option('-f, --format <format>', 'report format').choices(FORMATS).default('md'))
    .option('--top <n>', 'show only the N highest-scoring threats', parsePositive)
    .addOption(
      new Option(
        '--fail-on <severity>',
        'exit 1 when an active threat is this severe or worse',
      ).choices([...SEVERITIES].reverse()),
    );
  addInputOptions(command);
  addRiskOptions(command);
  addOutputOptions(command);
  command.action(async (files: string[], flags: AnalyzeFlags) => {
    const file = files[0]!;
    const { input, options } = await readInputs(files, flags);
    const analysis = analyze(input, options);
    const decided = await applyRiskFile(analysis.report, file, flags);
    const { report } = decided;
    const warnings = [...analysis.warnings, ...decided.warnings];
    printProblems(io, [...warnings, ...report.problems]);
    const text =
      flags.format === 'json'
        ? renderJson(report, { top: flags.top, warnings })
        : flags.format === 'sarif'
          ? renderSarif(report, {
              top: flags.top,
              warnings,
              // TODO(multi-file-positions): positions do not name their file yet, so with
              // several inputs the results point at the first file only, by element name.
              model: files.length === 1 ? analysis.model : undefined,
              input: file,
              cwd: io.cwd,
              toolVersion: VERSION,
            })
          : flags.format === 'html'
            ? await renderHtmlReport(report, { model: analysis.model, top: flags.top, warnings })
            : renderMarkdown(report, { top: flags.top });
    await emit(io, text, flags, [...files, flags.hints, flags.composeEnv, decided.file]);
    outcome.code = gateCode(io, report, flags.failOn);
  });
}

/** With --fail-on, exit 1 when an active threat reaches the threshold, saying which. */
function gateCode(io: CliIo, report: AnalysisReport, threshold: Severity | undefined): number {
  if (threshold === undefined) return EXIT.ok;
  const failing = threatsFailingGate(report.threats, threshold);
  if (failing.length === 0) return EXIT.ok;
  const ids = failing.map((t) => `${t.id} (${t.severity})`).join(', ');
  io.stderr(`strider: ${failing.length} active threat(s) at or above ${threshold}: ${ids}\n`);
  return EXIT.threshold;
}
