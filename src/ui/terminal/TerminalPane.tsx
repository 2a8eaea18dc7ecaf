import type { Terminal } from '@xterm/xterm';
import { useEffect, useRef, useState } from 'react';
import { type LabStore, selectPrompt, selectTabHistory, useLabStore } from '../../store';
import { useT } from '../i18n';
import { parseInput } from './keymap';
import {
  applyCompletion,
  createEditor,
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
    cursorBlink: true,
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
  const apply = (result: EditorResult) => {
    editor = result.state;
    const s = store.getState();
    for (const effect of result.effects) {
      if (effect.type === 'write') term.write(effect.data);
      else if (effect.type === 'submit') void s.runLine(tabId, effect.line);
      else if (effect.type === 'interrupt') void s.interrupt(tabId);
      else if (effect.type === 'complete') {
        void s.complete(tabId, effect.line).then((candidates) => {
          if (!disposed) apply(applyCompletion(editor, effect.line, candidates));
        });
      }
    }
  };
  const prompt = () => {
    // Wait until xterm has parsed earlier output, then start the prompt on a fresh line.
    term.write('', () => {
      if (disposed) return;
      if (term.buffer.active.cursorX !== 0) term.write('\r\n');
      apply(showPrompt(editor, promptFor(store, tabId)));
    });
  };
  const drain = () => {
    if (disposed) return;
    for (const item of store.getState().takeInbox(tabId)) {
      if (item.type === 'output') term.write(toTerminalNewlines(item.data));
      else if (item.type === 'failed')
        term.write(`\x1b[31m${toTerminalNewlines(item.detail)}\x1b[0m\r\n`);
      else prompt();
    }
  };

  const type = (data: string) => {
    for (const key of parseInput(data)) apply(editorKey(editor, key));
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
