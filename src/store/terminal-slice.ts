import type { Slice, StoreDeps, TerminalItem, TerminalSlice, TerminalTab } from './state';

export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export const createTerminalSlice =
  ({ lab }: StoreDeps): Slice<TerminalSlice> =>
  (set, get) => {
    const tab = (id: string) => get().tabs.find((t) => t.id === id);
    const patch = (id: string, change: (t: TerminalTab) => Partial<TerminalTab>) =>
      set((s) => ({ tabs: s.tabs.map((t) => (t.id === id ? { ...t, ...change(t) } : t)) }));
    const push = (id: string, ...items: TerminalItem[]) =>
      patch(id, (t) => ({ inbox: [...t.inbox, ...items] }));

    return {
      tabs: [],
      activeTabId: null,

      async openTerminal(machine) {
        if (tab(machine)) {
          set({ activeTabId: machine });
          return;
        }
        const fresh: TerminalTab = {
          id: machine,
          session: null,
          busy: false,
          exec: null,
          interruptPending: false,
          inbox: [],
        };
        set((s) => ({ tabs: [...s.tabs, fresh], activeTabId: machine }));
        try {
          const session = await lab.openSession({ machine });
          if (!tab(machine)) {
            // Closed while opening.
            await lab.closeSession(session);
            return;
          }
          patch(machine, (t) => ({ session, inbox: [...t.inbox, { type: 'ready' }] }));
        } catch (err) {
          push(machine, { type: 'failed', detail: errorText(err) });
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
        set({ tabs, activeTabId });
        if (closing.session) lab.closeSession(closing.session).catch(() => {});
      },

      focusTerminal(tabId) {
        if (tab(tabId)) set({ activeTabId: tabId });
      },

      async runLine(tabId, line) {
        const session = tab(tabId)?.session;
        if (!session) {
          push(tabId, { type: 'exit', code: 1 });
          return;
        }
        patch(tabId, () => ({ busy: true, exec: null, interruptPending: false }));
        try {
          const exec = await lab.exec(session, line);
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
        if (!session) return [];
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
