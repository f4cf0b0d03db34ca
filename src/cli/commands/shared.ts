import { Option, type Command } from 'commander';
import {
  DEFAULT_MAX_INPUT,
  type SourceText,
  type UnderstandOptions,
} from '../../engine/pipeline.js';
import { IMPORTERS } from '../../importers/index.js';
import { inputError } from '../../model/problems.js';
import { readInput, writeOutput, type CliIo } from '../io.js';

export interface InputFlags {
  hints?: string;
  from?: string;
  maxInput: number;
  page?: string;
  composeEnv?: string;
}

export interface OutputFlags {
  output?: string;
  force?: boolean;
}

/** Options every command that reads a model shares. */
export function addInputOptions(command: Command): Command {
  return command
    .option('--hints <file>', 'YAML file of facts to overlay on elements, by ID')
    .addOption(
      new Option('--from <format>', 'input format, instead of detecting it').choices(
        IMPORTERS.map((importer) => importer.format),
      ),
    )
    .option(
      '--max-input <bytes>',
      'refuse inputs larger than this',
      parsePositive,
      DEFAULT_MAX_INPUT,
    )
    .option('--page <name|index>', 'read one page (draw.io) or diagram (Threat Dragon) only')
    .option('--compose-env <file>', 'NAME=value lines for ${VAR} in compose files (default: none)');
}

export function addOutputOptions(command: Command): Command {
  return command
    .option('-o, --output <file>', 'write to a new file (atomically) instead of stdout')
    .option('--force', 'allow --output to replace an existing file (never an input)');
}

/** Reads the input files (the first one decides the format) and the files the flags name. */
export async function readInputs(
  files: string | readonly string[],
  flags: InputFlags,
): Promise<{ input: SourceText; options: UnderstandOptions }> {
  const [input, ...extraInputs] = await Promise.all(
    [files].flat().map((file) => readInput(file, flags.maxInput)),
  );
  const hints = flags.hints ? await readInput(flags.hints, flags.maxInput) : undefined;
  const env = flags.composeEnv ? await readInput(flags.composeEnv, flags.maxInput) : undefined;
  return {
    input: input!,
    options: {
      format: flags.from,
      hints,
      maxInput: flags.maxInput,
      page: flags.page,
      extraInputs,
      env,
    },
  };
}

/** Sends the output to stdout or, with --output, to a new file. */
export async function emit(
  io: CliIo,
  text: string,
  flags: OutputFlags,
  inputs: (string | undefined)[],
): Promise<void> {
  if (!flags.output) {
    io.stdout(text.endsWith('\n') ? text : `${text}\n`);
    return;
  }
  await writeOutput(flags.output, text.endsWith('\n') ? text : `${text}\n`, {
    protectedFiles: inputs.filter((f): f is string => f !== undefined),
    force: flags.force,
  });
  io.stderr(`strider: wrote ${flags.output}\n`);
}

export function parsePositive(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number <= 0) {
    throw inputError({
      code: 'bad-option',
      message: `expected a positive whole number, got '${value}'`,
    });
  }
  return number;
}
