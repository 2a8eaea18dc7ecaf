/**
 * The Linux bridge data path (net/bridge/br_input.c, br_forward.c, br_fdb.c, br_device.c): FDB
 * learning on ingress with ageing (`ageing_time`, 300 s by default), forwarding to the learnt
 * port, flooding of broadcast, multicast and unknown unicast to every forwarding port but the
 * ingress one, and local delivery up the bridge device for its own MAC, its ports' MACs and
 * broadcast/multicast.
 *
 * Local entries (the bridge's and each port's MAC, `permanent`) are not stored: they are derived
 * from the devices, as they always match them. Left out: STP (ports forward as soon as they are
 * up), VLAN filtering, multicast snooping (multicast is flooded), hairpin mode, netfilter.
 */
import type { Micros } from '../sim/clock';
import type { NetDevice } from './device';
import { formatMac, type Mac } from './inet';
import {
  devXmit,
  frameDst,
  frameDstIsGroup,
  frameSrcMac,
  NETIF_RX_DELAY_US,
  netifDeliver,
  type PacketType,
} from './l2';
import { trace, traceDrop } from './trace';
import type { World } from './world';

/** A learnt (or `bridge fdb add`ed) forwarding entry. */
export interface FdbEntry {
  mac: Mac;
  port: NetDevice;
  /** Last time a frame from `mac` arrived on `port` (virtual time). */
  updated: Micros;
  /** Added by hand (`static`): never ages out. */
  isStatic: boolean;
}

/** One line of `bridge fdb show` (the bridge-owned part: learnt and local entries). */
export interface FdbInfo {
  mac: Mac;
  /** The port (or the bridge itself, for its own MAC). */
  dev: NetDevice;
  master: NetDevice;
  permanent: boolean;
  isStatic: boolean;
  /** Seconds since last seen (what `brctl showmacs` prints as the ageing timer). */
  ageSeconds: number;
}

function ageingUs(br: NetDevice): Micros {
  return (br.bridge?.ageingTime ?? 30000) * 10_000;
}

function fdbOf(br: NetDevice): Map<Mac, FdbEntry> {
  br.fdb ??= new Map();
  return br.fdb;
}

/** The port owning a local MAC, or the bridge itself; undefined when `mac` is not local. */
function localOwner(br: NetDevice, mac: Mac): NetDevice | undefined {
  if (mac === br.mac) return br;
  for (const p of br.bridge?.ports ?? []) if (p.mac === mac) return p;
  return undefined;
}

/** br_fdb_find with ageing applied: an expired entry is removed and not returned. */
export function fdbLookup(w: World, br: NetDevice, mac: Mac): FdbEntry | undefined {
  const fdb = br.fdb;
  const e = fdb?.get(mac);
  if (!e) return undefined;
  if (!e.isStatic && w.sched.now - e.updated > ageingUs(br)) {
    fdb?.delete(mac);
    return undefined;
  }
  if (e.port.master !== br) {
    fdb?.delete(mac);
    return undefined;
  }
  return e;
}

/** br_fdb_update: learn that `mac` lives behind `port`. */
function fdbLearn(w: World, br: NetDevice, port: NetDevice, mac: Mac, id: number): void {
  if (localOwner(br, mac)) return;
  const fdb = fdbOf(br);
  const e = fdb.get(mac);
  if (e && e.port === port) {
    e.updated = w.sched.now;
    return;
  }
  if (e?.isStatic) return;
  // New entries go first: the kernel's fdb list is newest-first.
  if (e) fdb.delete(mac);
  fdb.set(mac, { mac, port, updated: w.sched.now, isStatic: false });
  if (w.trace.enabled)
    trace(
      w,
      port,
      id,
      'bridge.fdb',
      'pass',
      `learned ${formatMac(mac)} on ${port.name}${e ? ` (moved from ${e.port.name})` : ''}`,
    );
}

function portForwarding(p: NetDevice): boolean {
  return p.adminUp && p.carrier;
}

function flood(
  w: World,
  br: NetDevice,
  ingress: NetDevice | undefined,
  frame: Uint8Array,
  id: number,
): void {
  if (!w.storm.allow(id, br.name, br.netns.machine.name)) {
    traceDrop(w, br, id, 'link', 'storm', 'looping frame (bridge loop without STP)');
    return;
  }
  if (w.trace.enabled)
    trace(
      w,
      br,
      id,
      'bridge.flood',
      'pass',
      `to all ports${ingress ? ` but ${ingress.name}` : ''}`,
    );
  for (const p of br.bridge?.ports ?? []) {
    if (p === ingress || !portForwarding(p)) continue;
    devXmit(w, p, frame, id);
  }
}

