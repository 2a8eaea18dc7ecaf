import { type Command, fail } from '../command';
import { sleep } from '../process';

export const trueCommand: Command = {
  name: 'true',
  help: { summary: 'do nothing, successfully', usage: ['true'] },
  run: () => 0,
};

export const falseCommand: Command = {
  name: 'false',
  help: { summary: 'do nothing, unsuccessfully', usage: ['false'] },
  run: () => 1,
};

/** `exit [N]`: ends the script (or the terminal's shell) with status N, default `$?`. */
export const exitCommand: Command = {
  name: 'exit',
  help: { summary: 'end the shell (or the script) with a status', usage: ['exit [N]'] },
  run(argv, ctx) {
    const code = argv.length === 0 ? ctx.session.lastStatus : Number(argv[0]);
    if (argv.length > 0 && !/^-?\d+$/.test(argv[0])) {
      ctx.session.exited = true;
      return fail(ctx, `${ctx.diagPrefix()}: exit: ${argv[0]}: numeric argument required`, 2);
    }
    // Leaving a `bash` started in this terminal: back to where it was started.
    const outer = ctx.session.outer?.pop();
    if (outer) {
      ctx.session.target = outer;
      ctx.stderr.write('exit\n');
    } else ctx.session.exited = true;
    return ((code % 256) + 256) % 256;
  },
};

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `export NAME[=value] ...`; with no arguments lists exported variables as bash does. */
export const exportCommand: Command = {
  name: 'export',
  help: { summary: 'set shell variables for this terminal', usage: ['export [NAME[=VALUE] ...]'] },
  run(argv, ctx) {
    if (argv.length === 0 || argv[0] === '-p') {
      const names = [...ctx.session.exported].sort();
      const decl = (n: string) => {
        const v = ctx.session.env.get(n);
        return v === undefined ? `declare -x ${n}\n` : `declare -x ${n}="${v}"\n`;
      };
      ctx.stdout.write(names.map(decl).join(''));
      return 0;
    }
    let status = 0;
    for (const arg of argv) {
      const eq = arg.indexOf('=');
      const name = eq < 0 ? arg : arg.slice(0, eq);
      if (!NAME.test(name)) {
        status = fail(ctx, `${ctx.diagPrefix()}: export: \`${arg}': not a valid identifier`);
        continue;
      }
      if (eq >= 0) ctx.session.env.set(name, arg.slice(eq + 1));
      ctx.session.exported.add(name);
    }
    return status;
  },
};

export const unsetCommand: Command = {
  name: 'unset',
  help: { summary: 'remove shell variables', usage: ['unset NAME ...'] },
  run(argv, ctx) {
    for (const n of argv) {
      ctx.session.env.delete(n);
      ctx.session.exported.delete(n);
    }
    return 0;
  },
};

const UNITS: Record<string, number> = { '': 1, s: 1, m: 60, h: 3600, d: 86400 };

/** `sleep N[smhd]`: waits in virtual time (Ctrl-C interrupts). */
export const sleepCommand: Command = {
  name: 'sleep',
  help: {
    summary: 'wait for an amount of (virtual) time',
    usage: ['sleep NUMBER[SUFFIX]...'],
    notes: 'SUFFIX is s (seconds, the default), m, h or d. Time in the lab is virtual.',
  },
  run(argv, ctx) {
    if (argv.length === 0) {
      return fail(ctx, "sleep: missing operand\nTry 'sleep --help' for more information.");
    }
    let seconds = 0;
    for (const a of argv) {
      const m = /^(\d+(?:\.\d*)?|\.\d+)([smhd]?)$/.exec(a);
      if (!m) {
        return fail(
          ctx,
          `sleep: invalid time interval ‘${a}’\nTry 'sleep --help' for more information.`,
        );
      }
      seconds += Number(m[1]) * UNITS[m[2]];
    }
    return (function* () {
      yield* sleep(ctx.now, Math.round(seconds * 1_000_000));
      return 0;
    })();
  },
};
