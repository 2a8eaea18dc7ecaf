import { parse } from '../engine/shell/parser';
import { capTranscript } from './autosave';
import { containerOfNetns } from './daemons';
import { tabIdOf, tabTarget } from './naming';
import { selectPrompt } from './selectors';
import type { Slice, StoreDeps, TerminalItem, TerminalSlice, TerminalTab } from './state';

/**
 * A tab's shell. A container tab (`host:container:NAME`) is a shell on the host whose lines run
 * as `docker exec NAME …`, as a person gets into a container (the engine opens sessions only in
 * a machine's root or named namespaces; `docker exec -it NAME sh` is not interactive here).
 */
export function tabShell(tabId: string): {
  target: { machine: string; netns?: string };
  container: string | null;
} {
  const t = tabTarget(tabId);
  const container = containerOfNetns(t.netns);
  return container === null
    ? { target: t, container }
    : { target: { machine: t.machine }, container };
}

/** The line a tab sends to its shell (container tabs wrap it in `docker exec`). */
export function shellLine(tabId: string, line: string): string {
  const { container } = tabShell(tabId);
  return container === null || line.trim() === '' ? line : `docker exec ${container} ${line}`;
}

export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

const HISTORY_LIMIT = 500;

/** A fresh tab, or one restored with the history and transcript it had before a reload. */
export function newTab(id: string, saved?: { history: string[]; transcript: string }): TerminalTab {
  return {
    id,
    session: null,
    busy: false,
    exec: null,
    interruptPending: false,
    pendingInput: null,
    history: saved?.history ?? [],
    transcript: saved?.transcript ?? '',
    inbox: saved?.transcript ? [{ type: 'output', data: saved.transcript }] : [],
  };
}

