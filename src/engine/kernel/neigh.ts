/**
 * The IPv4 neighbour table (net/core/neighbour.c with arp_tbl, net/ipv4/arp.c): one per
 * namespace, entries keyed by (device, address), NUD states and their timers, the queue of
 * packets waiting for resolution, and the netlink-shaped calls `ip neigh` makes.
 *
 * Heads up: read RFC 1122 section 2.3.2 (ARP cache validation) and the NUD state machine in
 * neighbour.c (`neigh_timer_handler`, `__neigh_event_send`, `__neigh_update`) before changing
 * states. Defaults are the kernel's: ucast_solicit 3, mcast_solicit 3, app_solicit 0,
 * retrans_time 1 s, base_reachable_time 30 s (each table draws its reachable_time in
 * [base/2, 3·base/2) from the machine's rng), delay_first_probe_time 5 s, locktime 1 s,
 * unres_qlen_bytes 212992 (the oldest queued packet is dropped when a new one does not fit).
 * Per-device overrides are read from the sysctls `net.ipv4.neigh.DEV.NAME`.
 *
 * Left out: garbage collection (gc_thresh*, gc_stale_time: entries are never reaped), the
 * periodic re-draw of reachable_time, app_solicit (arpd), mcast_resolicit, IPv6.
 */

import type { Micros } from '../sim/clock';
import type { TimerId } from '../sim/scheduler';
import { MAC_BROADCAST } from '../wire';
import { arpSolicit } from './arp';
import type { NetDevice } from './device';
import { type KResult, kerr, kok } from './errors';
import { icmpLinkFailure } from './icmp';
import { formatIpv4, formatMac, type Ipv4, type Mac } from './inet';
import { wheelExpiry } from './jiffies';
import { devXmit, putMac, readU32 } from './l2';
import type { Netns } from './netns';
import { trace, traceDrop } from './trace';
import type { World } from './world';

export type NudState =
  | 'INCOMPLETE'
  | 'REACHABLE'
  | 'STALE'
  | 'DELAY'
  | 'PROBE'
  | 'FAILED'
  | 'NOARP'
  | 'PERMANENT';

/** States in which the link-layer address may be used without resolving (NUD_VALID). */
const VALID: ReadonlySet<NudState> = new Set([
  'REACHABLE',
  'STALE',
  'DELAY',
  'PROBE',
  'NOARP',
  'PERMANENT',
]);

interface Queued {
  frame: Uint8Array;
  id: number;
  truesize: number;
}

export interface NeighEntry {
  readonly dev: NetDevice;
  readonly addr: Ipv4;
  lladdr: Mac | undefined;
  state: NudState;
  /** ARP probes sent in the current resolution (the kernel's `neigh->probes`). */
  probes: number;
  /** Last state change, last confirmation of reachability, last use (virtual time). */
  updated: Micros;
  confirmed: Micros;
  used: Micros;
  queue: Queued[];
  queueBytes: number;
  timer: TimerId | undefined;
  /** Source address for ARP probes: the source of the packet that started the resolution. */
  probeSrc: Ipv4 | undefined;
  /** NTF_ROUTER: only ever set by hand (`ip neigh add … router`) for IPv4. */
  router?: boolean;
}

/** What `ip neigh` lists for an entry. */
export interface NeighInfo {
  dev: NetDevice;
  addr: Ipv4;
  lladdr: Mac | undefined;
  state: NudState;
  /** NTF_ROUTER: for IPv4 only when set by hand. */
  router: boolean;
}

export const NEIGH_DEFAULTS = {
  ucast_solicit: 3,
  mcast_solicit: 3,
  app_solicit: 0,
  mcast_resolicit: 0,
  retrans_time_ms: 1000,
  base_reachable_time_ms: 30_000,
  delay_first_probe_time: 5,
  locktime: 100,
  unres_qlen_bytes: 212_992,
  proxy_delay: 80,
} as const;
export type NeighParam = keyof typeof NEIGH_DEFAULTS;

