import {
  listSysctl,
  readSysctl,
  sysctlPath,
  validSysctlValue,
  writeSysctl,
} from '../../kernel/procfs';
import { type Command, fail } from '../command';

/**
 * procps' slashdot(): the first separator decides the form. `net.ipv6.conf.flannel/1.accept_ra`
 * is dotted, so its `/` is a literal dot in a name component (the device `flannel.1`); it is
 * printed as typed. `net/ipv4/ip_forward` is slashed and printed dotted. The lab's keys use dots
 * as separators, with a component's own dots kept (`net.ipv6.conf.flannel.1.accept_ra`), which
 * is also the form sysctl prints for `net/ipv6/conf/flannel.1/accept_ra`.
 */
function parseName(name: string): { key: string; shown: string } {
  const first = /[./]/.exec(name)?.[0];
  if (first === '/') {
    const dotted = name.replace(/[./]/g, (c) => (c === '/' ? '.' : '/'));
    return { key: dotted.replace(/\//g, '.'), shown: dotted };
  }
  return { key: name.replace(/\//g, '.'), shown: name };
}

const USAGE = `
Usage:
 sysctl [options] [variable[=value] ...]

Options:
  -a, --all            display all variables
  -A                   alias of -a
  -X                   alias of -a
      --deprecated     include deprecated parameters to listing
      --dry-run        Print the key and values but do not write
  -b, --binary         print value without new line
  -e, --ignore         ignore unknown variables errors
  -N, --names          print variable names without values
  -n, --values         print only values of the given variable(s)
  -p, --load[=<file>]  read values from file
  -f                   alias of -p
      --system         read values from all system directories
  -r, --pattern <expression>
                       select setting that match expression
  -q, --quiet          do not echo variable set
  -w, --write          enable writing a value to variable
  -o                   does nothing
  -x                   does nothing
  -d                   alias of -h

 -h, --help     display this help and exit
 -V, --version  output version information and exit

For more details see sysctl(8).
`;

const LONG: Record<string, string> = {
  '--all': 'a',
  '--write': 'w',
  '--values': 'n',
  '--quiet': 'q',
  '--names': 'N',
  '--ignore': 'e',
  '--binary': 'b',
};

/**
 * procps-ng 4.0.2 `sysctl`: read `KEY ...` (a directory such as `net.ipv4.conf.eth0` lists its
 * entries), write `-w KEY=VALUE ...` (a value the kernel refuses: `setting key … Invalid
 * argument`); -a lists every key the lab models (a real kernel has many more), -r/--pattern
 * keeps the keys an extended regex finds; -n values only, -N names only, -q quiet writes, -e no
 * error for unknown keys, -b no newline, -o/-x do nothing. Loading files (-p) is not modelled.
 * An unknown option prints the usage on stdout after getopt's complaint and, as procps 4.0.2
 * does, exits 0.
 */
export const sysctlCommand: Command = {
  name: 'sysctl',
  help: {
    summary: 'read and write kernel parameters (per network namespace for net.*)',
    usage: [
      'sysctl [-n|-N] [-e] KEY ...',
      'sysctl -w [-q] KEY=VALUE ...',
      'sysctl -a [--pattern REGEX]',
    ],
    options: [
      ['-a', 'list every key the lab models (net.ipv4, net.ipv6 and a few more)'],
      ['-r REGEX', 'with -a or a directory: only keys the regular expression matches'],
      ['-w', 'write the given values'],
      ['-n', 'print values only'],
      ['-N', 'print names only'],
      ['-q', 'do not echo values set'],
      ['-e', 'ignore unknown keys'],
      ['-b', 'print the value without a newline'],
    ],
  },
  mutates: (argv) => argv.some((a) => /^-[a-zA-Z]*w/.test(a) || a === '--write' || a.includes('=')),
  run(argv, ctx) {
    const ns = ctx.netns;
    if (!ns) return fail(ctx, 'sysctl: not available in the lab console');
    const flags = new Set<string>();
    const keys: string[] = [];
    let pattern: RegExp | undefined;
    for (let i = 0; i < argv.length; i++) {
      const a = argv[i];
      if (a === '-r' || a === '--pattern' || a.startsWith('--pattern=')) {
        const text = a.startsWith('--pattern=') ? a.slice(10) : argv[++i];
        if (text === undefined) {
          ctx.stderr.write(`sysctl: option '${a}' requires an argument\n`);
          ctx.stdout.write(USAGE);
          return 0;
        }
        try {
          pattern = new RegExp(text);
        } catch {
          return fail(ctx, `sysctl: unable to parse pattern: ${text}`);
        }
      } else if (a in LONG) flags.add(LONG[a]);
      else if (a.startsWith('-') && a.length > 1) {
        for (const c of a.slice(1)) {
          if ('wnqNebox'.includes(c)) flags.add(c);
          else if ('aAX'.includes(c)) flags.add('a');
          else {
            ctx.stderr.write(`sysctl: invalid option -- '${c}'\n`);
            ctx.stdout.write(USAGE);
            return 0;
          }
        }
      } else keys.push(a);
    }
    const write = flags.has('w');
    const quiet = flags.has('q');
    const ignore = flags.has('e');
    const end = flags.has('b') ? '' : '\n';
    const show = (shown: string, value: string) =>
      flags.has('N')
        ? `${shown}\n`
        : flags.has('n')
          ? `${value}${end}`
          : `${shown} = ${value}${end}`;
    const missing = (key: string) =>
      ignore ? 0 : fail(ctx, `sysctl: cannot stat ${sysctlPath(key)}: No such file or directory`);
    const listing = (prefix: string | undefined) =>
      listSysctl(ns).filter(
        (k) =>
          (prefix === undefined || k.startsWith(`${prefix}.`)) && (!pattern || pattern.test(k)),
      );
    if (flags.has('a')) {
      for (const k of listing(undefined)) ctx.stdout.write(show(k, readSysctl(ns, k) ?? ''));
      return 0;
    }
    let status = 0;
    for (const arg of keys) {
      const eq = arg.indexOf('=');
      if (write || eq >= 0) {
        if (eq < 0) {
          ctx.stderr.write('sysctl: command line(0): invalid syntax, continuing...\n');
          status = 1;
          continue;
        }
        const { key, shown } = parseName(arg.slice(0, eq));
        const value = arg.slice(eq + 1);
        if (readSysctl(ns, key) !== undefined && !validSysctlValue(key, value)) {
          ctx.stderr.write(`sysctl: setting key "${shown}": Invalid argument\n`);
          status = 1;
          continue;
        }
        if (!writeSysctl(ns, key, value)) {
          status = missing(key) || status;
          continue;
        }
        ctx.world.changed();
        if (!quiet) ctx.stdout.write(show(shown, value));
        continue;
      }
      const { key, shown } = parseName(arg);
      const value = readSysctl(ns, key);
      if (value === undefined) {
        // A directory (net.ipv4.conf.eth0): its entries.
        const below = listing(key);
        if (below.length > 0) {
          for (const k of below) ctx.stdout.write(show(k, readSysctl(ns, k) ?? ''));
          continue;
        }
        status = missing(key) || status;
        continue;
      }
      ctx.stdout.write(show(shown, value));
    }
    return status;
  },
};
