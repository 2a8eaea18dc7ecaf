import type { SelectionSlice, Slice } from './state';

export const createSelectionSlice: Slice<SelectionSlice> = (set) => ({
  selectedId: null,
  select(id) {
    set({ selectedId: id });
  },
});