/** A neighbour parameter of `dev`: `net.ipv4.neigh.DEV.NAME`, else `…default.NAME`, else the default. */
export function neighParam(dev: NetDevice, name: NeighParam): number {
  const sysctl = dev.netns.sysctl;
  const v =
    sysctl.get(`net.ipv4.neigh.${dev.name}.${name}`) ??
    sysctl.get(`net.ipv4.neigh.default.${name}`);
  return v === undefined ? NEIGH_DEFAULTS[name] : Number(v);
}

export class NeighTable {
  private readonly ns: Netns;
  private readonly byDev = new Map<NetDevice, Map<Ipv4, NeighEntry>>();
  /** Every entry in creation order (the listing order). */
  private readonly all = new Set<NeighEntry>();
  /** reachable_time, drawn on first use (neigh_rand_reach_time). */
  private reachable: Micros | undefined;

  constructor(ns: Netns) {
    this.ns = ns;
  }

  lookup(dev: NetDevice, addr: Ipv4): NeighEntry | undefined {
    return this.byDev.get(dev)?.get(addr);
  }

  /** The entry for (dev, addr), created in state FAILED-without-history ("NONE") if missing. */
  create(dev: NetDevice, addr: Ipv4, now: Micros): NeighEntry {
    let m = this.byDev.get(dev);
    if (!m) {
      m = new Map();
      this.byDev.set(dev, m);
    }
    let e = m.get(addr);
    if (!e) {
      e = {
        dev,
        addr,
        lladdr: undefined,
        state: 'FAILED',
        probes: 0,
        updated: now,
        confirmed: now - 1,
        used: now,
        queue: [],
        queueBytes: 0,
        timer: undefined,
        probeSrc: undefined,
      };
      m.set(addr, e);
      this.all.add(e);
    }
    return e;
  }

  remove(e: NeighEntry): void {
    this.byDev.get(e.dev)?.delete(e.addr);
    this.all.delete(e);
  }

  /** Entries of devices still in this namespace, in creation order. */
  entries(): NeighEntry[] {
    const out: NeighEntry[] = [];
    for (const e of this.all) {
      if (e.dev.netns === this.ns && this.ns.byIndex(e.dev.ifindex) === e.dev) out.push(e);
    }
    return out;
  }

  reachableTime(dev: NetDevice): Micros {
    if (this.reachable === undefined) {
      const base = neighParam(dev, 'base_reachable_time_ms') * 1000;
      this.reachable = Math.floor(base / 2) + this.ns.machine.rng.below(Math.max(1, base));
    }
    return this.reachable;
  }
}

/** A packet's approximate skb->truesize (what unres_qlen_bytes counts). */
function truesize(len: number): number {
  let data = 512;
  while (data < len + 384) data *= 2;
  return data + 256;
}

function setTimer(w: World, e: NeighEntry, at: Micros): void {
  if (e.timer !== undefined) w.sched.cancel(e.timer);
  e.timer = w.sched.at(at, () => {
    e.timer = undefined;
    neighTimer(w, e);
  });
}

function clearTimer(w: World, e: NeighEntry): void {
  if (e.timer !== undefined) w.sched.cancel(e.timer);
  e.timer = undefined;
}

function setState(w: World, e: NeighEntry, state: NudState, id = 0): void {
  if (e.state === state) return;
  const from = e.state;
  e.state = state;
  e.updated = w.sched.now;
  if (w.trace.enabled)
    trace(w, e.dev, id, 'neigh.state', 'pass', `${formatIpv4(e.addr)} ${from} -> ${state}`);
}

function maxProbes(e: NeighEntry): number {
  const d = e.dev;
  const mcast =
    e.state === 'PROBE' ? neighParam(d, 'mcast_resolicit') : neighParam(d, 'mcast_solicit');
  return neighParam(d, 'ucast_solicit') + neighParam(d, 'app_solicit') + mcast;
}

