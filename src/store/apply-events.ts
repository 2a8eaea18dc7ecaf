/**
 * The reducer behind `applyEngineEvents`: a batch of engine events in, the changed store fields
 * out (pure, so one `set` per batch and easy tests). Output and exits go to the inbox of the tab
 * that owns the session; a topology event replaces the view and drops what no longer exists.
 */
import type { LabEvent, NodePosition, TopologyView } from '../engine/api/types';
import { capTranscript } from './autosave';
import { containerNetns, containerOfNetns } from './daemons';
import { freeSpot, netnsId, tabTarget } from './naming';
import { LAB_CONSOLE, type LabState, type TerminalTab } from './state';

type Fields = Pick<
  LabState,
  'topology' | 'positions' | 'selectedId' | 'multi' | 'tabs' | 'activeTabId'
>;

/**
 * Positions for the view: keep the UI's, take the engine's for new nodes, give nodes that have
 * none (made in the lab console) a free spot, forget removed ones.
 */
export function mergePositions(
  view: TopologyView,
  current: Readonly<Record<string, NodePosition>>,
): Record<string, NodePosition> {
  const next: Record<string, NodePosition> = {};
  const nodes = [
    ...view.machines.map((m) => ({ id: m.id, item: 'host' as const })),
    ...view.segments.map((s) => ({ id: s.id, item: 'segment' as const })),
  ];
  const homeless: typeof nodes = [];
  for (const node of nodes) {
    const p = current[node.id] ?? view.layout[node.id];
    if (p) next[node.id] = p;
    else homeless.push(node);
  }
  for (const { id, item } of homeless) next[id] = freeSpot(item, view, next);
  return next;
}

/** Every id the canvas can select: machines, segments, namespaces and devices. */
export function viewIds(view: TopologyView): Set<string> {
  const ids = new Set<string>();
  for (const m of view.machines) {
    ids.add(m.id);
    for (const ns of m.namespaces) {
      ids.add(netnsId(m.name, ns.name));
      for (const d of ns.devices) ids.add(d.id);
    }
  }
  for (const s of view.segments) ids.add(s.id);
  return ids;
}

/**
 * Does a tab's shell target still exist in the view? A container tab (`host:container:NAME`)
 * needs the container's namespace, or for a pod's app container (`podN-app`) its pause
 * container's (the app has none of its own).
 */
export function tabExists(view: TopologyView, tabId: string): boolean {
  const { machine, netns } = tabTarget(tabId);
  const m = view.machines.find((x) => x.name === machine);
  if (!m) return false;
  if (netns === undefined) return true;
  const container = containerOfNetns(netns);
  if (container !== null) {
    const labels = new Set(m.namespaces.map((n) => n.name));
    return labels.has(netns) || labels.has(containerNetns(container.replace(/-app$/, '-pause')));
  }
  return m.netns.includes(netns);
}

export function reduceEngineEvents(state: Fields, batch: readonly LabEvent[]): Partial<Fields> {
  let tabs = state.tabs;
  let topology = state.topology;
  const tabOf = (session: string) => tabs.findIndex((t) => t.session === session);
  const update = (index: number, change: (tab: TerminalTab) => TerminalTab) => {
    if (tabs === state.tabs) tabs = [...tabs];
    tabs[index] = change(tabs[index]);
  };

  for (const e of batch) {
    if (e.kind === 'output') {
      const i = tabOf(e.session);
      if (i >= 0)
        update(i, (t) => ({
          ...t,
          transcript: capTranscript(t.transcript + e.data),
          inbox: [...t.inbox, { type: 'output', data: e.data }],
        }));
    } else if (e.kind === 'exit') {
      const i = tabOf(e.session);
      if (i >= 0) {
        update(i, (t) => ({
          ...t,
          busy: false,
          exec: null,
          interruptPending: false,
          inbox: [...t.inbox, { type: 'exit', code: e.code }],
        }));
      }
    } else if (e.kind === 'topology') {
      topology = e.view;
    }
  }

  const changed: Partial<Fields> = {};
  if (topology !== state.topology && topology) {
    const ids = viewIds(topology);
    changed.topology = topology;
    changed.positions = mergePositions(topology, state.positions);
    if (state.selectedId && !ids.has(state.selectedId)) changed.selectedId = null;
    if (state.multi.some((id) => !ids.has(id))) {
      changed.multi = state.multi.filter((id) => ids.has(id));
    }
    const view = topology;
    const kept = tabs.filter((t) => t.id === LAB_CONSOLE || tabExists(view, t.id));
    if (kept.length !== tabs.length) {
      tabs = kept;
      if (state.activeTabId && !state.activeTabId.startsWith('#')) {
        if (!kept.some((t) => t.id === state.activeTabId)) {
          changed.activeTabId = kept.at(-1)?.id ?? null;
        }
      }
    }
  }
  if (tabs !== state.tabs) changed.tabs = tabs;
  return changed;
}
