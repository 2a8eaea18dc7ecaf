/**
 * A pure line editor for the lab terminals, in the spirit of xterm-readline's `State`/`LineBuffer`.
 *
 * No DOM, no xterm: `editorKey(state, key)` returns the next state plus a list of effects for the
 * terminal (text and VT100 escape sequences to write, a line to run, a signal to send, a completion
 * to ask for). The TerminalPane only carries the effects out.
 *
 * Cursor movement is relative (`ESC[nC` / `ESC[nD`), measured in terminal cells, so wide (CJK)
 * characters count two. Deliberately left out: lines longer than the terminal width (relative
 * moves do not cross a soft wrap), reverse search (Ctrl-R), kill-ring yank (Ctrl-Y), type-ahead
 * while a command runs (keys other than Ctrl-C are dropped then).
 */

export type NamedKey =
  | 'enter'
  | 'backspace'
  | 'delete'
  | 'left'
  | 'right'
  | 'wordLeft'
  | 'wordRight'
  | 'home'
  | 'end'
  | 'up'
  | 'down'
  | 'ctrlC'
  | 'ctrlD'
  | 'ctrlL'
  | 'ctrlU'
  | 'ctrlK'
  | 'ctrlW'
  | 'tab';

export type EditorKey = { kind: 'insert'; text: string } | { kind: NamedKey };

export type EditorEffect =
  /** Write text (may contain escape sequences) to the terminal. */
  | { type: 'write'; data: string }
  /** Run this line (already echoed, cursor on a fresh line). */
  | { type: 'submit'; line: string }
  /** Send SIGINT to the running command. */
  | { type: 'interrupt' }
  /** Ctrl-C at the prompt: the line was abandoned (a shell drops any unfinished command too). */
  | { type: 'abandon' }
  /** Ask for completions of `line` (the text left of the cursor). */
  | { type: 'complete'; line: string };

export interface EditorState {
  /** `idle`: no prompt shown yet; `editing`: a prompt and a line; `running`: a command owns the terminal. */
  readonly mode: 'idle' | 'editing' | 'running';
  readonly prompt: string;
  readonly line: string;
  /** Cursor position in characters (code points) of `line`. */
  readonly cursor: number;
  /** Submitted lines, oldest first. */
  readonly history: readonly string[];
  /** Index into history while browsing it; `history.length` means the draft. */
  readonly historyIndex: number;
  /** The line being edited before history browsing started, restored by moving past the newest entry. */
  readonly draft: string;
}

export interface EditorResult {
  state: EditorState;
  effects: EditorEffect[];
}

export const HISTORY_LIMIT = 500;

export const ESC = {
  clearToEnd: '\x1b[K',
  clearScreen: '\x1b[H\x1b[2J',
  left: (n: number) => (n > 0 ? `\x1b[${n}D` : ''),
  right: (n: number) => (n > 0 ? `\x1b[${n}C` : ''),
} as const;

export function createEditor(history: readonly string[] = []): EditorState {
  return {
    mode: 'idle',
    prompt: '',
    line: '',
    cursor: 0,
    history,
    historyIndex: history.length,
    draft: '',
  };
}

/** Show a fresh prompt with an empty line (after startup or when a command has exited). */
export function showPrompt(state: EditorState, prompt: string): EditorResult {
  return {
    state: {
      ...state,
      mode: 'editing',
      prompt,
      line: '',
      cursor: 0,
      historyIndex: state.history.length,
      draft: '',
    },
    effects: [write(prompt)],
  };
}

/** Terminal cells taken by one character: 2 for East Asian wide and fullwidth forms, else 1. */
export function charWidth(ch: string): number {
  const cp = ch.codePointAt(0) ?? 0;
  if (cp < 0x1100) return 1;
  const wide =
    cp <= 0x115f ||
    (cp >= 0x2e80 && cp <= 0x303e) ||
    (cp >= 0x3041 && cp <= 0x33ff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0xa000 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f300 && cp <= 0x1faff) ||
    (cp >= 0x20000 && cp <= 0x3fffd);
  return wide ? 2 : 1;
}

function cells(chars: readonly string[], end: number = chars.length): number {
  let n = 0;
  for (let i = 0; i < end; i++) n += charWidth(chars[i]);
  return n;
}

function write(data: string): EditorEffect {
  return { type: 'write', data };
}