/** neigh_probe: one ARP request, unicast while the kernel still trusts the old address. */
function probe(w: World, e: NeighEntry): void {
  const unicast = e.probes < neighParam(e.dev, 'ucast_solicit') && e.lladdr !== undefined;
  arpSolicit(w, e.dev, e.addr, e.probeSrc, unicast ? (e.lladdr as Mac) : undefined);
  e.probes++;
}

/** neigh_timer_handler. */
function neighTimer(w: World, e: NeighEntry): void {
  const now = w.sched.now;
  const d = e.dev;
  switch (e.state) {
    case 'REACHABLE': {
      const rt = e.dev.netns.neigh.reachableTime(d);
      if (now < e.confirmed + rt) {
        setTimer(w, e, wheelExpiry(now, e.confirmed + rt - now));
      } else if (now < e.used + neighParam(d, 'delay_first_probe_time') * 1_000_000) {
        setState(w, e, 'DELAY');
        setTimer(
          w,
          e,
          wheelExpiry(now, e.used + neighParam(d, 'delay_first_probe_time') * 1_000_000 - now),
        );
      } else {
        setState(w, e, 'STALE');
      }
      return;
    }
    case 'DELAY': {
      const delay = neighParam(d, 'delay_first_probe_time') * 1_000_000;
      if (now < e.confirmed + delay) {
        setState(w, e, 'REACHABLE');
        setTimer(w, e, wheelExpiry(now, e.confirmed + e.dev.netns.neigh.reachableTime(d) - now));
        return;
      }
      setState(w, e, 'PROBE');
      e.probes = 0;
      break;
    }
    case 'INCOMPLETE':
    case 'PROBE':
      break;
    default:
      return;
  }
  if (e.probes >= maxProbes(e)) {
    setState(w, e, 'FAILED');
    neighInvalidate(w, e);
    return;
  }
  setTimer(w, e, wheelExpiry(now, Math.max(neighParam(d, 'retrans_time_ms') * 1000, 10_000)));
  probe(w, e);
}

/** neigh_invalidate: every queued packet is dropped and its sender told "host unreachable". */
function neighInvalidate(w: World, e: NeighEntry): void {
  const queued = e.queue;
  e.queue = [];
  e.queueBytes = 0;
  for (const q of queued) {
    traceDrop(w, e.dev, q.id, 'link', 'neigh_failed', formatIpv4(e.addr));
    icmpLinkFailure(w, e.dev.netns, q.frame.subarray(14), q.id);
  }
}

/**
 * neigh_resolve_output: send `frame` (an Ethernet frame whose destination MAC is still to be
 * filled) to `nexthop` on `dev`, resolving it first if needed.
 */
export function neighOutput(
  w: World,
  dev: NetDevice,
  nexthop: Ipv4,
  frame: Uint8Array,
  id: number,
): void {
  const ns = dev.netns;
  const now = w.sched.now;
  const e = ns.neigh.create(dev, nexthop, now);
  e.used = now;
  if (dev.noArpSet && e.state !== 'PERMANENT' && e.state !== 'NOARP') {
    // arp_constructor on an IFF_NOARP device: no resolution; frames go to the device's own MAC.
    e.lladdr = dev.mac;
    setState(w, e, 'NOARP', id);
  }
  if (e.state === 'FAILED' && e.lladdr === undefined && isBroadcastFor(dev, nexthop)) {
    e.lladdr = MAC_BROADCAST;
    setState(w, e, 'NOARP', id);
  }
  switch (e.state) {
    case 'PERMANENT':
    case 'NOARP':
    case 'REACHABLE':
    case 'DELAY':
    case 'PROBE':
      connectedOutput(w, e, frame, id);
      return;
    case 'STALE':
      setState(w, e, 'DELAY', id);
      setTimer(w, e, wheelExpiry(now, neighParam(dev, 'delay_first_probe_time') * 1_000_000));
      connectedOutput(w, e, frame, id);
      return;
    case 'INCOMPLETE':
      enqueue(w, e, frame, id);
      return;
    case 'FAILED': {
      // __neigh_event_send from NONE/FAILED: start resolving with one immediate probe.
      e.probes = neighParam(dev, 'ucast_solicit');
      e.probeSrc = readU32(frame, 26);
      setState(w, e, 'INCOMPLETE', id);
      enqueue(w, e, frame, id);
      setTimer(w, e, wheelExpiry(now, Math.max(neighParam(dev, 'retrans_time_ms') * 1000, 10_000)));
      probe(w, e);
      return;
    }
  }
}

