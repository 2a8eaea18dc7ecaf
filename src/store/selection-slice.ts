import type { SelectionSlice, Slice } from './state';

/** Only whole nodes (machines and segments) take part in a multi-selection. */
const isNodeId = (id: string) => id.startsWith('machine:') || id.startsWith('segment:');

export const createSelectionSlice: Slice<SelectionSlice> = (set, get) => ({
  selectedId: null,
  multi: [],
  select(id) {
    if (get().selectedId === id && get().multi.length <= 1) return;
    set({ selectedId: id, multi: id && isNodeId(id) ? [id] : [] });
    void get().refreshTables();
  },
  toggleSelect(id) {
    if (!isNodeId(id)) {
      get().select(id);
      return;
    }
    const s = get();
    const base =
      s.multi.length > 0 ? s.multi : s.selectedId && isNodeId(s.selectedId) ? [s.selectedId] : [];
    const multi = base.includes(id) ? base.filter((x) => x !== id) : [...base, id];
    const selectedId = multi.includes(s.selectedId ?? '') ? s.selectedId : (multi.at(-1) ?? null);
    set({ multi, selectedId });
    void get().refreshTables();
  },
  setSelection(ids) {
    const multi = ids.filter(isNodeId);
    const s = get();
    if (multi.length === s.multi.length && multi.every((x, i) => s.multi[i] === x)) return;
    set({ multi, selectedId: multi[0] ?? null });
    void get().refreshTables();
  },
});
