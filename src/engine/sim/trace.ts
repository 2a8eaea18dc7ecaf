/**
 * The trace bus (architecture rule 3): every step the stack takes with a packet is one
 * {@link TraceEvent}. Producers must check `enabled` before building an event, so a disabled bus
 * costs one property read per step and no allocation. Events are kept in memory in order; the
 * Lab drains them (`take`) and forwards them as `trace` events.
 */
import type { TraceEvent } from '../api/types';

export class TraceBus {
  /** The cheap off-switch: producers skip building events when false. */
  enabled = true;
  /** Recorded events since the last `take`, oldest first. */
  events: TraceEvent[] = [];
  /** At most this many events are kept; older ones are dropped first (a runaway guard). */
  limit = 1_000_000;
  private lastPacketId = 0;

  /** A fresh packet id (ids are allocated even while disabled, so they never depend on tracing). */
  newPacketId(): number {
    return ++this.lastPacketId;
  }

  emit(e: TraceEvent): void {
    if (!this.enabled) return;
    if (this.events.length >= this.limit) this.events.splice(0, this.events.length >> 1);
    this.events.push(e);
  }

  /** Remove and return everything recorded so far. */
  take(): TraceEvent[] {
    const out = this.events;
    this.events = [];
    return out;
  }
}
