import type { Command } from '../command';

/** What ncurses' `clear` writes for TERM=xterm-256color: home, erase screen, erase scrollback. */
export const CLEAR_SEQUENCE = '\x1b[H\x1b[2J\x1b[3J';

export const clearCommand: Command = {
  name: 'clear',
  help: { summary: 'clear the terminal screen', usage: ['clear'] },
  run(_argv, ctx) {
    ctx.stdout.write(CLEAR_SEQUENCE);
    return 0;
  },
};
