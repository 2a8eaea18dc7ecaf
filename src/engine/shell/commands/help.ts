import { type Command, fail, formatHelp } from '../command';

function page(name: string, argv0: string, ctx: Parameters<Command['run']>[1]): number {
  const cmd = ctx.commands().find((c) => c.name === name);
  if (!cmd) {
    return argv0 === 'man'
      ? fail(ctx, `No manual entry for ${name}`, 16)
      : fail(
          ctx,
          `${ctx.diagPrefix()}: help: no help topics match \`${name}'.  Try \`help help' or \`man -k ${name}' or \`info ${name}'.`,
        );
  }
  ctx.stdout.write(formatHelp(cmd.name, cmd.help));
  return 0;
}

/** `help` lists the commands this terminal offers; `help CMD` prints one command's page. */
export const helpCommand: Command = {
  name: 'help',
  help: {
    summary: 'list the commands of this terminal, or show one command’s help',
    usage: ['help', 'help COMMAND'],
  },
  run(argv, ctx) {
    if (argv.length > 0) return page(argv[0], 'help', ctx);
    // Binaries run by path (/opt/cni/bin/…) are files, not the shell's commands.
    const cmds = [...ctx.commands()]
      .filter((c) => !c.name.includes('/'))
      .sort((a, b) => a.name.localeCompare(b.name));
    const width = Math.max(...cmds.map((c) => c.name.length));
    const lines = cmds.map((c) => `  ${c.name.padEnd(width)}  ${c.help.summary}`);
    const where =
      ctx.session.kind === 'lab'
        ? 'Lab console: these commands build the topology.'
        : `Commands on ${ctx.world.machines.get(ctx.session.target.machine)?.hostname ?? ctx.session.target.machine}:`;
    ctx.stdout.write(
      `${where}\n${lines.join('\n')}\n\nType \`help COMMAND' or \`COMMAND --help' for more. The shell takes quotes, $VARS, ;, &&, ||,\npipes, for loops (for X in A B; do …; done) and redirections (> FILE, >> FILE, 2>&1, >&2, &>).\n`,
    );
    return 0;
  },
  complete: (before, partial, ctx) =>
    before.length === 0
      ? ctx
          .commands()
          .map((c) => c.name)
          .filter((n) => n.startsWith(partial))
      : [],
};

/** `man CMD`: the same one-page help, with man's error for unknown pages. */
export const manCommand: Command = {
  name: 'man',
  help: { summary: 'show a command’s manual page', usage: ['man COMMAND'] },
  run(argv, ctx) {
    if (argv.length === 0)
      return fail(ctx, "What manual page do you want?\nFor example, try 'man man'.", 1);
    return page(argv[argv.length - 1], 'man', ctx);
  },
  complete: helpCommand.complete,
};
