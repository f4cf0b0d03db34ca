import { Option, type Command } from 'commander';
import { analyze } from '../../engine/pipeline.js';
import { renderJson } from '../../renderers/json.js';
import { renderMarkdown } from '../../renderers/markdown.js';
import type { CliIo } from '../io.js';
import type { Outcome } from '../outcome.js';
import { EXIT, printProblems } from '../report-errors.js';
import {
  addInputOptions,
  addOutputOptions,
  emit,
  parsePositive,
  readInputs,
  type InputFlags,
  type OutputFlags,
} from './shared.js';

const FORMATS = ['md', 'json'] as const;
type Format = (typeof FORMATS)[number];

interface AnalyzeFlags extends InputFlags, OutputFlags {
  format: Format;
  top?: number;
}

export function registerAnalyze(program: Command, io: CliIo, outcome: Outcome): void {
  const command = program
    .command('analyze')
    .description('find threats in a diagram or model and write the report')
    .argument('<input>', 'diagram or model file (.mmd, .yaml, .json)')
    .addOption(new Option('-f, --format <format>', 'report format').choices(FORMATS).default('md'))
    .option('--top <n>', 'show only the N highest-scoring threats', parsePositive);
  addInputOptions(command);
  addOutputOptions(command);
  command.action(async (file: string, flags: AnalyzeFlags) => {
    const { input, options } = await readInputs(file, flags);
    const { report, warnings } = analyze(input, options);
    printProblems(io, [...warnings, ...report.problems]);
    const text =
      flags.format === 'json'
        ? renderJson(report, { top: flags.top, warnings })
        : renderMarkdown(report, { top: flags.top });
    await emit(io, text, flags, [file, flags.hints]);
    outcome.code = EXIT.ok;
  });
}
