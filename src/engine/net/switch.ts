/**
 * A segment forwards frames between the NICs cabled to it as an ideal learning switch: it learns
 * source MACs per port (ageing 300 s, like a bridge), sends known unicast to one port and floods
 * broadcast, multicast and unknown unicast to every other port. Each frame spends
 * {@link SEGMENT_DELAY_US} on the wire. A port is a (machine, interface name) pair; the frame is
 * received by the NIC of that name on the machine (in whichever of its namespaces it is).
 * Left out: link speed and serialisation delay, queueing, loss, VLANs, STP.
 */
import type { NetDevice } from '../kernel/device';
import { devRx, frameDst, frameDstIsGroup, frameSrcMac } from '../kernel/l2';
import { trace, traceDrop } from '../kernel/trace';
import type { World } from '../kernel/world';
import type { Micros } from '../sim/clock';
import type { Port, Segment } from './segment';

/** Virtual propagation delay of a segment. */
export const SEGMENT_DELAY_US: Micros = 20;
/** MAC table ageing, as a bridge's default ageing_time. */
export const SWITCH_AGEING_US: Micros = 300_000_000;

type Cabled = { seg: Segment; port: Port };

/**
 * Every port by machine and interface name, as of a world version: cables only change through
 * the world's methods, which all bump `version` (perf only: a NIC's transmit looks here).
 */
const cableIndex = new WeakMap<
  World,
  { version: number; ports: Map<string, Map<string, Cabled>> }
>();

/** The segment a machine's interface is cabled to, and its port there. */
export function segmentOf(w: World, machine: string, ifname: string): Cabled | undefined {
  let index = cableIndex.get(w);
  if (index === undefined || index.version !== w.version) {
    index = { version: w.version, ports: new Map() };
    // Reversed, so that the first segment holding a port wins, as a scan in order would find.
    for (const seg of [...w.segments.values()].reverse()) {
      for (const port of [...seg.ports].reverse()) {
        let byName = index.ports.get(port.machine);
        if (byName === undefined) {
          byName = new Map();
          index.ports.set(port.machine, byName);
        }
        byName.set(port.ifname, { seg, port });
      }
    }
    cableIndex.set(w, index);
  }
  return index.ports.get(machine)?.get(ifname);
}

/** The NIC at the other end of a cable, if it still exists. */
export function portDevice(w: World, port: Port): NetDevice | undefined {
  return w.machines.get(port.machine)?.deviceNamed(port.ifname, 'nic');
}

function deliver(w: World, port: Port, frame: Uint8Array, id: number): void {
  w.sched.afterCall(SEGMENT_DELAY_US, arrive, w, port, frame, id);
}

/** The frame reaches the NIC at `port`, if it is still there. */
function arrive(w: World, port: Port, frame: Uint8Array, id: number): void {
  const dev = portDevice(w, port);
  if (dev) devRx(w, dev, frame, id);
}

/** A NIC transmits: the frame enters its segment. */
export function segmentXmit(w: World, dev: NetDevice, frame: Uint8Array, id: number): void {
  const at = segmentOf(w, dev.netns.machine.name, dev.name);
  if (!at) {
    traceDrop(w, dev, id, 'link', 'segment_unplugged');
    return;
  }
  const { seg, port } = at;
  const now = w.sched.now;
  const src = frameSrcMac(frame);
  if (!((Math.floor(src / 2 ** 40) & 1) === 1)) seg.macTable.set(src, { port, updated: now });
  if (!frameDstIsGroup(frame)) {
    const known = seg.macTable.get(frameDst(frame));
    if (known && now - known.updated <= SWITCH_AGEING_US && seg.ports.includes(known.port)) {
      if (known.port === port) {
        traceDrop(
          w,
          dev,
          id,
          'link',
          'bridge_ingress',
          `segment ${seg.name}: destination behind the sender`,
        );
        return;
      }
      if (w.trace.enabled)
        trace(
          w,
          dev,
          id,
          'segment.forward',
          'pass',
          `segment ${seg.name} to ${known.port.machine} ${known.port.ifname}`,
        );
      deliver(w, known.port, frame, id);
      return;
    }
  }
  if (w.trace.enabled) trace(w, dev, id, 'segment.forward', 'pass', `segment ${seg.name} floods`);
  for (const p of seg.ports) if (p !== port) deliver(w, p, frame, id);
}