function isBroadcastFor(dev: NetDevice, addr: Ipv4): boolean {
  if (addr === 0xffffffff) return true;
  for (const a of dev.addrs) {
    if (
      a.len < 31 &&
      (addr | (0xffffffff >>> a.len)) >>> 0 === addr &&
      (addr ^ a.addr) >>> (32 - a.len) === 0
    ) {
      return true;
    }
  }
  return false;
}

function enqueue(w: World, e: NeighEntry, frame: Uint8Array, id: number): void {
  const size = truesize(frame.length);
  const limit = neighParam(e.dev, 'unres_qlen_bytes');
  while (e.queue.length > 0 && e.queueBytes + size > limit) {
    const old = e.queue.shift() as Queued;
    e.queueBytes -= old.truesize;
    traceDrop(w, e.dev, old.id, 'link', 'neigh_queuefull', formatIpv4(e.addr));
  }
  e.queue.push({ frame, id, truesize: size });
  e.queueBytes += size;
  if (w.trace.enabled)
    trace(
      w,
      e.dev,
      id,
      'neigh.resolve',
      'consume',
      `queued for ${formatIpv4(e.addr)} (INCOMPLETE)`,
    );
}

function connectedOutput(w: World, e: NeighEntry, frame: Uint8Array, id: number): void {
  const mac = e.lladdr as Mac;
  putMac(frame, 0, mac);
  if (w.trace.enabled)
    trace(
      w,
      e.dev,
      id,
      'neigh.resolve',
      'pass',
      `${formatIpv4(e.addr)} is ${formatMac(mac)} (${e.state})`,
    );
  devXmit(w, e.dev, frame, id);
}

export interface NeighUpdateFlags {
  /** NEIGH_UPDATE_F_OVERRIDE: a different lladdr replaces the old one. */
  override: boolean;
  /** NEIGH_UPDATE_F_ADMIN: an `ip neigh` request (may touch PERMANENT/NOARP entries). */
  admin?: boolean;
}

/**
 * __neigh_update: a new link-layer address and/or state from ARP or from `ip neigh`. A
 * resolution in progress completes (queued packets are sent); a known entry is only moved to a
 * weaker state when its address changes.
 */
export function neighUpdate(
  w: World,
  e: NeighEntry,
  lladdr: Mac | undefined,
  state: NudState,
  flags: NeighUpdateFlags,
  id = 0,
): void {
  const now = w.sched.now;
  const old = e.state;
  if (!flags.admin && (old === 'PERMANENT' || old === 'NOARP')) return;
  if (state === 'FAILED' || (!VALID.has(state) && state !== 'INCOMPLETE')) {
    clearTimer(w, e);
    setState(w, e, state, id);
    if (state === 'FAILED') neighInvalidate(w, e);
    return;
  }
  let addr = lladdr ?? e.lladdr;
  if (addr === undefined) return;
  let newState = state;
  if (VALID.has(old) && e.lladdr !== undefined && lladdr !== undefined && lladdr !== e.lladdr) {
    if (!flags.override) {
      // Keep the old address; a connected entry just becomes suspect.
      if (old === 'REACHABLE') setState(w, e, 'STALE', id);
      return;
    }
  } else if (VALID.has(old) && (e.lladdr === addr || lladdr === undefined)) {
    addr = e.lladdr ?? addr;
    // Same address: an unconfirmed hint (STALE) does not downgrade a better state.
    if (newState === 'STALE' && old !== 'FAILED' && !flags.admin) newState = old;
  }
  e.lladdr = addr;
  if (newState === 'REACHABLE') e.confirmed = now;
  clearTimer(w, e);
  setState(w, e, newState, id);
  if (newState === 'REACHABLE') {
    setTimer(w, e, wheelExpiry(now, e.dev.netns.neigh.reachableTime(e.dev)));
  } else if (newState === 'DELAY' || newState === 'PROBE') {
    setTimer(w, e, wheelExpiry(now, neighParam(e.dev, 'retrans_time_ms') * 1000));
  }
  if (e.queue.length > 0 && VALID.has(newState)) {
    const queued = e.queue;
    e.queue = [];
    e.queueBytes = 0;
    for (const q of queued) connectedOutput(w, e, q.frame, q.id);
  }
}

