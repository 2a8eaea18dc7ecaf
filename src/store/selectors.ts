/** Narrow selectors, at module scope so their identity is stable (style rule H). */
import { tabTarget } from './naming';
import { LAB_CONSOLE, type LabState } from './state';

export const selectTopology = (s: LabState) => s.topology;
export const selectTitle = (s: LabState) => s.topology?.title ?? '';
export const selectPositions = (s: LabState) => s.positions;
export const selectLoadCount = (s: LabState) => s.loadCount;
export const selectSelectedId = (s: LabState) => s.selectedId;
export const selectLanguage = (s: LabState) => s.language;
export const selectStatus = (s: LabState) => s.status;
export const selectToasts = (s: LabState) => s.toasts;
export const selectErrors = (s: LabState) => s.errors;
export const selectHelpOpen = (s: LabState) => s.helpOpen;
export const selectActiveTabId = (s: LabState) => s.activeTabId;
export const selectSecondTabId = (s: LabState) => s.secondTabId;
export const selectSplit = (s: LabState) => s.split;
export const selectActions = (s: LabState) => s.actions;
export const selectTables = (s: LabState) => s.tables;
export const selectCanUndo = (s: LabState) => s.stepCount > s.history.floor;
export const selectCanRedo = (s: LabState) => s.history.redo.length > 0;
/** Tab ids only: the tab bar must not re-render for every chunk of terminal output. */
export const selectTabIds = (s: LabState) => s.tabs.map((t) => t.id);

export const selectMachine = (name: string) => (s: LabState) =>
  s.topology?.machines.find((m) => m.name === name);

export const selectHostname = (name: string) => (s: LabState) =>
  s.topology?.machines.find((m) => m.name === name)?.hostname ?? name;

/**
 * The prompt of a tab: Debian root's `root@host:~# `. Inside a named netns it is the same, as
 * under `ip netns exec` on real Linux (the hostname belongs to the UTS namespace, not the netns).
 */
export const selectPrompt = (tabId: string) => (s: LabState) => {
  // PS2: the command typed so far is still open (a `for` without its `done`).
  if (s.tabs.find((t) => t.id === tabId)?.pendingInput != null) return '> ';
  if (tabId === LAB_CONSOLE) return 'lab> ';
  const { machine, netns } = tabTarget(tabId);
  // busybox sh's prompt, as `docker exec -it NAME sh` shows it.
  if (netns?.startsWith('container:')) return '/ # ';
  return `root@${selectHostname(machine)(s)}:~# `;
};
export const selectMulti = (s: LabState) => s.multi;
export const selectContainers = (s: LabState) => s.containers;
export const selectContainerImage = (s: LabState) => s.containerImage;
export const selectFlannelOpen = (s: LabState) => s.flannelOpen;
export const selectCalicoOpen = (s: LabState) => s.calicoOpen;

export const selectTabSession = (id: string) => (s: LabState) =>
  s.tabs.find((t) => t.id === id)?.session ?? null;

export const selectTabHistory = (id: string) => (s: LabState) =>
  s.tabs.find((t) => t.id === id)?.history ?? [];
export const selectGuide = (s: LabState) => s.guide;
export const selectGuideOpen = (s: LabState) => s.guideOpen;
export const selectGuideDone = (s: LabState) => s.guideDone;
