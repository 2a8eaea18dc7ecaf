/**
 * `mkdir [-p] DIR ...` over the machine's files (kernel/vfs.ts), with GNU
 * coreutils 9.1's messages (as printed on Debian 12 in a UTF-8 locale: mkdir quotes with ‘’).
 * Not modelled: modes, `rmdir`. (`rm` is rm.ts.)
 */
import { pathNormalize, vfsExists, vfsIsDir, vfsMkdirAll, vfsStrerror } from '../../kernel/vfs';
import { type Command, fail } from '../command';

function flags(argv: string[], allowed: string): { set: Set<string>; rest: string[] } | string {
  const set = new Set<string>();
  const rest: string[] = [];
  for (const a of argv) {
    if (a.startsWith('-') && a.length > 1) {
      for (const f of a.slice(1)) {
        if (!allowed.includes(f)) return f;
        set.add(f);
      }
    } else rest.push(a);
  }
  return { set, rest };
}

export const mkdirCommand: Command = {
  name: 'mkdir',
  help: {
    summary: 'make directories',
    usage: ['mkdir [-p] DIRECTORY ...'],
    options: [['-p', 'no error if existing, make parent directories as needed']],
  },
  mutates: true,
  run(argv, ctx) {
    const f = flags(argv, 'p');
    if (typeof f === 'string') {
      fail(ctx, `mkdir: invalid option -- '${f}'`);
      return fail(ctx, "Try 'mkdir --help' for more information.");
    }
    if (f.rest.length === 0 || !ctx.machine) {
      fail(ctx, 'mkdir: missing operand');
      return fail(ctx, "Try 'mkdir --help' for more information.");
    }
    let status = 0;
    for (const d of f.rest) {
      if (vfsExists(ctx.machine, d)) {
        if (f.set.has('p') && vfsIsDir(ctx.machine, d)) continue;
        status = fail(ctx, `mkdir: cannot create directory ‘${d}’: File exists`);
        continue;
      }
      const abs = pathNormalize(d);
      if (!f.set.has('p') && !vfsIsDir(ctx.machine, abs.slice(0, abs.lastIndexOf('/')) || '/')) {
        status = fail(ctx, `mkdir: cannot create directory ‘${d}’: No such file or directory`);
        continue;
      }
      const err = vfsMkdirAll(ctx.machine, d);
      if (err) status = fail(ctx, `mkdir: cannot create directory ‘${d}’: ${vfsStrerror(err)}`);
    }
    return status;
  },
};
