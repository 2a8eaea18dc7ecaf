/** Argument parsing for the `cnlab` CLI, kept pure so it is unit tested. */

export const VERSION = '0.1.0';

export const USAGE = `Usage: cnlab COMMAND [ARGS]

Commands:
  sh FILE [--seed N] [--machine NAME]
                  Run a file of shell lines ("-" for standard input) on one simulated
                  Linux machine and print exactly what the lines print.
  sh -c LINE [--seed N] [--machine NAME]
                  Run one line.
  check FILE      Validate a scenario file (JSON) and replay it.
  help            Show this help.  (also -h, --help)
  version         Show the version.  (also -V, --version)

Options:
  --seed N        Seed of the lab's random numbers (MACs, ports, ids); default 1.
  --machine NAME  Name (and hostname) of the simulated machine; default "host".

Through npm: npm run cnlab -- sh FILE
`;

export type CliCommand =
  | { kind: 'help' }
  | { kind: 'version'; version: string }
  | { kind: 'check'; file: string }
  | { kind: 'sh'; source: { file: string } | { line: string }; seed: number; machine: string };

export type CliParse = { ok: true; command: CliCommand } | { ok: false; error: string };

export function parseCliArgs(argv: string[]): CliParse {
  const [cmd, ...rest] = argv;
  if (cmd === undefined || cmd === 'help' || cmd === '-h' || cmd === '--help') {
    return { ok: true, command: { kind: 'help' } };
  }
  if (cmd === 'version' || cmd === '-V' || cmd === '--version') {
    return { ok: true, command: { kind: 'version', version: VERSION } };
  }
  if (cmd === 'check') {
    if (rest.length !== 1) return { ok: false, error: 'check takes exactly one FILE' };
    return { ok: true, command: { kind: 'check', file: rest[0] } };
  }
  if (cmd !== 'sh') return { ok: false, error: `unknown command "${cmd}"` };
  let seed = 1;
  let machine = 'host';
  let source: { file: string } | { line: string } | undefined;
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (a === '--seed' || a === '--machine' || a === '-c') {
      const v = rest[++i];
      if (v === undefined) return { ok: false, error: `${a} needs a value` };
      if (a === '--seed') {
        if (!/^\d{1,15}$/.test(v))
          return { ok: false, error: `--seed must be a non-negative integer, not "${v}"` };
        seed = Number(v);
      } else if (a === '--machine') machine = v;
      else source = { line: v };
    } else if (a.startsWith('-') && a !== '-') {
      return { ok: false, error: `unknown option "${a}"` };
    } else if (source === undefined) {
      source = { file: a };
    } else {
      return { ok: false, error: `unexpected argument "${a}"` };
    }
  }
  if (!source) return { ok: false, error: 'sh needs a FILE or -c LINE' };
  return { ok: true, command: { kind: 'sh', source, seed, machine } };
}
