/** Argument parsing for the `cnlab` CLI, kept pure so it is unit tested. */

export const VERSION = '0.1.0';

export const USAGE = `Usage: cnlab COMMAND [ARGS]

Commands:
  sh FILE [--seed N] [--machine NAME]
                  Run a file of shell lines ("-" for standard input) on one simulated
                  Linux machine and print exactly what the lines print.
  sh -c LINE [--seed N] [--machine NAME] [--pcap DIR] [--trace FILE]
                  Run one line.
  run SCENARIO [--exec "NODE: COMMAND"]... [--seed N] [--pcap DIR] [--trace FILE]
                  Load a scenario (a built-in id, a scenario JSON file or a share URL
                  ...#s=...), then run each --exec line on NODE (a machine, or
                  machine:netns) in order and print what it prints.
  scenarios       List the built-in scenarios (id, title, description).
  check FILE      Validate a scenario file (JSON) and replay it.
  help            Show this help.  (also -h, --help)
  version         Show the version.  (also -V, --version)

Options:
  --seed N        Seed of the lab's random numbers (MACs, ports, ids); default 1.
  --machine NAME  Name (and hostname) of the simulated machine; default "host".
  --pcap DIR      Write one pcap per interface that carried traffic into DIR:
                  NETNS__IFNAME.pcap for sh (root netns: "root"),
                  MACHINE__NETNS__IFNAME.pcap for run. Times are the lab's clock.
  --trace FILE    Write every trace event (what the stack did to each packet) to FILE,
                  one JSON object per line.

Through npm: npm run cnlab -- sh FILE
`;

/** Where `--pcap` and `--trace` write (both optional). */
export interface CliOutputs {
  pcapDir?: string;
  traceFile?: string;
}

export type CliCommand =
  | { kind: 'help' }
  | { kind: 'version'; version: string }
  | { kind: 'check'; file: string }
  | { kind: 'scenarios' }
  | ({
      kind: 'sh';
      source: { file: string } | { line: string };
      seed: number;
      machine: string;
    } & CliOutputs)
  | ({ kind: 'run'; scenario: string; execs: string[]; seed?: number } & CliOutputs);

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
  if (cmd === 'scenarios') {
    if (rest.length > 0) return { ok: false, error: `unexpected argument "${rest[0]}"` };
    return { ok: true, command: { kind: 'scenarios' } };
  }
  if (cmd === 'run') return parseRun(rest);
  if (cmd !== 'sh') return { ok: false, error: `unknown command "${cmd}"` };
  let seed = 1;
  let machine = 'host';
  const outputs: CliOutputs = {};
  let source: { file: string } | { line: string } | undefined;
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (VALUED.has(a) || a === '--machine' || a === '-c') {
      const v = rest[++i];
      if (v === undefined) return { ok: false, error: `${a} needs a value` };
      if (a === '--seed') {
        const n = parseSeed(v);
        if (n === undefined) return { ok: false, error: seedError(v) };
        seed = n;
      } else if (a === '--machine') machine = v;
      else if (a === '-c') source = { line: v };
      else setOutput(outputs, a, v);
    } else if (a.startsWith('-') && a !== '-') {
      return { ok: false, error: `unknown option "${a}"` };
    } else if (source === undefined) {
      source = { file: a };
    } else {
      return { ok: false, error: `unexpected argument "${a}"` };
    }
  }
  if (!source) return { ok: false, error: 'sh needs a FILE or -c LINE' };
  return { ok: true, command: { kind: 'sh', source, seed, machine, ...outputs } };
}

/** Options that take a value and are shared by `sh` and `run`. */
const VALUED = new Set(['--seed', '--pcap', '--trace']);

function parseRun(rest: string[]): CliParse {
  let scenario: string | undefined;
  let seed: number | undefined;
  const execs: string[] = [];
  const outputs: CliOutputs = {};
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (VALUED.has(a) || a === '--exec') {
      const v = rest[++i];
      if (v === undefined) return { ok: false, error: `${a} needs a value` };
      if (a === '--seed') {
        seed = parseSeed(v);
        if (seed === undefined) return { ok: false, error: seedError(v) };
      } else if (a === '--exec') execs.push(v);
      else setOutput(outputs, a, v);
    } else if (a.startsWith('-') && a !== '-') {
      return { ok: false, error: `unknown option "${a}"` };
    } else if (scenario === undefined) {
      scenario = a;
    } else {
      return { ok: false, error: `unexpected argument "${a}"` };
    }
  }
  if (scenario === undefined) {
    return { ok: false, error: 'run needs a SCENARIO (a built-in id, a file or a share URL)' };
  }
  const command: CliCommand =
    seed === undefined
      ? { kind: 'run', scenario, execs, ...outputs }
      : { kind: 'run', scenario, execs, seed, ...outputs };
  return { ok: true, command };
}

function parseSeed(v: string): number | undefined {
  return /^\d{1,15}$/.test(v) ? Number(v) : undefined;
}

function seedError(v: string): string {
  return `--seed must be a non-negative integer, not "${v}"`;
}

function setOutput(outputs: CliOutputs, option: string, value: string): void {
  if (option === '--pcap') outputs.pcapDir = value;
  else outputs.traceFile = value;
}
