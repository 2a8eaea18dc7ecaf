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

export class StormGuard {
  private hops = new Map<number, number>();
  /** The warning to show, set once per storm and taken by the Lab. */
  pendingWarning: string | undefined;
  private warned = false;

  /** Count one bridge traversal of packet `id`; false when the packet must be dropped. */
  allow(id: number, bridge: string, machine: string): boolean {
    if (this.hops.size >= MAX_TRACKED) this.hops.clear();
    const n = (this.hops.get(id) ?? 0) + 1;
    this.hops.set(id, n);
    if (n <= STORM_HOPS) return true;
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
