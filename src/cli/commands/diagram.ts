import { Option, type Command } from 'commander';
import { analyze } from '../../engine/pipeline.js';
import { renderDot } from '../../renderers/dot.js';
import { renderSvg } from '../../renderers/graphviz.js';
import { renderMermaid } from '../../renderers/mermaid.js';
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

const FORMATS = ['svg', 'dot', 'mermaid'] as const;
type Format = (typeof FORMATS)[number];

interface DiagramFlags extends InputFlags, OutputFlags {
  format: Format;
  /** False with --no-threats: draw the model alone. */
  threats: boolean;
}

export function registerDiagram(program: Command, io: CliIo): void {
  const command = program
    .command('diagram')
    .description(
      'draw the model Strider understood, to check it: zones, elements and flows, with ' +
        'inferred facts dashed and elements coloured by their worst threat',
    )
    .argument('<input>', 'diagram or model file')
    .addOption(
      new Option('-f, --format <format>', 'drawing format').choices(FORMATS).default('svg'),
    )
    .option('--no-threats', 'draw the model only, without colouring elements by threat');
  addInputOptions(command);
  addOutputOptions(command);
  command.action(async (file: string, flags: DiagramFlags) => {
    const { input, options } = await readInputs(file, flags);
    const { model, report, warnings } = analyze(input, options);
    printProblems(io, [...warnings, ...report.problems]);
    // TODO(risks): colour by the threats left after the risk file, as analyze reports them,
    // once its loader (src/cli/risks.ts) settles; until then settled threats colour too.
    const drawing = { threats: flags.threats ? report.threats : [] };
    const text =
      flags.format === 'svg'
        ? await renderSvg(model, drawing)
        : flags.format === 'dot'
          ? renderDot(model, drawing)
          : renderMermaid(model, drawing);
    await emit(io, text, flags, [file, flags.hints]);
  });
}
