/**
 * What the canvas and the packet inspector need to know about one step of a flow, derived from
 * the recorded events alone: where the packet is (a device chip, or its namespace when no device
 * is involved), where it was one step before, the frame it had, and the lookups that decided
 * this step.
 */
import type { TraceEvent } from '../../engine/api/types';
import { netnsBoxId } from '../canvas/flow-mapping';

/** The canvas id of the device an event happened at (`dev:<machine>:<netns|->:<name>`). */
export function deviceIdOf(e: TraceEvent): string | null {
  return e.device ? `dev:${e.machine}:${e.netns === '' ? '-' : e.netns}:${e.device}` : null;
}

/** Where a step is drawn: its device chip, else its namespace box. */
export function placeOf(e: TraceEvent): string {
  return deviceIdOf(e) ?? netnsBoxId(e.machine, e.netns === '' ? null : e.netns);
}

/** Hooks whose detail explains a forwarding decision (shown as "the lookup" of a step). */
const LOOKUP_HOOKS =
  /^(route\.|ip\.forward|neigh\.resolve|bridge\.fdb|bridge\.flood|bridge\.forward|netfilter\.|vxlan\.fdb|arp\.proxy)/;

export function isLookup(e: TraceEvent): boolean {
  return LOOKUP_HOOKS.test(e.hook);
}

/** Index of the last step at or before `step` that carries a frame of the same packet. */
export function frameStepOf(events: readonly TraceEvent[], step: number): number {
  const e = events[step];
  if (!e) return -1;
  for (let i = step; i >= 0; i--) {
    const x = events[i];
    if (x.packetId === e.packetId && x.frame) return i;
  }
  return -1;
}

/**
 * The frame to compare with: the previous frame on the same leg (the same packet, the packet it
 * encapsulates, or the one it was decapsulated from).
 */
export function previousFrameStep(
  events: readonly TraceEvent[],
  step: number,
  legOf: ReadonlyMap<number, number>,
): number {
  const e = events[step];
  if (!e) return -1;
  const leg = legOf.get(e.packetId) ?? e.packetId;
  for (let i = step - 1; i >= 0; i--) {
    const x = events[i];
    if (x.frame && (legOf.get(x.packetId) ?? x.packetId) === leg) return i;
  }
  return -1;
}

/**
 * The lookups that led to this step: the route, neighbour, bridge, netfilter and VXLAN FDB
 * decisions taken for this packet since its previous frame (or, on a lookup step, itself).
 */
export function lookupsBefore(events: readonly TraceEvent[], step: number): TraceEvent[] {
  const e = events[step];
  if (!e) return [];
  const out: TraceEvent[] = [];
  for (let i = step; i >= 0; i--) {
    const x = events[i];
    if (x.packetId !== e.packetId) continue;
    if (i < step && x.frame) break;
    if (isLookup(x)) out.push(x);
  }
  return out.reverse();
}

/** Index of the located step the packet was at before `step` (a different place), or -1. */
export function previousPlaceStep(events: readonly TraceEvent[], step: number): number {
  const e = events[step];
  if (!e) return -1;
  const here = placeOf(e);
  for (let i = step - 1; i >= 0; i--) {
    if (events[i].packetId !== e.packetId && !isSameChain(events, i, step)) continue;
    return placeOf(events[i]) === here ? -1 : i;
  }
  return -1;
}

/** Is the event at `i` on the same packet chain as the one at `j` (parent or child)? */
function isSameChain(events: readonly TraceEvent[], i: number, j: number): boolean {
  const a = events[i];
  const b = events[j];
  return b.parentId === a.packetId || a.parentId === b.packetId;
}
