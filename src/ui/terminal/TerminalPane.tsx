import type { Terminal } from '@xterm/xterm';
import { useEffect, useRef, useState } from 'react';
import { type LabStore, selectPrompt, selectTabHistory, useLabStore } from '../../store';
import { useT } from '../i18n';
import { isPlainEnter, parseInput } from './keymap';
import {
  applyCompletion,
  createEditor,
  type EditorKey,
  type EditorResult,
  type EditorState,
  editorKey,
  showPrompt,
} from './line-editor';
import { loadXterm, type XtermModules } from './xterm-loader';

const THEME = {
  background: '#0f1623',
  foreground: '#e6edf3',
  cursor: '#f0f6fc',
  cursorAccent: '#0f1623',
  selectionBackground: '#3b5998aa',
  black: '#1b2230',
  brightBlack: '#6e7781',
  red: '#ff7b72',
  brightRed: '#ffa198',
  green: '#7ee787',
  brightGreen: '#aff5b4',
  yellow: '#e3b341',
  brightYellow: '#f2cc60',
  blue: '#79c0ff',
  brightBlue: '#a5d6ff',
  magenta: '#d2a8ff',
  brightMagenta: '#e2c5ff',
  cyan: '#56d4dd',
  brightCyan: '#b3f0ff',
  white: '#c9d1d9',
  brightWhite: '#ffffff',
};

const FONT =
  '"DejaVu Sans Mono", "Liberation Mono", Menlo, Consolas, "Noto Sans Mono CJK SC", "Noto Sans CJK SC", monospace';

/** The prompt of a tab: Debian root's `root@host:~# ` (also inside a netns), or the lab console's. */
export function promptFor(store: LabStore, tabId: string): string {
  return selectPrompt(tabId)(store.getState());
}

/** Ctrl-Shift-C / Ctrl-Shift-V: the terminal's copy and paste keys (Ctrl-C stays SIGINT). */
export function clipboardKey(e: {
  type: string;
  key: string;
  ctrlKey: boolean;
  shiftKey: boolean;
}): 'copy' | 'paste' | null {
  if (e.type !== 'keydown' || !e.ctrlKey || !e.shiftKey) return null;
  const key = e.key.toLowerCase();
  return key === 'c' ? 'copy' : key === 'v' ? 'paste' : null;
}

/** Longest wait for the shell before the line break of a submitted line is drawn anyway. */
const ECHO_HOLD_MS = 50;

/** How long after the last key the cursor starts blinking again. */
const BLINK_AFTER_MS = 500;

/** Terminal output uses bare LF; xterm needs CR LF to return to column 0. */
export function toTerminalNewlines(data: string): string {
  return data.replace(/\r?\n/g, '\r\n');
}

interface Props {
  tabId: string;
  /** The focused tab (it takes the keyboard). */
  active: boolean;
  /** Visible: the active tab, or the other half of a split view. */
  shown: boolean;
  side: 'full' | 'left' | 'right';
}

/**
 * Open an xterm in `host` for a tab and wire it to the store. Returns its disposer.
 */
