import type { Slice, StoreDeps, TopologySlice } from './state';

export const createTopologySlice =
  ({ lab }: StoreDeps): Slice<TopologySlice> =>
  (set, get) => ({
    topology: null,
    positions: {},
    loadCount: 0,
    moveNodes(moved) {
      set((s) => ({ positions: { ...s.positions, ...moved } }));
    },
    async saveLayout() {
      await lab.setLayout(get().positions);
      get().scheduleAutosave();
    },
  });
