import { readSysctl, sysctlPath, writeSysctl } from '../../kernel/procfs';
import { type Command, fail } from '../command';

/** procps `sysctl`: read `KEY ...`, write `-w KEY=VALUE ...`, `-n` for values only. */
export const sysctlCommand: Command = {
  name: 'sysctl',
  help: {
    summary: 'read and write kernel parameters (per network namespace for net.*)',
    usage: ['sysctl [-n] KEY ...', 'sysctl -w KEY=VALUE ...'],
    options: [
      ['-w', 'write the given values'],
      ['-n', 'print values only'],
      ['-q', 'do not echo values set'],
    ],
  },
  mutates: (argv) => argv.includes('-w') || argv.some((a) => a.includes('=')),
  run(argv, ctx) {
    const ns = ctx.netns;
    if (!ns) return fail(ctx, 'sysctl: not available in the lab console');
    let write = false;
    let valuesOnly = false;
    let quiet = false;
    const keys: string[] = [];
    for (const a of argv) {
      if (a === '-w') write = true;
      else if (a === '-n') valuesOnly = true;
      else if (a === '-q') quiet = true;
      else if (a.startsWith('-')) return fail(ctx, `sysctl: unknown option '${a}'`, 1);
      else keys.push(a);
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
        const key = arg.slice(0, eq).replace(/\//g, '.');
        const value = arg.slice(eq + 1);
        if (!writeSysctl(ns, key, value)) {
          status = fail(ctx, `sysctl: cannot stat ${sysctlPath(key)}: No such file or directory`);
          continue;
        }
        ctx.world.changed();
        if (!quiet) ctx.stdout.write(valuesOnly ? `${value}\n` : `${key} = ${value}\n`);
        continue;
      }
      const key = arg.replace(/\//g, '.');
      const value = readSysctl(ns, key);
      if (value === undefined) {
        status = fail(ctx, `sysctl: cannot stat ${sysctlPath(key)}: No such file or directory`);
        continue;
      }
      ctx.stdout.write(valuesOnly ? `${value}\n` : `${key} = ${value}\n`);
    }
    return status;
  },
};