function forward(w: World, to: NetDevice, frame: Uint8Array, id: number): void {
  if (!w.storm.allow(id, to.master?.name ?? to.name, to.netns.machine.name)) {
    traceDrop(w, to, id, 'link', 'storm', 'looping frame (bridge loop without STP)');
    return;
  }
  if (w.trace.enabled)
    trace(w, to, id, 'bridge.forward', 'pass', `${formatMac(frameDst(frame))} via ${to.name}`);
  devXmit(w, to, frame, id);
}

/** br_pass_frame_up: deliver to the bridge device's own stack. */
function passUp(w: World, br: NetDevice, frame: Uint8Array, id: number, pkt: PacketType): void {
  br.stats.rxPackets++;
  br.stats.rxBytes += frame.length;
  trace(w, br, id, 'bridge.local_in', 'pass', pkt);
  w.sched.afterCall(NETIF_RX_DELAY_US, passedUp, w, br, frame, id, pkt);
}

function passedUp(w: World, br: NetDevice, frame: Uint8Array, id: number, pkt: PacketType): void {
  if (br.adminUp) netifDeliver(w, br, frame, id, pkt);
}

/** br_handle_frame + br_handle_frame_finish: a frame received on `port` of `br`. */
export function bridgeInput(
  w: World,
  br: NetDevice,
  port: NetDevice,
  frame: Uint8Array,
  id: number,
): void {
  if (!br.adminUp) {
    traceDrop(w, port, id, 'link', 'dev_down', `${br.name} is down (port disabled)`);
    return;
  }
  const src = frameSrcMac(frame);
  if ((Math.floor(src / 2 ** 40) & 1) === 1) {
    traceDrop(w, port, id, 'link', 'bridge_ingress', 'multicast source');
    return;
  }
  fdbLearn(w, br, port, src, id);
  if (frameDstIsGroup(frame)) {
    flood(w, br, port, frame, id);
    const pkt: PacketType = frameDst(frame) === 0xffffffffffff ? 'broadcast' : 'multicast';
    passUp(w, br, frame, id, pkt);
    return;
  }
  const dst = frameDst(frame);
  if (localOwner(br, dst)) {
    passUp(w, br, frame, id, 'host');
    return;
  }
  const e = fdbLookup(w, br, dst);
  if (!e) {
    flood(w, br, port, frame, id);
    return;
  }
  if (e.port === port) {
    traceDrop(
      w,
      port,
      id,
      'link',
      'bridge_ingress',
      `${formatMac(dst)} is behind the ingress port`,
    );
    return;
  }
  if (!portForwarding(e.port)) {
    traceDrop(w, e.port, id, 'link', 'dev_down');
    return;
  }
  forward(w, e.port, frame, id);
}

/** br_dev_xmit: the host's own frame sent out of the bridge device. */
export function bridgeXmit(w: World, br: NetDevice, frame: Uint8Array, id: number): void {
  if (frameDstIsGroup(frame)) {
    flood(w, br, undefined, frame, id);
    return;
  }
  const dst = frameDst(frame);
  const e = fdbLookup(w, br, dst);
  if (e && portForwarding(e.port)) {
    forward(w, e.port, frame, id);
    return;
  }
  if (localOwner(br, dst)) {
    passUp(w, br, frame, id, 'host');
    return;
  }
  flood(w, br, undefined, frame, id);
}

/**
 * The bridge's part of `bridge fdb show`, in the kernel's dump order: per device in ifindex
 * order, the bridge's own MAC (on the bridge), then for each port its learnt entries (newest
 * first) and its own MAC. Expired entries are dropped first.
 */
export function fdbList(w: World, br: NetDevice): FdbInfo[] {
  const b = br.bridge;
  if (!b) return [];
  const now = w.sched.now;
  const fdb = br.fdb ?? new Map<Mac, FdbEntry>();
  for (const mac of [...fdb.keys()]) fdbLookup(w, br, mac);
  const out: FdbInfo[] = [
    { mac: br.mac, dev: br, master: br, permanent: true, isStatic: false, ageSeconds: 0 },
  ];
  const ports = [...b.ports].sort((x, y) => x.ifindex - y.ifindex);
  const learnt = [...fdb.values()].reverse();
  for (const p of ports) {
    for (const e of learnt) {
      if (e.port !== p) continue;
      out.push({
        mac: e.mac,
        dev: p,
        master: br,
        permanent: false,
        isStatic: e.isStatic,
        ageSeconds: (now - e.updated) / 1e6,
      });
    }
    out.push({ mac: p.mac, dev: p, master: br, permanent: true, isStatic: false, ageSeconds: 0 });
  }
  return out;
}
