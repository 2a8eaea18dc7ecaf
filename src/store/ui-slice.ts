import type { Slice, StoreDeps, UiSlice } from './state';

export const createUiSlice =
  ({ language }: StoreDeps): Slice<UiSlice> =>
  (set, get) => {
    let nextId = 1;
    return {
      status: 'idle',
      language,
      toasts: [],
      errors: [],
      helpOpen: false,
      containerImage: 'busybox',
      flannelOpen: false,
      calicoOpen: false,
      setContainerImage(image) {
        set({ containerImage: image });
      },
      setFlannelOpen(open) {
        set({ flannelOpen: open });
      },
      setCalicoOpen(open) {
        set({ calicoOpen: open });
      },
      setLanguage(next) {
        set({ language: next });
      },
      showToast(kind, detail, params) {
        const toast = {
          id: nextId++,
          kind,
          ...(detail === undefined ? {} : { detail }),
          ...(params === undefined ? {} : { params }),
        };
        // One toast at a time reads better on a projector than a stack.
        set({ toasts: [toast] });
      },
      dismissToast(id) {
        set({ toasts: get().toasts.filter((t) => t.id !== id) });
      },
      reportError(kind, detail) {
        set((s) => ({ errors: [...s.errors, { id: nextId++, kind, detail }] }));
      },
      dismissError(id) {
        set((s) => ({ errors: s.errors.filter((e) => e.id !== id) }));
      },
      setHelpOpen(open) {
        set({ helpOpen: open });
      },
    };
  };