function attachTerminal(
  { Terminal: XTerminal, FitAddon }: XtermModules,
  host: HTMLDivElement,
  store: LabStore,
  tabId: string,
  termRef: { current: { term: Terminal; fit: () => void } | null },
): () => void {
  const term = new XTerminal({
    scrollback: 5000,
    fontFamily: FONT,
    fontSize: 15,
    lineHeight: 1.15,
    cursorBlink: false,
    theme: THEME,
    allowProposedApi: false,
  });
  const fitAddon = new FitAddon();
  term.loadAddon(fitAddon);
  term.open(host);
  const fitToHost = () => {
    // A hidden tab has no size; fitting it would shrink the terminal to nothing.
    if (host.offsetWidth > 0 && host.offsetHeight > 0) fitAddon.fit();
  };
  fitToHost();
  termRef.current = { term, fit: fitToHost };

  let disposed = false;

  let editor: EditorState = createEditor(selectTabHistory(tabId)(store.getState()));
  // The line break of a submitted line waits for the shell's first answer (a millisecond or two)
  // and is written with it: Chromium holds other tasks, the worker's answer among them, until the
  // next frame is out after a key that changed the page, so drawing the line break at once would
  // put the output two frames after Enter instead of one.
  let heldEcho = '';
  let heldTimer: ReturnType<typeof setTimeout> | undefined;
  /**
   * Write `data` after the held line break, in one write: xterm parses the first write after a
   * key at once (then `parsed` runs at once too) and draws it in the next frame.
   */
  const write = (data: string, parsed?: () => void) => {
    clearTimeout(heldTimer);
    const all = heldEcho + data;
    if (disposed) return;
    // xterm empties its hidden textarea on Enter (keys like space collect there); that waits too.
    if (heldEcho !== '' && term.textarea && term.textarea.value !== '') term.textarea.value = '';
    heldEcho = '';
    if (all !== '' || parsed) term.write(all, parsed);
  };
  const flushEcho = () => write('');
  const apply = (result: EditorResult) => {
    editor = result.state;
    const s = store.getState();
    const submits = result.effects.some((e) => e.type === 'submit');
    for (const effect of result.effects) {
      if (effect.type === 'write' && submits) {
        heldEcho += effect.data;
        clearTimeout(heldTimer);
        heldTimer = setTimeout(flushEcho, ECHO_HOLD_MS);
      } else if (effect.type === 'write') write(effect.data);
      else if (effect.type === 'submit') void s.runLine(tabId, effect.line).finally(flushEcho);
      else if (effect.type === 'interrupt') void s.interrupt(tabId);
      else if (effect.type === 'abandon' && s.abandonInput(tabId)) {
        // Back from the `> ` of an unfinished command to the shell's own prompt.
        write('\r\x1b[K');
        apply(showPrompt(editor, promptFor(store, tabId)));
      } else if (effect.type === 'complete') {
        void s.complete(tabId, effect.line).then((candidates) => {
          if (!disposed) apply(applyCompletion(editor, effect.line, candidates));
        });
      }
    }
  };
  /** Write `output`, then (once xterm has parsed it) the prompt, on a fresh line. */
  let promptPending = false;
  const prompt = (output: string) => {
    promptPending = true;
    write(output, () => {
      promptPending = false;
      if (disposed) return;
      if (term.buffer.active.cursorX !== 0) term.write('\r\n');
      apply(showPrompt(editor, promptFor(store, tabId)));
      replayTypeAhead();
    });
  };
  /**
   * Keys typed (or pasted) while a command runs wait, as a terminal's input queue holds them,
   * and meet the next prompt: a pasted block of lines runs line after line. Ctrl-C drops them.
   */
  let typeAhead: EditorKey[] = [];
  const key = (k: EditorKey) => {
    if (editor.mode === 'running' && k.kind !== 'ctrlC') {
      typeAhead.push(k);
      return;
    }
    if (k.kind === 'ctrlC') typeAhead = [];
    apply(editorKey(editor, k));
  };
  const replayTypeAhead = () => {
    const keys = typeAhead;
    typeAhead = [];
    for (const k of keys) key(k);
  };
  /**
   * A line typed on the student's behalf (a walkthrough's "Run in terminal"): it replaces what is
   * on the prompt line, and waits for the prompt if the shell is not at one yet.
   */
  const typeForStudent = (data: string) => {
    const keys: EditorKey[] = [{ kind: 'end' }, { kind: 'ctrlU' }, ...parseInput(data)];
    if (editor.mode === 'editing' && !promptPending) for (const k of keys) key(k);
    else typeAhead.push(...keys);
  };
  const drain = () => {
    if (disposed) return;
    // Output and the exit that ends it (they usually come together) in one write, with the
    // prompt: drawn in one frame, and keys typed right after the output meet the prompt.
    let out = '';
    for (const item of store.getState().takeInbox(tabId)) {
      if (item.type === 'output') out += toTerminalNewlines(item.data);
      else if (item.type === 'failed')
        out += `\x1b[31m${toTerminalNewlines(item.detail)}\x1b[0m\r\n`;
      else if (item.type === 'input') {
        // Typed for the student (a walkthrough step): after what came before it, like real keys.
        if (out !== '') write(out);
        out = '';
        typeForStudent(item.data);
      } else {
        prompt(out);
        out = '';
      }
    }
    if (out !== '') write(out);
  };

  // The cursor blinks only while no one types (like most terminals); see styles.css. Enter leaves
  // it as it is: a change to the page under Enter would hold the shell's answer a frame.
  let blinkTimer: ReturnType<typeof setTimeout> | undefined;
  const pauseBlink = () => {
    const el = term.element;
    if (!el) return;
    if (el.dataset.blink !== 'off') el.dataset.blink = 'off';
    clearTimeout(blinkTimer);
    blinkTimer = setTimeout(() => {
      el.dataset.blink = 'on';
    }, BLINK_AFTER_MS);
  };
  pauseBlink();
  const type = (data: string) => {
    if (data !== '\r') pauseBlink();
    for (const k of parseInput(data)) key(k);
  };
  const input = term.onData(type);
  const copy = () => {
    const text = term.getSelection();
    if (text) void navigator.clipboard?.writeText(text).catch(() => {});
    return text !== '';
  };
  const paste = () => {
    void navigator.clipboard
      ?.readText()
      .then((text) => {
        if (!disposed && text) type(text.replace(/\r?\n/g, '\r'));
      })
      .catch(() => {});
  };
  term.attachCustomKeyEventHandler((e) => {
    if (isPlainEnter(e)) {
      // Enter goes straight to the line editor: xterm's own handling would also empty its
      // hidden textarea at once, a page change that makes Chromium hold the shell's answer a
      // frame (`write` empties it with the line break).
      e.preventDefault();
      if (term.buffer.active.viewportY !== term.buffer.active.baseY) term.scrollToBottom();
      if (term.hasSelection()) term.clearSelection();
      term.input('\r');
      return false;
    }
    const action = clipboardKey(e);
    if (!action) return true;
    e.preventDefault();
    if (action === 'copy') copy();
    else paste();
    return false;
  });
  // Right-click copies the selection, or pastes when nothing is selected (like PuTTY).
  const onContextMenu = (e: MouseEvent) => {
    e.preventDefault();
    if (!copy()) paste();
    else term.clearSelection();
  };
  host.addEventListener('contextmenu', onContextMenu);
  const unsubscribe = store.subscribe((s, prev) => {
    const tab = s.tabs.find((t) => t.id === tabId);
    if (tab && tab.inbox.length > 0 && tab !== prev.tabs.find((t) => t.id === tabId)) drain();
  });
  // Deferred: under StrictMode the first, throw-away mount is disposed before this runs.
  queueMicrotask(drain);
  const resize = new ResizeObserver(fitToHost);
  resize.observe(host);

  return () => {
    disposed = true;
    clearTimeout(heldTimer);
    clearTimeout(blinkTimer);
    host.removeEventListener('contextmenu', onContextMenu);
    resize.disconnect();
    unsubscribe();
    input.dispose();
    term.dispose();
    termRef.current = null;
  };
}

