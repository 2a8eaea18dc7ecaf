import { FitAddon } from '@xterm/addon-fit';
import { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { useEffect, useRef } from 'react';
import { LAB_CONSOLE, type LabStore, selectHostname, useLabStore } from '../../store';
import { parseInput } from './keymap';
import {
  applyCompletion,
  createEditor,
  type EditorResult,
  type EditorState,
  editorKey,
  showPrompt,
} from './line-editor';

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

/** The prompt of a tab: Debian root's `root@host:~# `, or the lab console's own. */
export function promptFor(store: LabStore, tabId: string): string {
  if (tabId === LAB_CONSOLE) return 'lab> ';
  return `root@${selectHostname(tabId)(store.getState())}:~# `;
}

/** Terminal output uses bare LF; xterm needs CR LF to return to column 0. */
export function toTerminalNewlines(data: string): string {
  return data.replace(/\r?\n/g, '\r\n');
}

interface Props {
  tabId: string;
  active: boolean;
}

/**
 * One xterm per tab. The effect owns the terminal and disposes it (and every subscription) in
 * its cleanup, so React StrictMode's mount → unmount → mount leaves exactly one terminal.
 */
export function TerminalPane({ tabId, active }: Props) {
  const store = useLabStore();
  const hostRef = useRef<HTMLDivElement>(null);
  const termRef = useRef<{ term: Terminal; fit: () => void } | null>(null);

  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    const term = new Terminal({
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
    let editor: EditorState = createEditor();
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

    const input = term.onData((data) => {
      for (const key of parseInput(data)) apply(editorKey(editor, key));
    });
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
      resize.disconnect();
      unsubscribe();
      input.dispose();
      term.dispose();
      termRef.current = null;
    };
  }, [store, tabId]);

  useEffect(() => {
    if (!active) return;
    const current = termRef.current;
    if (!current) return;
    current.fit();
    current.term.focus();
  }, [active]);

  return (
    <div
      ref={hostRef}
      className={`lab-terminal${active ? ' is-active' : ''}`}
      role="tabpanel"
      id={`terminal-panel-${tabId}`}
      aria-labelledby={`terminal-tab-${tabId}`}
      data-testid={`terminal.${tabId}`}
    />
  );
}
