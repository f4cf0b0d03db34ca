import { Option, type Command } from 'commander';
import { understand } from '../../engine/pipeline.js';
import { renderModelYaml } from '../../renderers/model-yaml.js';
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

interface ModelFlags extends InputFlags, OutputFlags {
  format: 'yaml' | 'json';
}

export function registerModel(program: Command, io: CliIo): void {
  const command = program
    .command('model')
    .description('print the model Strider understood, each inferred fact marked with its source')
    .argument('<input...>', 'diagram or model file; compose and Kubernetes inputs may be several')
    .addOption(
      new Option('-f, --format <format>', 'output format')
        .choices(['yaml', 'json'])
        .default('yaml'),
    );
  addInputOptions(command);
  addOutputOptions(command);
  command.action(async (files: string[], flags: ModelFlags) => {
    const { input, options } = await readInputs(files, flags);
    const { model, warnings } = understand(input, options);
    printProblems(io, warnings);
    const text =
      flags.format === 'json' ? `${JSON.stringify(model, null, 2)}\n` : renderModelYaml(model);
    await emit(io, text, flags, [...files, flags.hints, flags.composeEnv]);
  });
}