/**
 * One xterm per tab, loaded on demand (a placeholder shows until xterm arrives; output waits in
 * the tab's inbox meanwhile). The effect owns the terminal and disposes it (and every
 * subscription) in its cleanup, so React StrictMode's mount → unmount → mount leaves exactly one
 * terminal, also when the unmount comes while xterm is still loading.
 */
export function TerminalPane({ tabId, active, shown, side }: Props) {
  const t = useT();
  const store = useLabStore();
  const hostRef = useRef<HTMLDivElement>(null);
  const termRef = useRef<{ term: Terminal; fit: () => void } | null>(null);
  const [loaded, setLoaded] = useState<'loading' | 'ready' | { failed: string }>('loading');

  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    let dispose: (() => void) | null = null;
    let cancelled = false;
    const load = () =>
      loadXterm().then(
        (modules) => {
          if (cancelled) return;
          dispose = attachTerminal(modules, host, store, tabId, termRef);
          setLoaded('ready');
        },
        (err: unknown) => {
          if (!cancelled) setLoaded({ failed: err instanceof Error ? err.message : String(err) });
        },
      );
    // After the next paint: the first terminal opens as the lab becomes ready, and xterm's
    // download and compile should not hold up the canvas's first interactive frame.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(load, 0);
    });
    return () => {
      cancelled = true;
      cancelAnimationFrame(frame);
      if (timer !== undefined) clearTimeout(timer);
      dispose?.();
      dispose = null;
    };
  }, [store, tabId]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new side means a new size to fit; the terminal arriving means a first fit and focus
  useEffect(() => {
    const current = termRef.current;
    if (!current || !shown) return;
    // After the layout changed (split on/off): fit once the new size is applied.
    const frame = requestAnimationFrame(() => current.fit());
    if (active) current.term.focus();
    return () => cancelAnimationFrame(frame);
  }, [active, shown, side, loaded]);

  return (
    <div
      ref={hostRef}
      onMouseDown={() => {
        if (!active) store.getState().focusTerminal(tabId);
      }}
      className={`lab-terminal lab-terminal--${side}${shown ? ' is-active' : ''}${active ? ' is-focused' : ''}`}
      role="tabpanel"
      id={`terminal-panel-${tabId}`}
      aria-labelledby={`terminal-tab-${tabId}`}
      aria-busy={loaded === 'loading'}
      data-testid={`terminal.${tabId}`}
    >
      {loaded !== 'ready' && (
        <div
          className={`lab-terminal__placeholder${loaded === 'loading' ? '' : ' is-failed'}`}
          role="status"
        >
          {loaded === 'loading'
            ? t('terminal.loading')
            : t('terminal.loadFailed', { detail: loaded.failed })}
        </div>
      )}
    </div>
  );
}
