import { describe, expect, it } from 'vitest';
import type { Scenario } from '../engine/api/types';
import { afterChange, emptyHistory, noteGroup, planRedo, planUndo, undoCut } from './undo';

const scenario = (n: number): Scenario => ({
  format: 'cnlab-scenario',
  version: 1,
  title: 't',
  seed: 1,
  steps: Array.from({ length: n }, (_, i) => ({ on: 'lab', line: `step ${i}` })),
  layout: {},
});

describe('undo', () => {
  it('removes the last step, never below the floor', () => {
    const h = emptyHistory(2);
    expect(undoCut(h, 4)).toBe(3);
    expect(undoCut(h, 2)).toBeNull();
    const plan = planUndo(h, scenario(3));
    expect(plan?.scenario.steps.map((s) => s.line)).toEqual(['step 0', 'step 1']);
    expect(plan?.history.redo).toEqual([{ base: 2, steps: [{ on: 'lab', line: 'step 2' }] }]);
    expect(planUndo(h, scenario(2))).toBeNull();
  });

  it('removes the steps of a whole gesture together', () => {
    const h = noteGroup(emptyHistory(0), 2, 6);
    expect(undoCut(h, 6)).toBe(2);
    // a command typed after the gesture is undone on its own first
    expect(undoCut(h, 7)).toBe(6);
    const plan = planUndo(h, scenario(6));
    expect(plan?.scenario.steps).toHaveLength(2);
    expect(plan?.history.groups).toEqual([]);
  });

  it('a one-step gesture is not a group', () => {
    expect(noteGroup(emptyHistory(0), 3, 4).groups).toEqual([]);
  });

  it('redo puts the removed steps back (as a group again)', () => {
    const undone = planUndo(noteGroup(emptyHistory(0), 1, 4), scenario(4));
    if (!undone) throw new Error('no undo');
    const redone = planRedo(undone.history, undone.scenario);
    expect(redone?.scenario?.steps.map((s) => s.line)).toEqual([
      'step 0',
      'step 1',
      'step 2',
      'step 3',
    ]);
    expect(redone?.history).toEqual({ floor: 0, groups: [{ start: 1, end: 4 }], redo: [] });
    expect(planRedo(redone?.history ?? emptyHistory(0), scenario(4))).toBeNull();
  });

  it('a new change drops a stale redo stack', () => {
    const undone = planUndo(emptyHistory(0), scenario(3));
    if (!undone) throw new Error('no undo');
    expect(afterChange(undone.history, 2).redo).toHaveLength(1);
    expect(afterChange(undone.history, 3).redo).toEqual([]);
    const stale = planRedo(undone.history, scenario(5));
    expect(stale).toEqual({ scenario: null, history: { ...undone.history, redo: [] } });
  });
});
