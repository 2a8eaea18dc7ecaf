import { type Command, fail } from '../command';

/** bash's `history`: numbered lines (`%5d  %s`), `history N` for the last N, `-c` to clear. */
export const historyCommand: Command = {
  name: 'history',
  help: {
    summary: 'show the lines typed in this terminal',
    usage: ['history [N]', 'history -c'],
    options: [['-c', 'clear the history']],
  },
  run(argv, ctx) {
    const hist = ctx.session.history;
    if (argv[0] === '-c') {
      hist.length = 0;
      return 0;
    }
    let from = 0;
    if (argv.length > 0) {
      if (!/^\d+$/.test(argv[0])) {
        return fail(ctx, `${ctx.diagPrefix()}: history: ${argv[0]}: numeric argument required`);
      }
      from = Math.max(0, hist.length - Number(argv[0]));
    }
    let out = '';
    for (let i = from; i < hist.length; i++) out += `${String(i + 1).padStart(5)}  ${hist[i]}\n`;
    ctx.stdout.write(out);
    return 0;
  },
};