function isWordChar(ch: string): boolean {
  return !/\s/.test(ch);
}

function wordStartBefore(chars: readonly string[], cursor: number): number {
  let i = cursor;
  while (i > 0 && !isWordChar(chars[i - 1])) i--;
  while (i > 0 && isWordChar(chars[i - 1])) i--;
  return i;
}

function wordEndAfter(chars: readonly string[], cursor: number): number {
  let i = cursor;
  while (i < chars.length && !isWordChar(chars[i])) i++;
  while (i < chars.length && isWordChar(chars[i])) i++;
  return i;
}

/**
 * The shortest output that turns the displayed line of `prev` into that of `next`: move to the
 * first changed character, rewrite the tail, clear leftovers, move to the new cursor.
 */
export function repaint(prev: EditorState, next: EditorState): string {
  const a = Array.from(prev.line);
  const b = Array.from(next.line);
  if (prev.line === next.line) {
    return moveCursor(cells(a, prev.cursor), cells(b, next.cursor));
  }
  let common = 0;
  while (common < a.length && common < b.length && a[common] === b[common]) common++;
  let out = moveCursor(cells(a, prev.cursor), cells(a, common));
  out += b.slice(common).join('');
  if (cells(a) > cells(b)) out += ESC.clearToEnd;
  out += moveCursor(cells(b), cells(b, next.cursor));
  return out;
}

function moveCursor(from: number, to: number): string {
  return to < from ? ESC.left(from - to) : ESC.right(to - from);
}

function edit(prev: EditorState, next: EditorState): EditorResult {
  const data = repaint(prev, next);
  return { state: next, effects: data ? [write(data)] : [] };
}

function setLine(state: EditorState, line: string, cursor: number): EditorState {
  return { ...state, line, cursor };
}

function recall(state: EditorState, index: number): EditorResult {
  if (index < 0 || index > state.history.length || index === state.historyIndex) {
    return { state, effects: [] };
  }
  const draft = state.historyIndex === state.history.length ? state.line : state.draft;
  const line = index === state.history.length ? draft : state.history[index];
  const next: EditorState = {
    ...state,
    line,
    cursor: Array.from(line).length,
    historyIndex: index,
    draft,
  };
  return edit(state, next);
}

function submit(state: EditorState): EditorResult {
  const chars = Array.from(state.line);
  const toEnd = ESC.right(cells(chars) - cells(chars, state.cursor));
  const line = state.line;
  if (line.trim() === '') {
    // Like bash: an empty line just gives a new prompt.
    return {
      state: { ...state, line: '', cursor: 0, historyIndex: state.history.length, draft: '' },
      effects: [write(`${toEnd}\r\n${state.prompt}`)],
    };
  }
  const last = state.history[state.history.length - 1];
  const history = last === line ? state.history : [...state.history, line].slice(-HISTORY_LIMIT);
  return {
    state: {
      ...state,
      mode: 'running',
      line: '',
      cursor: 0,
      history,
      historyIndex: history.length,
      draft: '',
    },
    effects: [write(`${toEnd}\r\n`), { type: 'submit', line }],
  };
}

