import { describe, expect, it } from 'vitest';
import {
  applyCompletion,
  charWidth,
  createEditor,
  type EditorEffect,
  type EditorKey,
  type EditorState,
  editorKey,
  type NamedKey,
  showPrompt,
  wordAt,
} from './line-editor';

/**
 * A one-screen model of the terminal, just enough to check what the user would see: printable
 * text (wide characters take two cells), CR, LF, CUF/CUB (ESC[nC / ESC[nD), EL (ESC[K) and the
 * clear-screen pair ESC[H ESC[2J.
 */
const ESC_CHAR = '\x1b';

class Screen {
  rows: string[][] = [[]];
  row = 0;
  col = 0;

  write(data: string) {
    let i = 0;
    while (i < data.length) {
      const csi = data[i] === ESC_CHAR ? /^\[(\d*)([A-Za-z])/.exec(data.slice(i + 1)) : null;
      if (csi) {
        const n = csi[1] === '' ? 1 : Number(csi[1]);
        if (csi[2] === 'C') this.col += n;
        else if (csi[2] === 'D') this.col = Math.max(0, this.col - n);
        else if (csi[2] === 'K')
          this.rows[this.row].length = Math.min(this.rows[this.row].length, this.col);
        else if (csi[2] === 'H') {
          this.row = 0;
          this.col = 0;
        } else if (csi[2] === 'J') this.rows = [[]];
        i += csi[0].length + 1;
        continue;
      }
      const ch = String.fromCodePoint(data.codePointAt(i) ?? 0);
      i += ch.length;
      if (ch === '\r') this.col = 0;
      else if (ch === '\n') {
        this.row++;
        this.rows[this.row] ??= [];
      } else {
        const cells = this.rows[this.row];
        while (cells.length < this.col) cells.push(' ');
        cells[this.col] = ch;
        if (charWidth(ch) === 2) cells[this.col + 1] = '';
        this.col += charWidth(ch);
      }
    }
  }

  lines(): string[] {
    return this.rows.map((r) => r.join(''));
  }
}

const PROMPT = 'root@node1:~# ';

function start(history: string[] = []) {
  const screen = new Screen();
  const effects: EditorEffect[] = [];
  const first = showPrompt(createEditor(history), PROMPT);
  let state: EditorState = first.state;
  const apply = (result: { state: EditorState; effects: EditorEffect[] }) => {
    state = result.state;
    for (const e of result.effects) {
      if (e.type === 'write') screen.write(e.data);
      else effects.push(e);
    }
  };
  apply(first);
  const press = (...keys: (NamedKey | string)[]) => {
    for (const k of keys) {
      const key: EditorKey =
        k.length > 1 && /^[a-zA-Z]+$/.test(k) && !k.includes(' ') && isNamed(k)
          ? { kind: k as NamedKey }
          : { kind: 'insert', text: k };
      apply(editorKey(state, key));
    }
  };
  return {
    press,
    type: (text: string) => apply(editorKey(state, { kind: 'insert', text })),
    apply,
    screen,
    effects,
    get state() {
      return state;
    },
    /** The current screen line and the cursor column relative to the end of the prompt. */
    view() {
      return {
        line: screen.lines()[screen.row].slice(PROMPT.length),
        col: screen.col - PROMPT.length,
      };
    },
  };
}

const NAMED = new Set<string>([
  'enter',
  'backspace',
  'delete',
  'left',
  'right',
  'wordLeft',
  'wordRight',
  'home',
  'end',
  'up',
  'down',
  'ctrlC',
  'ctrlD',
  'ctrlL',
  'ctrlU',
  'ctrlK',
  'ctrlW',
  'tab',
]);
const isNamed = (k: string) => NAMED.has(k);

describe('line editor', () => {
  it('shows the prompt and inserts printable text', () => {
    const t = start();
    expect(t.screen.lines()).toEqual([PROMPT]);
    t.type('echo hi');
    expect(t.state.line).toBe('echo hi');
    expect(t.view()).toEqual({ line: 'echo hi', col: 7 });
  });

  it('inserts in the middle of the line', () => {
    const t = start();
    t.type('eho');
    t.press('left', 'left');
    t.type('c');
    expect(t.view()).toEqual({ line: 'echo', col: 2 });
    t.press('end');
    expect(t.view()).toEqual({ line: 'echo', col: 4 });
  });

  it('ignores keys before the first prompt', () => {
    const state = createEditor();
    expect(editorKey(state, { kind: 'insert', text: 'x' })).toEqual({ state, effects: [] });
  });

  it('drops control characters from inserted text', () => {
    const t = start();
    t.type('a\x07b\x7f');
    expect(t.state.line).toBe('ab');
  });

  it('Backspace deletes left of the cursor, and does nothing at the start', () => {
    const t = start();
    t.type('abc');
    t.press('backspace');
    expect(t.view()).toEqual({ line: 'ab', col: 2 });
    t.press('home', 'backspace');
    expect(t.view()).toEqual({ line: 'ab', col: 0 });
  });

  it('Delete and Ctrl-D delete under the cursor', () => {
    const t = start();
    t.type('abcd');
    t.press('home', 'delete');
    expect(t.view()).toEqual({ line: 'bcd', col: 0 });
    t.press('ctrlD');
    expect(t.view()).toEqual({ line: 'cd', col: 0 });
    t.press('end', 'delete');
    expect(t.view()).toEqual({ line: 'cd', col: 2 });
  });

  it('Left and Right move within the line and stop at its ends', () => {
    const t = start();
    t.type('ab');
    t.press('left', 'left', 'left');
    expect(t.view().col).toBe(0);
    t.press('right', 'right', 'right');
    expect(t.view().col).toBe(2);
    expect(t.state.cursor).toBe(2);
  });

  it('Home/End (Ctrl-A/Ctrl-E in the keymap) jump to the ends', () => {
    const t = start();
    t.type('ping node2');
    t.press('home');
    expect(t.view().col).toBe(0);
    t.press('end');
    expect(t.view().col).toBe(10);
  });

  it('word moves skip over words', () => {
    const t = start();
    t.type('ip link show');
    t.press('wordLeft');
    expect(t.state.cursor).toBe(8);
    t.press('wordLeft', 'wordLeft');
    expect(t.state.cursor).toBe(0);
    t.press('wordRight');
    expect(t.state.cursor).toBe(2);
  });

  it('Ctrl-U deletes to the start, Ctrl-K to the end', () => {
    const t = start();
    t.type('hello world');
    t.press('left', 'left', 'left', 'left', 'left');
    t.press('ctrlK');
    expect(t.view()).toEqual({ line: 'hello ', col: 6 });
    t.press('left', 'ctrlU');
    expect(t.view()).toEqual({ line: ' ', col: 0 });
  });

  it('Ctrl-W deletes the word before the cursor', () => {
    const t = start();
    t.type('ip addr  show');
    t.press('ctrlW');
    expect(t.view()).toEqual({ line: 'ip addr  ', col: 9 });
    t.press('ctrlW');
    expect(t.view()).toEqual({ line: 'ip ', col: 3 });
  });

  it('Enter submits the line, records history and waits for the command', () => {
    const t = start();
    t.type('hostname');
    t.press('left', 'enter');
    expect(t.effects).toEqual([{ type: 'submit', line: 'hostname' }]);
    expect(t.state.mode).toBe('running');
    expect(t.state.history).toEqual(['hostname']);
    expect(t.screen.lines()).toEqual([`${PROMPT}hostname`, '']);
    // keys are dropped while a command runs
    t.type('zzz');
    expect(t.state.line).toBe('');
    t.apply(showPrompt(t.state, PROMPT));
    expect(t.screen.lines()).toEqual([`${PROMPT}hostname`, PROMPT]);
  });

  it('Enter on an empty line shows a new prompt without running anything', () => {
    const t = start();
    t.type('   ');
    t.press('enter');
    expect(t.effects).toEqual([]);
    expect(t.state.mode).toBe('editing');
    expect(t.state.history).toEqual([]);
    expect(t.screen.lines()).toEqual([`${PROMPT}   `, PROMPT]);
  });

  it('does not record the same line twice in a row', () => {
    const t = start(['ls']);
    t.type('ls');
    t.press('enter');
    expect(t.state.history).toEqual(['ls']);
  });

  it('Up and Down browse history and keep the edited draft', () => {
    const t = start(['echo one', 'echo two']);
    t.type('draft');
    t.press('up');
    expect(t.view()).toEqual({ line: 'echo two', col: 8 });
    t.press('up');
    expect(t.view()).toEqual({ line: 'echo one', col: 8 });
    t.press('up'); // oldest: stays
    expect(t.state.line).toBe('echo one');
    t.press('down', 'down');
    expect(t.view()).toEqual({ line: 'draft', col: 5 });
    t.press('down'); // past the draft: nothing
    expect(t.state.line).toBe('draft');
  });

  it('Ctrl-C abandons the line with ^C and a fresh prompt', () => {
    const t = start();
    t.type('ping node2');
    t.press('home', 'ctrlC');
    expect(t.screen.lines()).toEqual([`${PROMPT}ping node2^C`, PROMPT]);
    expect(t.state.line).toBe('');
    expect(t.effects).toEqual([{ type: 'abandon' }]);
  });

  it('Ctrl-C while a command runs asks for an interrupt', () => {
    const t = start();
    t.type('ping node2');
    t.press('enter', 'ctrlC');
    expect(t.effects).toEqual([{ type: 'submit', line: 'ping node2' }, { type: 'interrupt' }]);
    expect(t.screen.lines()[1]).toBe('^C');
  });

  it('Ctrl-L clears the screen and redraws prompt, line and cursor', () => {
    const t = start();
    t.type('x');
    t.press('enter');
    t.apply(showPrompt(t.state, PROMPT));
    t.type('abc');
    t.press('left', 'ctrlL');
    expect(t.screen.lines()).toEqual([`${PROMPT}abc`]);
    expect(t.view().col).toBe(2);
  });

  it('Tab asks for completion of the text left of the cursor', () => {
    const t = start();
    t.type('ip li show');
    t.press('wordLeft', 'left', 'tab');
    expect(t.effects).toEqual([{ type: 'complete', line: 'ip li' }]);
  });

  it('one completion candidate completes the word and adds a space', () => {
    const t = start();
    t.type('ho');
    t.press('tab');
    t.apply(applyCompletion(t.state, 'ho', ['hostname']));
    expect(t.view()).toEqual({ line: 'hostname ', col: 9 });
  });

  it('several candidates extend to their common prefix, then are listed', () => {
    const t = start();
    t.type('ip ad');
    t.apply(applyCompletion(t.state, 'ip ad', ['address', 'addrlabel']));
    expect(t.view()).toEqual({ line: 'ip addr', col: 7 });
    t.apply(applyCompletion(t.state, 'ip addr', ['address', 'addrlabel']));
    expect(t.screen.lines()).toEqual([
      `${PROMPT}ip addr`,
      'address  addrlabel',
      `${PROMPT}ip addr`,
    ]);
    expect(t.view().col).toBe(7);
  });

  it('ignores stale or empty completion answers', () => {
    const t = start();
    t.type('ho');
    const before = t.state;
    expect(applyCompletion(before, 'h', ['hostname']).effects).toEqual([]);
    expect(applyCompletion(before, 'ho', []).effects).toEqual([]);
    expect(applyCompletion(before, 'ho', ['ping']).effects).toEqual([]);
  });

  it('counts wide characters as two cells', () => {
    const t = start();
    t.type('echo 主机');
    expect(t.view()).toEqual({ line: 'echo 主机', col: 9 });
    t.press('left');
    expect(t.view().col).toBe(7);
    t.press('backspace');
    expect(t.state.line).toBe('echo 机');
    expect(t.view()).toEqual({ line: 'echo 机', col: 5 });
  });

  it('wordAt finds the word left of the cursor', () => {
    expect(wordAt('ip li')).toBe('li');
    expect(wordAt('ip ')).toBe('');
    expect(wordAt('')).toBe('');
  });
});
