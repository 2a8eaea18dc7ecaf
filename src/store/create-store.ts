import { createStore, type StoreApi } from 'zustand/vanilla';
import { createGuideSlice } from './guide-slice';
import { createLabSlice } from './lab-slice';
import { createSelectionSlice } from './selection-slice';
import type { LabState, StoreDeps } from './state';
import { createTerminalSlice } from './terminal-slice';
import { createTopologySlice } from './topology-slice';
import { createTraceSlice } from './trace-slice';
import { createUiSlice } from './ui-slice';

export type LabStore = StoreApi<LabState>;

/** The one lab store, composed from its slices (zustand's slices pattern). */
export function createLabStore(deps: StoreDeps): LabStore {
  return createStore<LabState>()((...a) => ({
    ...createTopologySlice(deps)(...a),
    ...createSelectionSlice(...a),
    ...createTerminalSlice(deps)(...a),
    ...createUiSlice(deps)(...a),
    ...createLabSlice(deps)(...a),
    ...createTraceSlice(...a),
    ...createGuideSlice(...a),
  }));
}
