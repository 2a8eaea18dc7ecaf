/**
 * Turns what xterm's `onData` delivers (typed characters, pasted text, control characters and
 * VT100/xterm escape sequences) into line-editor keys. Pure: a paste of `ls\rpwd\r` becomes
 * insert, enter, insert, enter. Unknown escape sequences are consumed whole and dropped, so they
 * never end up as garbage in the line.
 */
import type { EditorKey, NamedKey } from './line-editor';

const CONTROL: Record<string, NamedKey> = {
  '\r': 'enter',
  '\n': 'enter',
  '\x7f': 'backspace',
  '\x08': 'backspace', // Ctrl-H
  '\t': 'tab',
  '\x01': 'home', // Ctrl-A
  '\x05': 'end', // Ctrl-E
  '\x02': 'left', // Ctrl-B
  '\x06': 'right', // Ctrl-F
  '\x10': 'up', // Ctrl-P
  '\x0e': 'down', // Ctrl-N
  '\x03': 'ctrlC',
  '\x04': 'ctrlD',
  '\x0c': 'ctrlL',
  '\x15': 'ctrlU',
  '\x0b': 'ctrlK',
  '\x17': 'ctrlW',
};

/** Escape sequences, without the leading ESC. CSI (`[`) and SS3 (`O`, application cursor mode). */
const ESCAPES: Record<string, NamedKey> = {
  '[A': 'up',
  '[B': 'down',
  '[C': 'right',
  '[D': 'left',
  '[H': 'home',
  '[F': 'end',
  '[1~': 'home',
  '[7~': 'home',
  '[4~': 'end',
  '[8~': 'end',
  '[3~': 'delete',
  OA: 'up',
  OB: 'down',
  OC: 'right',
  OD: 'left',
  OH: 'home',
  OF: 'end',
  '[1;5D': 'wordLeft',
  '[1;5C': 'wordRight',
  '[1;3D': 'wordLeft',
  '[1;3C': 'wordRight',
  b: 'wordLeft', // Alt-B
  f: 'wordRight', // Alt-F
  '\x7f': 'ctrlW', // Alt-Backspace
};

/** Length of the escape sequence starting at `data[i]` (which is ESC), including the ESC. */
function escapeLength(data: string, i: number): number {
  const next = data[i + 1];
  if (next === undefined) return 1;
  if (next === '[') {
    // CSI: parameter and intermediate bytes (0x20-0x3f), then one final byte (0x40-0x7e).
    let j = i + 2;
    while (j < data.length && data.charCodeAt(j) >= 0x20 && data.charCodeAt(j) <= 0x3f) j++;
    return Math.min(j + 1, data.length) - i;
  }
  if (next === 'O') return Math.min(3, data.length - i);
  return 2;
}

export function parseInput(data: string): EditorKey[] {
  const keys: EditorKey[] = [];
  let text = '';
  const flush = () => {
    if (text) keys.push({ kind: 'insert', text });
    text = '';
  };
  let i = 0;
  while (i < data.length) {
    const ch = data[i];
    if (ch === '\x1b') {
      const len = escapeLength(data, i);
      const named = ESCAPES[data.slice(i + 1, i + len)];
      flush();
      if (named) keys.push({ kind: named });
      i += len;
      continue;
    }
    const control = CONTROL[ch];
    if (control) {
      flush();
      keys.push({ kind: control });
      // A pasted Windows line end (\r\n) is one Enter.
      i += ch === '\r' && data[i + 1] === '\n' ? 2 : 1;
      continue;
    }
    if (ch >= ' ') text += ch;
    i++;
  }
  flush();
  return keys;
}

/** Enter without modifiers and outside an IME composition (keydown only). */
export function isPlainEnter(e: {
  type: string;
  key: string;
  ctrlKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
  metaKey: boolean;
  isComposing?: boolean;
  keyCode?: number;
}): boolean {
  return (
    e.type === 'keydown' &&
    e.key === 'Enter' &&
    !e.ctrlKey &&
    !e.shiftKey &&
    !e.altKey &&
    !e.metaKey &&
    !e.isComposing &&
    e.keyCode !== 229
  );
}
