/**
 * A deterministic discrete-event scheduler: a binary min-heap keyed by (time, seq), so events due
 * at the same instant fire in the order they were scheduled. Time only moves when `runUntil` or
 * `runFor` is called; nothing here reads the wall clock.
 */
import type { Micros } from './clock';

export type TimerId = number;

interface Entry {
  at: Micros;
  /** Scheduling order (ties at the same instant fire in it); also the entry's TimerId. */
  seq: number;
  fn: () => void;
  /** Set by `cancel`: the entry stays in the heap until it reaches the top, then is dropped. */
  cancelled: boolean;
}

export class Scheduler {
  private heap: Entry[] = [];
  /** Entries not yet fired nor cancelled, by id (what `cancel` and `pending` need). */
  private live = new Map<TimerId, Entry>();
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
    const entry: Entry = { at: Math.max(at, this.current), seq: id, fn, cancelled: false };
    this.push(entry);
    this.live.set(id, entry);
    return id;
  }

  /** Run `fn` after `delay` microseconds. */
  after(delay: Micros, fn: () => void): TimerId {
    return this.at(this.current + Math.max(0, delay), fn);
  }

  cancel(id: TimerId): void {
    const entry = this.live.get(id);
    if (entry === undefined) return;
    entry.cancelled = true;
    this.live.delete(id);
  }

  /** Time of the next live timer, or undefined when none is pending. */
  nextAt(): Micros | undefined {
    this.dropCancelled();
    return this.heap.length > 0 ? this.heap[0].at : undefined;
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
      this.live.delete(entry.seq);
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
    while (this.heap.length > 0 && this.heap[0].cancelled) this.pop();
  }

  /** Sift up from the end: parents later than `e` move down into the hole. */
  private push(e: Entry): void {
    const h = this.heap;
    let i = h.length;
    h.push(e);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!before(e, h[p])) break;
      h[i] = h[p];
      i = p;
    }
    h[i] = e;
  }

  /** Take the root; the last entry sifts down from the top, earlier children moving up. */
  private pop(): Entry {
    const h = this.heap;
    const top = h[0];
    const last = h.pop() as Entry;
    const n = h.length;
    if (n === 0) return top;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const m = r < n && before(h[r], h[l]) ? r : l;
      if (!before(h[m], last)) break;
      h[i] = h[m];
      i = m;
    }
    h[i] = last;
    return top;
  }
}

function before(a: Entry, b: Entry): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}
