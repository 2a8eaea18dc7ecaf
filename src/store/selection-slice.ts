import type { SelectionSlice, Slice } from './state';

export const createSelectionSlice: Slice<SelectionSlice> = (set, get) => ({
  selectedId: null,
  select(id) {
    if (get().selectedId === id) return;
    set({ selectedId: id });
    void get().refreshTables();
  },
});