export const createTerminalSlice =
  ({ lab }: StoreDeps): Slice<TerminalSlice> =>
  (set, get) => {
    const tab = (id: string) => get().tabs.find((t) => t.id === id);
    const patch = (id: string, change: (t: TerminalTab) => Partial<TerminalTab>) =>
      set((s) => ({ tabs: s.tabs.map((t) => (t.id === id ? { ...t, ...change(t) } : t)) }));
    const push = (id: string, ...items: TerminalItem[]) =>
      patch(id, (t) => ({ inbox: [...t.inbox, ...items] }));
    const activate = (id: string) =>
      set((s) => ({
        activeTabId: id,
        secondTabId:
          s.activeTabId !== id && s.activeTabId && !s.activeTabId.startsWith('#')
            ? s.activeTabId
            : s.secondTabId,
      }));

    return {
      tabs: [],
      activeTabId: null,
      secondTabId: null,
      split: false,

      toggleSplit() {
        set((s) => ({ split: !s.split }));
      },

      async openTerminal(machine, netns) {
        const id = tabIdOf(machine, netns);
        if (tab(id)) {
          activate(id);
          return;
        }
        set((s) => ({ tabs: [...s.tabs, newTab(id)] }));
        activate(id);
        get().scheduleAutosave();
        await get().connectTab(id);
      },

      async connectTab(id) {
        try {
          const session = await lab.openSession(tabShell(id).target);
          if (!tab(id)) {
            // Closed while opening.
            await lab.closeSession(session);
            return;
          }
          patch(id, (t) => ({ session, inbox: [...t.inbox, { type: 'ready' }] }));
        } catch (err) {
          push(id, { type: 'failed', detail: errorText(err) });
        }
      },

      closeTerminal(tabId) {
        const s = get();
        const index = s.tabs.findIndex((t) => t.id === tabId);
        if (index < 0) return;
        const closing = s.tabs[index];
        const tabs = s.tabs.filter((t) => t.id !== tabId);
        const activeTabId =
          s.activeTabId === tabId
            ? (tabs[Math.min(index, tabs.length - 1)]?.id ?? null)
            : s.activeTabId;
        const secondTabId =
          s.secondTabId === tabId || s.secondTabId === activeTabId ? null : s.secondTabId;
        set({ tabs, activeTabId, secondTabId });
        if (closing.session) lab.closeSession(closing.session).catch(() => {});
        get().scheduleAutosave();
      },

      focusTerminal(tabId) {
        if (tab(tabId) || tabId.startsWith('#')) activate(tabId);
      },

      async runLine(tabId, line) {
        const current = tab(tabId);
        const session = current?.session;
        if (!session) {
          push(tabId, { type: 'exit', code: 1 });
          return;
        }
        const typed = `${selectPrompt(tabId)(get())}${line}\n`;
        // A loop opened on an earlier line goes on here; bash waits under `> ` until it closes.
        const text = current.pendingInput === null ? line : `${current.pendingInput}\n${line}`;
        if (opensCommand(text)) {
          patch(tabId, (t) => ({
            pendingInput: text,
            transcript: capTranscript(t.transcript + typed),
            inbox: [...t.inbox, { type: 'exit', code: 0 }],
          }));
          return;
        }
        const { target, container } = tabShell(tabId);
        const sent = shellLine(tabId, text);
        // Deep links replay what the shell ran, where it ran.
        get().noteRun(container === null ? tabId : tabIdOf(target.machine), sent);
        patch(tabId, (t) => ({
          busy: true,
          exec: null,
          interruptPending: false,
          pendingInput: null,
          transcript: capTranscript(t.transcript + typed),
          history:
            text.trim() === '' || t.history.at(-1) === oneLine(text)
              ? t.history
              : [...t.history, oneLine(text)].slice(-HISTORY_LIMIT),
        }));
        try {
          const exec = await lab.exec(session, sent);
          const now = tab(tabId);
          // The exit event may have come first (fast commands): then there is nothing to track.
          if (!now?.busy || now.session !== session) return;
          patch(tabId, () => ({ exec, interruptPending: false }));
          if (now.interruptPending) await lab.signal(exec, 'INT');
        } catch (err) {
          patch(tabId, (t) => ({
            busy: false,
            exec: null,
            inbox: [
              ...t.inbox,
              { type: 'output', data: `cnlab: ${errorText(err)}\n` },
              { type: 'exit', code: 1 },
            ],
          }));
        }
      },

      async typeLine(machine, netns, line) {
        const id = tabIdOf(machine, netns);
        if (!tab(id)) await get().openTerminal(machine, netns);
        else activate(id);
        if (!tab(id)) return;
        push(id, { type: 'input', data: `${line}\r` });
      },

      abandonInput(tabId) {
        if (tab(tabId)?.pendingInput == null) return false;
        patch(tabId, () => ({ pendingInput: null }));
        return true;
      },

      async interrupt(tabId) {
        const t = tab(tabId);
        if (!t?.busy) return;
        if (t.exec === null) {
          patch(tabId, () => ({ interruptPending: true }));
          return;
        }
        await lab.signal(t.exec, 'INT');
      },

      async complete(tabId, line) {
        const session = tab(tabId)?.session;
        if (!session || tabShell(tabId).container !== null) return [];
        try {
          return await lab.complete(session, line);
        } catch {
          return [];
        }
      },

      takeInbox(tabId) {
        const t = tab(tabId);
        if (!t || t.inbox.length === 0) return [];
        patch(tabId, () => ({ inbox: [] }));
        return t.inbox;
      },
    };
  };

/** A line that leaves a `for` loop open: the shell reads on (the engine's script reader agrees). */
function opensCommand(text: string): boolean {
  if (!/(^|[\s;|&])for\s/.test(text)) return false;
  const parsed = parse(text);
  return !parsed.ok && parsed.error === 'syntax error: unexpected end of file';
}

/** A command typed over several lines, as bash keeps it in its history: one line. */
function oneLine(text: string): string {
  return text
    .split('\n')
    .reduce(
      (acc, l) => (acc === '' ? l : /(^|\s)do$/.test(acc) ? `${acc} ${l}` : `${acc}; ${l}`),
      '',
    );
}
