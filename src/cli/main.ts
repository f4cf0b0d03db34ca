import { Command, CommanderError } from 'commander';
import { registerAnalyze } from './commands/analyze.js';
import { registerDiagram } from './commands/diagram.js';
import { registerDiff } from './commands/diff.js';
import { registerExport } from './commands/export.js';
import { registerModel } from './commands/model.js';
import { registerRules } from './commands/rules.js';
import { registerServe } from './commands/serve.js';
import type { CliIo } from './io.js';
import type { Outcome } from './outcome.js';
import { EXIT, reportFailure } from './report-errors.js';
import { VERSION } from './version.js';

export { VERSION };

/** Runs the CLI on `argv` (without node and script) and returns the exit code. */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const outcome: Outcome = { code: EXIT.ok };
  const program = buildProgram(io, outcome);
  const debug = argv.includes('--debug');
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return outcome.code;
  } catch (error) {
    if (error instanceof CommanderError) return commanderExit(error);
    return reportFailure(io, error, debug);
  }
}

function buildProgram(io: CliIo, outcome: Outcome): Command {
  const program = new Command()
    .name('strider')
    .description('Threat modeling as code: reads your diagrams, reports the threats.')
    .version(VERSION)
    .option('--debug', 'print stack traces for internal errors')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  registerAnalyze(program, io, outcome);
  registerModel(program, io);
  registerExport(program, io);
  registerDiagram(program, io);
  registerDiff(program, io, outcome);
  registerRules(program, io);
  registerServe(program, io);
  for (const command of program.commands) {
    command.exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  }
  return program;
}

/** Help and version exit 0; usage mistakes exit 2, as every other user error does. */
function commanderExit(error: CommanderError): number {
  if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version')
    return EXIT.ok;
  if (error.code === 'commander.help') return EXIT.ok;
  return EXIT.error;
}
