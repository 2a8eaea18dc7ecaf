/** tcpdump's hex dumps (print-ascii.c), shared by the packet printers. */

export const hex2 = (v: number) => v.toString(16).padStart(2, '0');

/**
 * hex_print / hex_and_ascii_print: "\n\t0x0000:  4500 0054 ..." lines, each after `indent`
 * (print_unknown_data passes its own, as the BGP decoder does).
 */
export function hexDump(bytes: Uint8Array, ascii: boolean, indent = '\n\t'): string {
  let out = '';
  for (let off = 0; off < bytes.length; off += 16) {
    const row = bytes.subarray(off, Math.min(off + 16, bytes.length));
    const groups: string[] = [];
    for (let i = 0; i < row.length; i += 2)
      groups.push(i + 1 < row.length ? hex2(row[i]) + hex2(row[i + 1]) : hex2(row[i]));
    let line = `${indent}0x${off.toString(16).padStart(4, '0')}:  ${groups.join(' ')}`;
    if (ascii) {
      const text = Array.from(row, (c) => (c >= 0x20 && c < 0x7f ? String.fromCharCode(c) : '.'));
      // "\n\t0x0000:  " is 11 characters; eight 4-digit groups take 39.
      line = `${line.padEnd(indent.length + 9 + 39)}  ${text.join('')}`;
    }
    out += line;
  }
  return out;
}
