/**
 * `bash` and `sh`: `bash -c 'LINE'` runs LINE in a child shell — in the namespace the command
 * runs in, so `ip netns exec x bash -c 'ip link; ip route'` lists x's. `bash` alone reads its
 * commands from its input: in a terminal that is the terminal itself, so the terminal now types
 * into the child shell — `ip netns exec x bash` moves it into namespace x until `exit` (the
 * prompt stays the same, as on Linux); in a script or a pipeline it runs what the input holds.
 *
 * Left out: options other than -c, job control, a separate history or set of variables for the
 * child shell (it shares the terminal's).
 */
import type { Target } from '../../api/types';
import type { Command, CommandContext } from '../command';
import { EMPTY_INPUT, type ProcBody, readAll } from '../process';

function run(name: string, argv: string[], ctx: CommandContext): number | ProcBody {
  const shell = ctx.shell;
  if (!shell) {
    ctx.stderr.write(`${name}: no shell here\n`);
    return 1;
  }
  if (argv[0] === '-c') {
    if (argv.length < 2) {
      ctx.stderr.write(`${name}: -c: option requires an argument\n`);
      return 2;
    }
    return shell(argv[1], ctx);
  }
  if (argv.length > 0 && argv[0].startsWith('-')) {
    ctx.stderr.write(`${name}: ${argv[0]}: invalid option\n`);
    return 2;
  }
  if (argv.length > 0) {
    ctx.stderr.write(`${name}: ${argv[0]}: No such file or directory\n`);
    return 127;
  }
  const interactive = !ctx.session.script && ctx.stdin === EMPTY_INPUT;
  if (interactive) return enter(ctx);
  return (function* (): ProcBody {
    const text = yield* readAll(ctx.stdin);
    return yield* shell(text, ctx);
  })();
}

/** The terminal now types into the child shell: its namespace, until `exit`. */
function enter(ctx: CommandContext): number {
  const session = ctx.session;
  const machine = ctx.machine;
  const ns = ctx.netns;
  if (!machine || !ns) {
    ctx.stderr.write('bash: the lab console has no shell to start\n');
    return 1;
  }
  const name = ns === machine.root ? undefined : ns.name;
  if (ns !== machine.root && name === undefined) {
    ctx.stderr.write(
      "bash: this namespace has no name to open a terminal in; use 'docker exec' for a container\n",
    );
    return 1;
  }
  const next: Target = { machine: machine.name, netns: name };
  session.outer ??= [];
  session.outer.push(session.target);
  session.target = next;
  return 0;
}

export const bashCommand: Command = {
  name: 'bash',
  help: {
    summary: 'start a child shell (bash -c LINE runs one line)',
    usage: ['bash', 'bash -c LINE'],
    notes:
      'In a terminal, `ip netns exec NS bash` moves the terminal into namespace NS until `exit`.',
  },
  run: (argv, ctx) => run('bash', argv, ctx),
};

export const shCommand: Command = {
  name: 'sh',
  help: {
    summary: 'start a child shell (sh -c LINE runs one line)',
    usage: ['sh', 'sh -c LINE'],
    notes: 'The same shell as bash in the lab.',
  },
  run: (argv, ctx) => run('sh', argv, ctx),
};
