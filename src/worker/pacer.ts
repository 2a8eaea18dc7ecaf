/**
 * Real-time pacing of the virtual clock, outside the engine: while the lab is busy, advance it by
 * the wall time that passed (capped, so a throttled background tab does not jump hours).
 */
import type { LabEngine } from '../engine/api/lab';

export interface PacerClock {
  now(): number;
  every(ms: number, fn: () => void): unknown;
}

/** Ticks of 20 ms keep a terminal lively; at most 250 ms of virtual time per tick. */
export const TICK_MS = 20;
export const MAX_STEP_MS = 250;

export function createPacer(lab: Pick<LabEngine, 'busy' | 'run'>, clock: PacerClock) {
  let last = clock.now();
  let idle = true;
  const tick = () => {
    const t = clock.now();
    const elapsed = Math.min(t - last, MAX_STEP_MS);
    last = t;
    if (idle) return;
    if (elapsed > 0) lab.run(elapsed);
    idle = !lab.busy();
  };
  clock.every(TICK_MS, tick);
  return {
    /** Something started: pace time from now on until the lab is idle again. */
    kick() {
      if (idle) last = clock.now();
      idle = !lab.busy();
    },
    tick,
  };
}
