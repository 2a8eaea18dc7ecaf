/**
 * ss's column layout (misc/ss.c render_calc_width and render, iproute2 6.1) when stdout is not a
 * terminal — ss then asks for no screen width and prints "compact output": every column is as
 * wide as its longest field (header included) plus its one-space left delimiter, nothing spread.
 * Address columns are right-aligned, the rest left-aligned, and a column no field uses (the
 * process column under `-H` without `-p`) takes no room at all. ss measures a field when it
 * moves on to the next one, which it never does after the last row's process field: that one
 * field does not count towards its column's width (so `users:(…)` on the last row only does not
 * pad the header).
 */

export type Align = 'left' | 'right';

export interface Column {
  header: string;
  ldelim: string;
  align: Align;
}

/** Netid, State, Recv-Q, Send-Q, Local Address:, Port, Peer Address:, Port, Process, (end). */
export const SS_COLUMNS: readonly Column[] = [
  { header: 'Netid', ldelim: '', align: 'left' },
  { header: 'State', ldelim: ' ', align: 'left' },
  { header: 'Recv-Q', ldelim: ' ', align: 'left' },
  { header: 'Send-Q', ldelim: ' ', align: 'left' },
  { header: 'Local Address:', ldelim: ' ', align: 'right' },
  { header: 'Port', ldelim: '', align: 'left' },
  { header: 'Peer Address:', ldelim: ' ', align: 'right' },
  { header: 'Port', ldelim: '', align: 'left' },
  { header: 'Process', ldelim: '', align: 'left' },
  { header: '', ldelim: '', align: 'left' },
];

/** The column of `users:(…)`, the last one a row writes to. */
const PROCESS_COLUMN = 8;

/**
 * Lay out rows of fields (one per column, `SS_COLUMNS` order) with the header first unless
 * `noHeader`; columns in `disabled` are left out entirely.
 */
export function renderColumns(
  rows: readonly string[][],
  disabled: ReadonlySet<number>,
  noHeader: boolean,
): string {
  const cols = SS_COLUMNS.map((c, i) => ({ ...c, i })).filter((c) => !disabled.has(c.i));
  const lines: string[][] = [];
  // The header has no token for the last column (print_header stops before it).
  if (!noHeader) lines.push(cols.map((c) => (c.i === SS_COLUMNS.length - 1 ? '' : c.header)));
  for (const r of rows) lines.push(cols.map((c) => r[c.i] ?? ''));
  const width: number[] = [];
  let first = true;
  const unmeasured = rows.length > 0 ? lines.length - 1 : -1;
  cols.forEach((c, k) => {
    const measured = lines.filter((_, n) => n !== unmeasured || c.i !== PROCESS_COLUMN);
    const max = Math.max(0, ...measured.map((l) => l[k].length));
    width[k] = !first && max ? max + c.ldelim.length : max;
    if (width[k]) first = false;
  });
  let out = '';
  for (const l of lines) {
    let line = '';
    cols.forEach((c, k) => {
      let printed = 0;
      if (k > 0) {
        line += c.ldelim;
        printed = c.ldelim.length;
      }
      const text = l[k];
      if (width[k] && c.align === 'right') {
        const s = width[k] - text.length - printed;
        if (s > 0) line += ' '.repeat(s);
        printed += Math.max(0, s);
      }
      line += text;
      printed += text.length;
      if (width[k] && c.align === 'left' && width[k] - printed > 0)
        line += ' '.repeat(width[k] - printed);
    });
    out += `${line}\n`;
  }
  return out;
}
