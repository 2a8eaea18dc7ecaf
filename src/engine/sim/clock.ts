/**
 * Virtual time. The engine never reads real time: every timestamp is an integer count of
 * microseconds since the lab started, advanced only by the scheduler.
 */
import type { Micros } from '../api/types';

export type { Micros };

export const US_PER_MS = 1000;
export const US_PER_S = 1_000_000;

/** Milliseconds (may be fractional) to whole microseconds. */
export function msToMicros(ms: number): Micros {
  return Math.round(ms * US_PER_MS);
}

/** Seconds (may be fractional) to whole microseconds. */
export function secondsToMicros(s: number): Micros {
  return Math.round(s * US_PER_S);
}