/** neigh_event_ns: a hint from a received ARP (the sender's address), creating the entry. */
export function neighEventNs(
  w: World,
  dev: NetDevice,
  addr: Ipv4,
  lladdr: Mac,
  id: number,
): NeighEntry {
  const e = dev.netns.neigh.create(dev, addr, w.sched.now);
  neighUpdate(w, e, lladdr, 'STALE', { override: true }, id);
  return e;
}

// -- the `ip neigh` interface (RTM_NEWNEIGH / RTM_DELNEIGH / RTM_GETNEIGH) ---------------------

/** Entries as `ip neigh show` dumps them (devices still present, creation order). */
export function neighList(ns: Netns): NeighInfo[] {
  return ns.neigh.entries().map((e) => ({
    dev: e.dev,
    addr: e.addr,
    lladdr: e.lladdr,
    state: e.state,
    router: e.router === true,
  }));
}

export interface NeighRequest {
  dev: NetDevice;
  addr: Ipv4;
  lladdr?: Mac;
  /** The `nud` given; iproute2 sends PERMANENT when none is. */
  state: NudState;
  /** NTF_ROUTER (`ip neigh add … router`). */
  router?: boolean;
}

/**
 * RTM_NEWNEIGH. `add` = NLM_F_CREATE|NLM_F_EXCL (EEXIST when present), `replace` =
 * NLM_F_CREATE|NLM_F_REPLACE, `change` = NLM_F_REPLACE (ENOENT when absent).
 */
export function neighAdd(
  w: World,
  ns: Netns,
  req: NeighRequest,
  mode: 'add' | 'replace' | 'change',
): KResult {
  if (req.dev.netns !== ns) return kerr('ENODEV');
  const existing = ns.neigh.lookup(req.dev, req.addr);
  if (existing && mode === 'add') return kerr('EEXIST');
  if (!existing && mode === 'change') return kerr('ENOENT');
  if (
    req.lladdr === undefined &&
    (req.state === 'PERMANENT' || req.state === 'NOARP') &&
    !existing?.lladdr
  ) {
    return kerr('EINVAL');
  }
  const e = existing ?? ns.neigh.create(req.dev, req.addr, w.sched.now);
  if (e.state === 'INCOMPLETE' && !existing) e.state = 'FAILED';
  neighUpdate(w, e, req.lladdr, req.state, { override: true, admin: true });
  if (req.router !== undefined) e.router = req.router;
  return kok(undefined);
}

/** RTM_DELNEIGH. */
export function neighDel(w: World, ns: Netns, dev: NetDevice, addr: Ipv4): KResult {
  const e = ns.neigh.lookup(dev, addr);
  if (!e || dev.netns !== ns) return kerr('ENOENT');
  clearTimer(w, e);
  neighInvalidate(w, e);
  ns.neigh.remove(e);
  return kok(undefined);
}

/**
 * neigh_ifdown: a device went down, left the namespace or was deleted: its entries (permanent
 * ones too) go and their queued packets are dropped. rtnl should call this on those events.
 */
export function neighIfDown(w: World, dev: NetDevice): void {
  const ns = dev.netns;
  for (const e of ns.neigh.entries()) {
    if (e.dev !== dev) continue;
    clearTimer(w, e);
    for (const q of e.queue) traceDrop(w, dev, q.id, 'link', 'dev_down');
    e.queue = [];
    ns.neigh.remove(e);
  }
}
