/**
 * `rm [-f] FILE...`: removes files the lab keeps for a machine (written with `>`, or by a
 * daemon). Messages are GNU coreutils'. Directories and the files the kernel shows (/proc, /sys)
 * are not removable here.
 */
import { vfsIsDir } from '../../kernel/vfs';
import { type Command, fail } from '../command';
import { absolutePath } from '../files';

export const rmCommand: Command = {
  name: 'rm',
  help: { summary: 'remove files', usage: ['rm [-f] FILE...'] },
  mutates: true,
  run(argv, ctx) {
    let force = false;
    const files: string[] = [];
    let options = true;
    for (const a of argv) {
      if (options && a === '--') options = false;
      else if (options && /^-[frRv]+$/.test(a)) force ||= a.includes('f');
      else if (options && a.startsWith('-') && a !== '-') {
        const bad = a.startsWith('--')
          ? `unrecognized option '${a}'`
          : `invalid option -- '${a.replace(/[-frRv]/g, '')[0]}'`;
        return fail(ctx, `rm: ${bad}\nTry 'rm --help' for more information.`);
      } else files.push(a);
    }
    if (files.length === 0) {
      if (force) return 0;
      return fail(ctx, "rm: missing operand\nTry 'rm --help' for more information.");
    }
    let status = 0;
    for (const f of files) {
      const path = absolutePath(f);
      if (ctx.machine?.files.delete(path)) continue;
      if (/^\/(proc|sys)(\/|$)/.test(path)) {
        status = fail(ctx, `rm: cannot remove '${f}': Permission denied`);
      } else if (ctx.machine && vfsIsDir(ctx.machine, path)) {
        status = fail(ctx, `rm: cannot remove '${f}': Is a directory`);
      } else if (!force) status = fail(ctx, `rm: cannot remove '${f}': No such file or directory`);
    }
    return status;
  },
};
