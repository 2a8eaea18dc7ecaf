/**
 * A deterministic discrete-event scheduler: a binary min-heap keyed by (time, seq), so events due
 * at the same instant fire in the order they were scheduled. Time only moves when `runUntil` or
 * `runFor` is called; nothing here reads the wall clock.
 */
import type { Micros } from './clock';

/** A pending timer, as `at` and `after` return it for `cancel`. */
export interface TimerId {
  readonly at: Micros;
}

interface Entry extends TimerId {
  at: Micros;
  /** Scheduling order: ties at the same instant fire in it. */
  seq: number;
  /** Called with the five arguments below (`afterCall`), or with none (`at`, `after`). */
  fn: (a: unknown, b: unknown, c: unknown, d: unknown, e: unknown) => void;
  a: unknown;
  b: unknown;
  c: unknown;
  d: unknown;
  e: unknown;
  /**
   * Fired or cancelled. A cancelled entry stays in the heap until it reaches the top, then is
   * dropped; the entry itself is the timer's id, so cancelling needs no lookup table.
   */
  done: boolean;
}

export class Scheduler {
  private heap: Entry[] = [];
  /** Entries not yet fired nor cancelled. */
  private live = 0;
  private seq = 0;
  private current: Micros = 0;

  /** The current virtual time. */
  get now(): Micros {
    return this.current;
  }

  /** Number of timers still pending. */
  get pending(): number {
    return this.live;
  }

  /** Run `fn` at absolute time `at` (clamped to now). Returns an id for `cancel`. */
  at(at: Micros, fn: () => void): TimerId {
    return this.enqueue(at, fn, undefined, undefined, undefined, undefined, undefined);
  }

  /** Run `fn` after `delay` microseconds. */
  after(delay: Micros, fn: () => void): TimerId {
    return this.enqueue(
      this.current + Math.max(0, delay),
      fn,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    );
  }

  /**
   * Run `fn(a, b, c, d, e)` after `delay` microseconds: the packet path's hops (a frame's arrival
   * on the next device), without a closure per frame.
   */
  afterCall<A, B, C, D, E = undefined>(
    delay: Micros,
    fn: (a: A, b: B, c: C, d: D, e: E) => void,
    a: A,
    b: B,
    c: C,
    d: D,
    e?: E,
  ): TimerId {
    return this.enqueue(this.current + Math.max(0, delay), fn as Entry['fn'], a, b, c, d, e);
  }

  private enqueue(
    at: Micros,
    fn: Entry['fn'],
    a: unknown,
    b: unknown,
    c: unknown,
    d: unknown,
    e: unknown,
  ): Entry {
    const entry: Entry = {
      at: at > this.current ? at : this.current,
      seq: ++this.seq,
      fn,
      a,
      b,
      c,
      d,
      e,
      done: false,
    };
    this.push(entry);
    this.live++;
    return entry;
  }

  cancel(id: TimerId): void {
    const entry = id as Entry;
    if (entry.done) return;
    entry.done = true;
    this.live--;
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
      entry.done = true;
      this.live--;
      this.current = entry.at;
      fired++;
      entry.fn(entry.a, entry.b, entry.c, entry.d, entry.e);
    }
    if (fired < budget) this.current = Math.max(this.current, until);
    return fired;
  }

  /** Advance the clock by `delta` microseconds. */
  runFor(delta: Micros, budget?: number): number {
    return this.runUntil(this.current + delta, budget);
  }

  private dropCancelled(): void {
    while (this.heap.length > 0 && this.heap[0].done) this.pop();
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