/** Apply one key. */
export function editorKey(state: EditorState, key: EditorKey): EditorResult {
  if (state.mode === 'running') {
    // A command owns the terminal: only Ctrl-C means something (the tty echoes it as ^C).
    if (key.kind === 'ctrlC') return { state, effects: [write('^C'), { type: 'interrupt' }] };
    return { state, effects: [] };
  }
  if (state.mode === 'idle') return { state, effects: [] };

  const chars = Array.from(state.line);
  const { cursor } = state;
  switch (key.kind) {
    case 'insert': {
      const text = Array.from(key.text)
        .filter((ch) => ch >= ' ' && ch !== '\x7f')
        .join('');
      if (!text) return { state, effects: [] };
      const line = chars.slice(0, cursor).join('') + text + chars.slice(cursor).join('');
      return edit(state, setLine(state, line, cursor + Array.from(text).length));
    }
    case 'backspace':
      if (cursor === 0) return { state, effects: [] };
      return edit(
        state,
        setLine(
          state,
          [...chars.slice(0, cursor - 1), ...chars.slice(cursor)].join(''),
          cursor - 1,
        ),
      );
    case 'delete':
    case 'ctrlD':
      if (cursor >= chars.length) return { state, effects: [] };
      return edit(
        state,
        setLine(state, [...chars.slice(0, cursor), ...chars.slice(cursor + 1)].join(''), cursor),
      );
    case 'left':
      return edit(state, setLine(state, state.line, Math.max(0, cursor - 1)));
    case 'right':
      return edit(state, setLine(state, state.line, Math.min(chars.length, cursor + 1)));
    case 'wordLeft':
      return edit(state, setLine(state, state.line, wordStartBefore(chars, cursor)));
    case 'wordRight':
      return edit(state, setLine(state, state.line, wordEndAfter(chars, cursor)));
    case 'home':
      return edit(state, setLine(state, state.line, 0));
    case 'end':
      return edit(state, setLine(state, state.line, chars.length));
    case 'ctrlU':
      return edit(state, setLine(state, chars.slice(cursor).join(''), 0));
    case 'ctrlK':
      return edit(state, setLine(state, chars.slice(0, cursor).join(''), cursor));
    case 'ctrlW': {
      const start = wordStartBefore(chars, cursor);
      return edit(
        state,
        setLine(state, [...chars.slice(0, start), ...chars.slice(cursor)].join(''), start),
      );
    }
    case 'up':
      return recall(state, state.historyIndex - 1);
    case 'down':
      return recall(state, state.historyIndex + 1);
    case 'enter':
      return submit(state);
    case 'ctrlC': {
      // Abandon the line, as bash does: show ^C and a fresh prompt.
      const toEnd = ESC.right(cells(chars) - cells(chars, cursor));
      return {
        state: { ...state, line: '', cursor: 0, historyIndex: state.history.length, draft: '' },
        effects: [write(`${toEnd}^C\r\n${state.prompt}`), { type: 'abandon' }],
      };
    }
    case 'ctrlL': {
      const back = ESC.left(cells(chars) - cells(chars, cursor));
      return {
        state,
        effects: [write(`${ESC.clearScreen}${state.prompt}${state.line}${back}`)],
      };
    }
    case 'tab':
      return { state, effects: [{ type: 'complete', line: chars.slice(0, cursor).join('') }] };
  }
}

/** The word being completed: the text after the last space left of the cursor. */
export function wordAt(lineBeforeCursor: string): string {
  const m = /(\S*)$/.exec(lineBeforeCursor);
  return m ? m[1] : '';
}

function commonPrefix(words: readonly string[]): string {
  if (words.length === 0) return '';
  let prefix = words[0];
  for (const w of words) {
    let i = 0;
    while (i < prefix.length && i < w.length && prefix[i] === w[i]) i++;
    prefix = prefix.slice(0, i);
  }
  return prefix;
}

/**
 * Apply completion candidates (whole words that replace the word left of the cursor) for a request
 * made with `requestLine`. A stale answer (the line changed meanwhile) is ignored. One candidate
 * completes the word and adds a space; several extend it to their common prefix, or, if that adds
 * nothing, are listed below the line as bash does on the second Tab.
 */
export function applyCompletion(
  state: EditorState,
  requestLine: string,
  candidates: readonly string[],
): EditorResult {
  const chars = Array.from(state.line);
  const before = chars.slice(0, state.cursor).join('');
  if (state.mode !== 'editing' || before !== requestLine || candidates.length === 0) {
    return { state, effects: [] };
  }
  const word = wordAt(before);
  const matching = candidates.filter((c) => c.startsWith(word));
  if (matching.length === 0) return { state, effects: [] };
  const after = chars.slice(state.cursor).join('');
  const head = before.slice(0, before.length - word.length);
  if (matching.length === 1) {
    const completed = `${head}${matching[0]} `;
    return edit(
      state,
      setLine(state, completed + after.replace(/^ /, ''), Array.from(completed).length),
    );
  }
  const prefix = commonPrefix(matching);
  if (prefix.length > word.length) {
    const completed = head + prefix;
    return edit(state, setLine(state, completed + after, Array.from(completed).length));
  }
  const back = ESC.left(cells(chars) - cells(chars, state.cursor));
  const toEnd = ESC.right(cells(chars) - cells(chars, state.cursor));
  return {
    state,
    effects: [write(`${toEnd}\r\n${matching.join('  ')}\r\n${state.prompt}${state.line}${back}`)],
  };
}
