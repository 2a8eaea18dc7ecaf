/**
 * `cnlab`: the lab on the command line, through the same engine API as the browser.
 *   cnlab sh FILE | -c LINE     run shell lines on one simulated machine
 *   cnlab run SCENARIO …        load a scenario, run --exec lines on its machines
 *   cnlab scenarios             list the built-in scenarios
 *   cnlab check FILE            validate a scenario file
 * The commands live in commands.ts; this file parses, dispatches and sets the exit status.
 */
import { parseCliArgs, USAGE } from './args';
import { checkCommand, runCommand, scenariosCommand, shCommand } from './commands';
import { type CliIo, nodeIo } from './io';

function main(argv: string[], io: CliIo): number {
  const parsed = parseCliArgs(argv);
  if (!parsed.ok) {
    io.stderr(`cnlab: ${parsed.error} (see "cnlab --help")\n`);
    return 2;
  }
  const cmd = parsed.command;
  switch (cmd.kind) {
    case 'help':
      io.stdout(USAGE);
      return 0;
    case 'version':
      io.stdout(`cnlab ${cmd.version}\n`);
      return 0;
    case 'check':
      return checkCommand(cmd.file, io);
    case 'scenarios':
      return scenariosCommand(io);
    case 'sh':
      return shCommand(cmd, io);
    case 'run':
      return runCommand(cmd, io);
  }
}

try {
  process.exitCode = main(process.argv.slice(2), nodeIo);
} catch (e) {
  // A bug, not bad input: one line, no stack trace (CNLAB_DEBUG=1 shows it).
  process.stderr.write(`cnlab: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
  if (process.env.CNLAB_DEBUG) console.error(e);
  process.exitCode = 70;
}
