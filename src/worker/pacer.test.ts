import { describe, expect, it } from 'vitest';
import { createPacer, MAX_STEP_MS } from './pacer';

function fakeClock() {
  let t = 0;
  let fn: () => void = () => {};
  return {
    clock: { now: () => t, every: (_ms: number, f: () => void) => (fn = f) },
    advance(ms: number) {
      t += ms;
      fn();
    },
  };
}

describe('pacer', () => {
  it('advances the lab by real elapsed time only while busy, capped per tick', () => {
    const runs: number[] = [];
    let busy = true;
    const lab = { busy: () => busy, run: (ms: number) => void runs.push(ms) };
    const c = fakeClock();
    const pacer = createPacer(lab, c.clock);
    c.advance(20);
    expect(runs).toEqual([]); // idle until kicked
    pacer.kick();
    c.advance(20);
    c.advance(5000);
    expect(runs).toEqual([20, MAX_STEP_MS]);
    busy = false;
    c.advance(20);
    c.advance(20);
    expect(runs).toEqual([20, MAX_STEP_MS, 20]);
  });
});
