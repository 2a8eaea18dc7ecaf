/**
 * `ls [-1aC] [FILE ...]` over the machine's files (kernel/vfs.ts), as GNU coreutils 9.1 prints
 * them: names sorted in the C locale; on a terminal in columns down then across, 80 wide, padded
 * with tabs of 8 as ls does by default; one per line into a pipe, a file or a script. Operands
 * that are files come first, then each directory (with a `DIR:` header when there are several).
 * Not modelled: -l (the lab keeps no owners, sizes or times), colours.
 */
import { vfsExists, vfsIsDir, vfsList } from '../../kernel/vfs';
import { type Command, type CommandContext, fail } from '../command';
import { streamIsTerminal } from '../redirect';

const LINE_WIDTH = 80;
/** Every short option of GNU ls 9.1: the ones not handled here are real, just not modelled. */
const GNU_LS_SHORT = 'abcdfghiklmnopqrstuvwxABCDFGHILNQRSTUXZ1';
const TAB = 8;

/** ls.c indent(): tabs while a whole tab stop fits, then spaces. */
function indent(from: number, to: number): string {
  let out = '';
  while (from < to) {
    if (Math.floor(to / TAB) > Math.floor((from + 1) / TAB)) {
      out += '\t';
      from += TAB - (from % TAB);
    } else {
      out += ' ';
      from++;
    }
  }
  return out;
}

/**
 * ls -C: the most columns whose line stays under the width (each column as wide as its longest
 * name plus two spaces, the last without), filled down then across.
 */
export function lsColumns(names: readonly string[], width = LINE_WIDTH): string {
  if (names.length === 0) return '';
  let best = 1;
  for (let cols = Math.min(names.length, Math.floor(width / 3)); cols > 1; cols--) {
    const rows = Math.ceil(names.length / cols);
    // Vertical layout leaves fewer columns than asked when the last ones would be empty.
    if (Math.ceil(names.length / rows) !== cols) continue;
    let len = 0;
    for (let c = 0; c < cols; c++) {
      const col = names.slice(c * rows, (c + 1) * rows);
      len += Math.max(...col.map((n) => n.length)) + (c === cols - 1 ? 0 : 2);
    }
    if (len < width) {
      best = cols;
      break;
    }
  }
  const rows = Math.ceil(names.length / best);
  const widths: number[] = [];
  for (let c = 0; c < best; c++)
    widths.push(Math.max(...names.slice(c * rows, (c + 1) * rows).map((n) => n.length)) + 2);
  let out = '';
  for (let r = 0; r < rows; r++) {
    let pos = 0;
    for (let c = 0; c < best; c++) {
      const name = names[c * rows + r];
      if (name === undefined) break;
      const start = widths.slice(0, c).reduce((a, b) => a + b, 0);
      out += indent(pos, start) + name;
      pos = start + name.length;
    }
    out += '\n';
  }
  return out;
}

export const lsCommand: Command = {
  name: 'ls',
  help: {
    summary: 'list directory contents (the files the lab keeps on this machine)',
    usage: ['ls [-1aC] [FILE ...]'],
    options: [
      ['-1', 'one name per line'],
      ['-a', 'do not ignore entries starting with . (and show . and ..)'],
      ['-C', 'list in columns'],
    ],
    notes:
      'The lab keeps /etc, /run, /opt/cni, /var/lib/cni and the files daemons and you write; -l is not modelled.',
  },
  run(argv, ctx) {
    let columns = ctx.session.script === undefined && streamIsTerminal(ctx.stdout);
    let all = false;
    const operands: string[] = [];
    for (const a of argv) {
      if (a.startsWith('-') && a.length > 1) {
        for (const f of a.slice(1)) {
          if (f === '1') columns = false;
          else if (f === 'C') columns = true;
          else if (f === 'a') all = true;
          else if (f === 'l')
            return fail(
              ctx,
              'ls: -l is not modelled in cnlab (it keeps no owners, modes or times)',
              2,
            );
          else if (GNU_LS_SHORT.includes(f))
            return fail(ctx, `ls: -${f} is not modelled in cnlab`, 2);
          else {
            fail(ctx, `ls: invalid option -- '${f}'`);
            return fail(ctx, "Try 'ls --help' for more information.", 2);
          }
        }
      } else operands.push(a);
    }
    return list(ctx, operands.length ? operands : ['.'], columns, all);
  },
};

function list(ctx: CommandContext, operands: string[], columns: boolean, all: boolean): number {
  const machine = ctx.machine;
  const print = (names: string[]) =>
    ctx.stdout.write(columns ? lsColumns(names) : names.map((n) => `${n}\n`).join(''));
  let status = 0;
  const files: string[] = [];
  const dirs: string[] = [];
  for (const op of operands) {
    if (!machine || !vfsExists(machine, op)) {
      status = fail(ctx, `ls: cannot access '${op}': No such file or directory`, 2);
    } else if (vfsIsDir(machine, op)) dirs.push(op);
    else files.push(op);
  }
  if (!machine) return status;
  if (files.length) print(files.sort());
  dirs.sort();
  dirs.forEach((d, i) => {
    if (operands.length > 1) ctx.stdout.write(`${files.length || i > 0 ? '\n' : ''}${d}:\n`);
    const names = vfsList(machine, d);
    if (typeof names === 'string') return;
    print([...(all ? ['.', '..'] : []), ...names.filter((n) => all || !n.startsWith('.'))]);
  });
  return status;
}
