/**
 * `cnlab`: the lab on the command line, through the same engine API as the browser.
 *   cnlab sh FILE        run a file of shell lines on one simulated machine
 *   cnlab sh -c LINE     run one line
 *   cnlab check FILE     validate a scenario file
 */
import { readFileSync } from 'node:fs';
import { Lab } from '../engine/api/lab';
import { runFile } from '../engine/api/run-file';
import { LIMITS, validateScenario } from '../engine/scenario/validate';
import { parseCliArgs, USAGE } from './args';

function main(argv: string[]): number {
  const parsed = parseCliArgs(argv);
  if (!parsed.ok) {
    process.stderr.write(`cnlab: ${parsed.error}\n${USAGE}`);
    return 2;
  }
  const cmd = parsed.command;
  switch (cmd.kind) {
    case 'help':
      process.stdout.write(USAGE);
      return 0;
    case 'version':
      process.stdout.write(`cnlab ${cmd.version}\n`);
      return 0;
    case 'check':
      return check(cmd.file);
    case 'sh':
      return runShell(cmd.source, cmd.seed, cmd.machine);
  }
}

function readText(file: string): string | undefined {
  try {
    return readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT'
        ? 'No such file or directory'
        : code === 'EISDIR'
          ? 'Is a directory'
          : String(e);
    process.stderr.write(`cnlab: ${file}: ${reason}\n`);
    return undefined;
  }
}

function runShell(
  source: { file: string } | { line: string },
  seed: number,
  machine: string,
): number {
  const file = 'line' in source ? 'bash' : source.file;
  const text = 'line' in source ? source.line : readText(source.file);
  if (text === undefined) return 127;
  const write = (stream: 'stdout' | 'stderr', data: string) =>
    (stream === 'stdout' ? process.stdout : process.stderr).write(data);
  const r = runFile(file, text, write, { seed, machine });
  if (!r.ok) {
    process.stderr.write(`cnlab: ${r.error}\n`);
    return 2;
  }
  return r.status;
}

function check(file: string): number {
  const text = readText(file);
  if (text === undefined) return 1;
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    process.stderr.write(`cnlab: ${file}: not JSON (${(e as Error).message})\n`);
    return 1;
  }
  const v = validateScenario(data);
  if (!v.ok) {
    process.stderr.write(`cnlab: ${file}: ${v.error}\n`);
    return 1;
  }
  const r = new Lab(v.scenario.seed).load(v.scenario);
  if (!r.ok) {
    process.stderr.write(`cnlab: ${file}: ${r.error}\n`);
    return 1;
  }
  for (const w of r.warnings ?? []) process.stderr.write(`cnlab: ${file}: warning: ${w}\n`);
  const steps = v.scenario.steps.length;
  process.stdout.write(
    `${file}: ok: "${v.scenario.title}", ${steps} step${steps === 1 ? '' : 's'} (limit ${LIMITS.steps}), ${r.view.machines.length} machines\n`,
  );
  return 0;
}

process.exitCode = main(process.argv.slice(2));
