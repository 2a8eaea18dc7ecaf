/**
 * A guard against bridge loops. Linux without STP forwards a looping broadcast forever (a
 * broadcast storm). The lab lets a frame cross bridges up to {@link STORM_HOPS} times — far more
 * than any sane topology needs — then drops it with the reason `storm`, and raises one warning
 * so the student learns what happened while the tab stays responsive.
 */

/** Bridge forwards or floods of one packet before it is treated as looping. */
export const STORM_HOPS = 128;
/** Packets remembered before the table is reset (bounded memory). */
const MAX_TRACKED = 50_000;

/** Ids right after the oldest one tracked since the last reset, counted in an array. */
const WINDOW = 1 << 16;

/**
 * Bridge traversals per packet id since the last reset: a Map's semantics (`size` is the
 * number of distinct ids) without hashing for the common case. Packet ids grow by one, so the
 * ids met after a reset fall in a window starting at the first of them, counted in a byte array
 * (saturating at 255: only "more than STORM_HOPS" matters); an id past the window resets the
 * table there; an older one goes to a Map.
 */
class HopCounts {
  /** The first id counted since the last reset (the window's start). */
  private base: number | undefined;
  private readonly window = new Uint8Array(WINDOW);
  private inWindow = 0;
  private readonly others = new Map<number, number>();

  get size(): number {
    return this.inWindow + this.others.size;
  }

  clear(): void {
    if (this.inWindow > 0) this.window.fill(0);
    this.inWindow = 0;
    this.others.clear();
    this.base = undefined;
  }

  /** Count one traversal of `id`; returns the count so far (saturated at 255 in the window). */
  bump(id: number): number {
    if (this.base === undefined && Number.isInteger(id)) this.base = id;
    let at = this.base === undefined ? -1 : id - this.base;
    if (at >= WINDOW && Number.isInteger(id)) {
      // Ids have moved past the window (new packets keep coming): start again from this one,
      // rather than hashing every id from here on. A looping frame keeps its id, so a storm
      // still counts up past STORM_HOPS between two such resets.
      this.clear();
      this.base = id;
      at = 0;
    }
    if (at >= 0 && at < WINDOW && Number.isInteger(at)) {
      const n = this.window[at];
      if (n === 0) this.inWindow++;
      if (n < 255) this.window[at] = n + 1;
      return n + 1;
    }
    const n = (this.others.get(id) ?? 0) + 1;
    this.others.set(id, n);
    return n;
  }
}

export class StormGuard {
  private hops = new HopCounts();
  /** The warning to show, set once per storm and taken by the Lab. */
  pendingWarning: string | undefined;
  private warned = false;

  /** Count one bridge traversal of packet `id`; false when the packet must be dropped. */
  allow(id: number, bridge: string, machine: string): boolean {
    if (this.hops.size >= MAX_TRACKED) this.hops.clear();
    if (this.hops.bump(id) <= STORM_HOPS) return true;
    if (!this.warned) {
      this.warned = true;
      this.pendingWarning = `Broadcast storm: a frame crossed bridges more than ${STORM_HOPS} times (last at ${bridge} on ${machine}). There is a bridge loop and no STP; real Linux would forward it forever. The lab drops looping frames so it stays responsive.`;
    }
    return false;
  }

  /** The warning to report, once. */
  takeWarning(): string | undefined {
    const w = this.pendingWarning;
    this.pendingWarning = undefined;
    return w;
  }
}
