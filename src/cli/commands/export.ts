import { Option, type Command } from 'commander';
import { analyze } from '../../engine/pipeline.js';
import { EXPORTERS, exporterFor } from '../../exporters/index.js';
import type { CliIo } from '../io.js';
import { printProblems } from '../report-errors.js';
import {
  addInputOptions,
  addOutputOptions,
  emit,
  readInputs,
  type InputFlags,
  type OutputFlags,
} from './shared.js';

interface ExportFlags extends InputFlags, OutputFlags {
  format: string;
}

export function registerExport(program: Command, io: CliIo): void {
  const command = program
    .command('export')
    .description('write the model and its threats for another tool (Threat Dragon, OTM)')
    .argument('<input...>', 'diagram or model file; compose and Kubernetes inputs may be several')
    .addOption(
      new Option('-f, --format <format>', 'what to write')
        .choices(EXPORTERS.map((exporter) => exporter.format))
        .makeOptionMandatory(),
    );
  addInputOptions(command);
  addOutputOptions(command);
  command.action(async (files: string[], flags: ExportFlags) => {
    const { input, options } = await readInputs(files, flags);
    const { model, report, format, warnings } = analyze(input, options);
    printProblems(io, [...warnings, ...report.problems]);
    const text = exporterFor(flags.format).write({
      source: input,
      format,
      model,
      report,
      page: flags.page,
    });
    await emit(io, text, flags, [...files, flags.hints, flags.composeEnv]);
  });
}
