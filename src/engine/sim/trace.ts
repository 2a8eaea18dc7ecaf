/**
 * The trace bus (architecture rule 3): every step the stack takes with a packet is one
 * {@link TraceEvent}. Producers must check `enabled` before building an event, so a disabled bus
 * costs one property read per step and no allocation. Events are kept in memory in order; the
 * Lab drains them (`take`) and forwards them as `trace` events.
 */
import type { TraceEvent } from '../api/types';

/** Size of the chunks `copyFrame` carves frame copies from. */
const FRAME_CHUNK = 64 * 1024;

export class TraceBus {
  /** The cheap off-switch: producers skip building events when false. */
  enabled = true;
  /** Recorded events since the last `take`, oldest first. */
  events: TraceEvent[] = [];
  /** At most this many events are kept; older ones are dropped first (a runaway guard). */
  limit = 1_000_000;
  private lastPacketId = 0;
  private chunk = new ArrayBuffer(FRAME_CHUNK);
  private chunkUsed = 0;

  /** A fresh packet id (ids are allocated even while disabled, so they never depend on tracing). */
  newPacketId(): number {
    return ++this.lastPacketId;
  }

  emit(e: TraceEvent): void {
    if (!this.enabled) return;
    if (this.events.length >= this.limit) this.events.splice(0, this.events.length >> 1);
    this.events.push(e);
  }

  /**
   * A copy of `frame` for an event. Copies are carved from shared chunks (a buffer of its own per
   * frame costs a native allocation each: most of the price of tracing a hop); `take` moves a
   * batch's frames into one buffer of their exact size, so a batch posted to the page carries
   * its frames' bytes and nothing more.
   */
  copyFrame(frame: Uint8Array): Uint8Array {
    const n = frame.length;
    if (n > FRAME_CHUNK >> 2) return frame.slice();
    if (this.chunkUsed + n > FRAME_CHUNK) {
      this.chunk = new ArrayBuffer(FRAME_CHUNK);
      this.chunkUsed = 0;
    }
    const copy = new Uint8Array(this.chunk, this.chunkUsed, n);
    copy.set(frame);
    this.chunkUsed += n;
    return copy;
  }

  /** Remove and return everything recorded so far, their frames packed into one buffer. */
  take(): TraceEvent[] {
    const out = this.events;
    this.events = [];
    let total = 0;
    for (const e of out) if (e.frame) total += e.frame.length;
    if (total === 0) return out;
    const packed = new Uint8Array(total);
    let at = 0;
    for (const e of out) {
      if (!e.frame) continue;
      const n = e.frame.length;
      packed.set(e.frame, at);
      e.frame = packed.subarray(at, at + n);
      at += n;
    }
    return out;
  }
}
