/**
 * A deterministic discrete-event scheduler: a binary min-heap keyed by (time, seq), so events due
 * at the same instant fire in the order they were scheduled. Time only moves when `runUntil` or
 * `runFor` is called; nothing here reads the wall clock.
 */
import type { Micros } from './clock';

export type TimerId = number;

interface Entry {
  at: Micros;
  seq: number;
  id: TimerId;
  fn: () => void;
}

export class Scheduler {
  private heap: Entry[] = [];
  private live = new Set<TimerId>();
  private seq = 0;
  private current: Micros = 0;

  /** The current virtual time. */
  get now(): Micros {
    return this.current;
  }

  /** Number of timers still pending. */
  get pending(): number {
    return this.live.size;
  }

  /** Run `fn` at absolute time `at` (clamped to now). Returns an id for `cancel`. */
  at(at: Micros, fn: () => void): TimerId {
    const id = ++this.seq;
    this.push({ at: Math.max(at, this.current), seq: id, id, fn });
    this.live.add(id);
    return id;
  }

  /** Run `fn` after `delay` microseconds. */
  after(delay: Micros, fn: () => void): TimerId {
    return this.at(this.current + Math.max(0, delay), fn);
  }

  cancel(id: TimerId): void {
    this.live.delete(id);
  }

  /** Time of the next live timer, or undefined when none is pending. */
  nextAt(): Micros | undefined {
    this.dropCancelled();
    return this.heap[0]?.at;
  }

  /**
   * Fire every timer due at or before `until`, in (time, seq) order, then set the clock to
   * `until`. `budget` bounds the number of timers fired; returns how many fired.
   */
  runUntil(until: Micros, budget = Number.POSITIVE_INFINITY): number {
    let fired = 0;
    while (fired < budget) {
      const next = this.nextAt();
      if (next === undefined || next > until) break;
      const entry = this.pop();
      this.live.delete(entry.id);
      this.current = entry.at;
      fired++;
      entry.fn();
    }
    if (fired < budget) this.current = Math.max(this.current, until);
    return fired;
  }

  /** Advance the clock by `delta` microseconds. */
  runFor(delta: Micros, budget?: number): number {
    return this.runUntil(this.current + delta, budget);
  }

  private dropCancelled(): void {
    while (this.heap.length > 0 && !this.live.has(this.heap[0].id)) this.pop();
  }

  private push(e: Entry): void {
    const h = this.heap;
    h.push(e);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!before(h[i], h[p])) break;
      [h[i], h[p]] = [h[p], h[i]];
      i = p;
    }
  }

  private pop(): Entry {
    const h = this.heap;
    const top = h[0];
    const last = h.pop() as Entry;
    if (h.length > 0) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && before(h[l], h[m])) m = l;
        if (r < h.length && before(h[r], h[m])) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m], h[i]];
        i = m;
      }
    }
    return top;
  }
}

function before(a: Entry, b: Entry): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}
