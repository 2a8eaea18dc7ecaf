/**
 * Kernel timer granularity. Linux timers (neighbour retransmits, socket receive timeouts) run on
 * the timer wheel, which counts in jiffies (HZ=250 on Debian: 4 ms) and, for timeouts beyond
 * 63 jiffies, rounds the expiry up to the granularity of the wheel level (kernel/time/timer.c
 * calc_index: 8 jiffies = 32 ms for delays under ~2 s, 64 jiffies beyond). That is why a real
 * `ping` drifts by ~24 ms a second (its wait is an SO_RCVTIMEO timer) and why an unanswered ARP
 * fails after ~3.07 s rather than 3 s. hrtimers (poll, itimers) are not rounded.
 */
import type { Micros } from '../sim/clock';

export const HZ = 250;
export const JIFFY_US: Micros = 1_000_000 / HZ;
const LVL_CLK_SHIFT = 3;
const LVL_SIZE = 64;
const LVL_DEPTH = 9;

function levelStart(n: number): number {
  return (LVL_SIZE - 1) * 2 ** ((n - 1) * LVL_CLK_SHIFT);
}

/** When a timer-wheel timer armed at `now` for `delay` microseconds really fires. */
export function wheelExpiry(now: Micros, delay: Micros): Micros {
  const clk = Math.floor(now / JIFFY_US);
  const delta = Math.max(0, Math.ceil(delay / JIFFY_US));
  const expires = clk + delta;
  let lvl = 0;
  while (lvl < LVL_DEPTH - 1 && delta >= levelStart(lvl + 1)) lvl++;
  const gran = 2 ** (lvl * LVL_CLK_SHIFT);
  return (Math.floor(expires / gran) + 1) * gran * JIFFY_US;
}
