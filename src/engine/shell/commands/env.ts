/**
 * `env [-i] [-u NAME] [NAME=VALUE ...] [COMMAND [ARG ...]]` (GNU coreutils 9.1): runs COMMAND
 * with the variables changed (how a CNI plugin is given its CNI_* variables under
 * `ip netns exec`), or prints the variables. The lab's environment is the shell's variables, so
 * bare `env` prints those, not a login's full set. Messages as coreutils prints them in a UTF-8
 * locale; a bad option exits 125, a missing command 127.
 */
import { type Command, type CommandContext, fail } from '../command';

function usage(ctx: CommandContext, line: string): number {
  fail(ctx, line);
  return fail(ctx, "Try 'env --help' for more information.", 125);
}

export const envCommand: Command = {
  name: 'env',
  help: {
    summary: 'run a program in a modified environment',
    usage: ['env [-i] [-u NAME] [NAME=VALUE ...] [COMMAND [ARG ...]]'],
    options: [
      ['-i', 'start with an empty environment'],
      ['-u NAME', 'remove variable NAME from the environment'],
    ],
  },
  // Only as much as the command it runs.
  mutates: (argv) => argv.some((a) => !a.startsWith('-') && !a.includes('=')),
  run(argv, ctx) {
    const vars = new Map(ctx.env);
    let i = 0;
    for (; i < argv.length; i++) {
      const a = argv[i];
      if (a === '-i' || a === '-' || a === '--ignore-environment') vars.clear();
      else if (a === '-u') {
        const name = argv[++i];
        if (name === undefined) return usage(ctx, "env: option requires an argument -- 'u'");
        vars.delete(name);
      } else if (a === '--') {
        i++;
        break;
      } else if (a.startsWith('-') && a.length > 1)
        return usage(ctx, `env: invalid option -- '${a[1]}'`);
      else break;
    }
    for (; i < argv.length && /^[^=]+=/.test(argv[i]); i++) {
      const eq = argv[i].indexOf('=');
      vars.set(argv[i].slice(0, eq), argv[i].slice(eq + 1));
    }
    if (i >= argv.length) {
      for (const [k, v] of vars) ctx.stdout.write(`${k}=${v}\n`);
      return 0;
    }
    const [name, ...args] = argv.slice(i);
    const command = ctx.commands().find((c) => c.name === name);
    if (!command) return fail(ctx, `env: ‘${name}’: No such file or directory`, 127);
    return command.run(args, { ...ctx, env: vars });
  },
};
