/**
 * Undo and redo as data (architecture rule 1: undo is "replay without the last command"). The
 * engine records every command that changed the lab as a scenario step; undo loads the scenario
 * without the last step (or without the steps of the last canvas gesture, which may have run
 * several commands), redo loads it again with them. Pure, so it is tested without an engine.
 */
import type { Scenario, ScenarioStep } from '../engine/api/types';

/** Steps `[start, end)` that one canvas gesture added: undone and redone together. */
export interface StepGroup {
  start: number;
  end: number;
}

/** Steps taken off by an undo, and how many steps the lab had left then. */
export interface RedoEntry {
  base: number;
  steps: ScenarioStep[];
}

export interface History {
  /** Steps below this index came with the loaded scenario and are not undone. */
  floor: number;
  groups: StepGroup[];
  redo: RedoEntry[];
}

export const emptyHistory = (floor: number): History => ({ floor, groups: [], redo: [] });

/** Remember that the steps `[start, end)` were one gesture (nothing if it added fewer than 2). */
export function noteGroup(h: History, start: number, end: number): History {
  if (end - start < 2) return h;
  return { ...h, groups: [...h.groups.filter((g) => g.end <= start), { start, end }] };
}

/** Where undo cuts the step list, or null when there is nothing to undo. */
export function undoCut(h: History, stepCount: number): number | null {
  if (stepCount <= h.floor) return null;
  const group = h.groups.find((g) => g.end === stepCount);
  return Math.max(h.floor, group ? group.start : stepCount - 1);
}

/** The scenario to load for an undo, and the history after it; null if nothing to undo. */
export function planUndo(
  h: History,
  current: Scenario,
): { scenario: Scenario; history: History } | null {
  const cut = undoCut(h, current.steps.length);
  if (cut === null) return null;
  const removed = current.steps.slice(cut);
  return {
    scenario: { ...current, steps: current.steps.slice(0, cut) },
    history: {
      ...h,
      groups: h.groups.filter((g) => g.end <= cut),
      redo: [...h.redo, { base: cut, steps: removed }],
    },
  };
}

/**
 * The scenario to load for a redo, and the history after it. Null when there is nothing to redo,
 * or when the lab changed since the undo (then the redo stack no longer applies and is dropped).
 */
export function planRedo(
  h: History,
  current: Scenario,
): { scenario: Scenario | null; history: History } | null {
  const entry = h.redo.at(-1);
  if (!entry) return null;
  if (entry.base !== current.steps.length) return { scenario: null, history: { ...h, redo: [] } };
  const end = entry.base + entry.steps.length;
  const history = noteGroup({ ...h, redo: h.redo.slice(0, -1) }, entry.base, end);
  return { scenario: { ...current, steps: [...current.steps, ...entry.steps] }, history };
}

/** A change that did not come from undo/redo makes the redo stack stale. */
export function afterChange(h: History, stepCount: number): History {
  const top = h.redo.at(-1);
  return top && top.base !== stepCount ? { ...h, redo: [] } : h;
}
