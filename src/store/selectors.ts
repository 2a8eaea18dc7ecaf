/** Narrow selectors, at module scope so their identity is stable (style rule H). */
import type { LabState } from './state';

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
/** Tab ids only: the tab bar must not re-render for every chunk of terminal output. */
export const selectTabIds = (s: LabState) => s.tabs.map((t) => t.id);

export const selectMachine = (name: string) => (s: LabState) =>
  s.topology?.machines.find((m) => m.name === name);

export const selectHostname = (name: string) => (s: LabState) =>
  s.topology?.machines.find((m) => m.name === name)?.hostname ?? name;

export const selectTabSession = (id: string) => (s: LabState) =>
  s.tabs.find((t) => t.id === id)?.session ?? null;
