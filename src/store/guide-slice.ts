import type { GuideSlice, Slice } from './state';

/**
 * Which walkthrough is open, at which step, and which steps the student has ticked off. The
 * walkthroughs themselves (texts, commands, checks) live with the UI and load on demand: the
 * store keeps ids and numbers only.
 */
export const createGuideSlice: Slice<GuideSlice> = (set, get) => ({
  guide: null,
  guideOpen: false,
  guideDone: [],
  openGuide(id, step = 0) {
    const same = get().guide?.id === id;
    set({
      guide: { id, step: Math.max(0, step) },
      guideOpen: true,
      guideDone: same ? get().guideDone : [],
    });
  },
  setGuideStep(step) {
    const g = get().guide;
    if (g && step >= 0 && step !== g.step) set({ guide: { ...g, step } });
  },
  tickGuideStep(step) {
    if (!get().guideDone.includes(step)) {
      set((s) => ({ guideDone: [...s.guideDone, step].sort((a, b) => a - b) }));
    }
  },
  setGuideOpen(open) {
    set({ guideOpen: open });
  },
  closeGuide() {
    set({ guide: null, guideDone: [] });
  },
});
