/**
 * Root queueing disciplines (net/sched/sch_api.c, sch_generic.c) and the one a user can attach
 * here: netem (net/sched/sch_netem.c, Linux 6.18). What `tc qdisc` calls, and what devXmit
 * (kernel/l2.ts) hands a frame to when a device has a root qdisc.
 *
 * Default qdiscs are not objects: a device that was never up has `noop` (hidden from dumps, as
 * TCQ_F_BUILTIN qdiscs are), then `noqueue` (lo, veth, bridge, vxlan, dummy: IFF_NO_QUEUE),
 * `pfifo_fast` (tun) or `fq_codel` (nic). Their handle is 0: they cannot be deleted.
 *
 * netem as the kernel runs it:
 * - enqueue: loss first (`loss >= get_crandom()`, u32 probabilities, correlation as
 *   get_crandom's `(value·(2³²−ρ) + last·ρ) >> 32`), then the `limit` check on the packets
 *   already held, then time_to_send = now + tabledist(latency, jitter) — uniform in
 *   [latency − jitter, latency + jitter) — and with `rate`, serialisation: the delay is counted
 *   from the last queued packet's time_to_send and the packet's own transmission time
 *   (len·10⁹/rate ns, len = the frame as the qdisc sees it, no FCS) is added.
 * - the queue (tfifo) is kept in time_to_send order, so frames leave in that order: with jitter
 *   larger than the gap between packets (and no rate), later packets overtake earlier ones —
 *   the reordering real netem shows. Ties keep arrival order.
 * - dequeue: every frame whose time has come goes to the driver (the rest of devXmit: device
 *   counters, captures, the veth peer or the segment); the watchdog is one scheduler timer at
 *   the head's time (rounded up to the virtual clock's microsecond).
 * - a loss drop counts in `dropped` but the sender sees success (NET_XMIT_SUCCESS |
 *   __NET_XMIT_BYPASS); `Sent` counts at dequeue. The randomness is the qdisc's own PCG32
 *   stream seeded from the machine's rng at creation (the kernel seeds each netem's prng with
 *   get_random_u64()), so traffic through one netem never shifts MACs or ports elsewhere.
 * - `change` (and `replace` of the same kind) keeps what the request does not carry: rate and
 *   correlations survive `tc qdisc change … netem delay 50ms` (netem_change applies
 *   TCA_NETEM_RATE/CORR only when present).
 *
 * Left out: duplicate, corrupt, reorder/gap, slot, ecn, the GI/GE loss models, delay
 * distribution tables, child qdiscs, ingress, classes and filters; a limit-exceeded drop is not
 * reported back to the sending socket (ENOBUFS); the auto-handle counter is per machine and
 * restarts after the highest handle in use (the kernel's is one static counter that never goes
 * back).
 */

import { Rng } from '../sim/rng';
import type { TimerId } from '../sim/scheduler';
import type { NetDevice } from './device';
import { type KResult, kerr, kok } from './errors';
import { devHardXmit } from './l2';
import type { Netns } from './netns';
import { trace, traceDrop } from './trace';
import type { World } from './world';

/** TC_H_ROOT. */
export const TC_H_ROOT = 0xffffffff;
/** First automatic handle (qdisc_alloc_handle's 0x8000 major, pre-incremented). */
const AUTOHANDLE_FIRST = 0x8001_0000;
/** PSCHED_SHIFT: a psched tick is 64 ns. */
const PSCHED_SHIFT = 6;
const U32 = 0x1_0000_0000;
const INT_MAX = 0x7fffffff;

/** What `tc` puts in TCA_OPTIONS for netem (struct tc_netem_qopt) and the optional nests. */
export interface NetemRequest {
  limit: number;
  /** psched ticks. */
  latency: number;
  jitter: number;
  /** Probabilities scaled to u32 (percent · UINT32_MAX). */
  loss: number;
  /** TCA_NETEM_CORR, present when any correlation was given. */
  corr?: { delay: number; loss: number; dup: number };
  /** TCA_NETEM_RATE: bytes per second. */
  rate?: { rate: number; packetOverhead: number; cellSize: number; cellOverhead: number };
}

/** netem's live parameters (struct netem_sched_data, the parts modelled). */
export interface NetemParams {
  limit: number;
  latencyNs: number;
  jitterNs: number;
  loss: number;
  delayCorr: number;
  lossCorr: number;
  dupCorr: number;
  /** Bytes per second; 0 = no rate. */
  rate: number;
  packetOverhead: number;
  cellSize: number;
  cellOverhead: number;
}

interface HeldFrame {
  frame: Uint8Array;
  id: number;
  /** Nanoseconds of virtual time. */
  timeToSend: number;
  enqueuedAt: number;
}

/** gnet_stats_basic + gnet_stats_queue as `tc -s` prints them. */
export interface QdiscStats {
  bytes: number;
  packets: number;
  drops: number;
  overlimits: number;
  requeues: number;
}

/** A root qdisc a user attached (only netem is simulated). */
export interface Qdisc {
  kind: 'netem';
  /** Major number << 16 (`8001:` is 0x80010000). */
  handle: number;
  params: NetemParams;
  stats: QdiscStats;
  /** The tfifo, in time_to_send order. */
  queue: HeldFrame[];
  backlog: number;
  rng: Rng;
  delayLast: number;
  lossLast: number;
  timer: TimerId | undefined;
  timerAt: number;
}

/** What a dump reports for a device's root qdisc. */
export interface QdiscInfo {
  kind: string;
  handle: number;
  refcnt: number;
  /** Set for netem. */
  netem?: NetemParams;
  stats: QdiscStats;
  backlog: number;
  qlen: number;
}

/** The default qdisc the kernel attaches to `dev` (attach_default_qdiscs), or noop. */
export function defaultQdiscKind(dev: NetDevice): 'noop' | 'noqueue' | 'pfifo_fast' | 'fq_codel' {
  if (!dev.everUp) return 'noop';
  if (dev.kind === 'nic') return 'fq_codel';
  // tun has no IFF_NO_QUEUE: it gets the default qdisc, pfifo_fast on the reference kernel.
  if (dev.kind === 'tun') return 'pfifo_fast';
  return 'noqueue';
}

/** dev->num_tx_queues: a veth gets one per possible CPU (2 on the reference machine). */
function numTxQueues(dev: NetDevice): number {
  return dev.kind === 'veth' ? 2 : 1;
}

/** The root qdisc of `dev` as RTM_GETQDISC dumps it; undefined for noop (never dumped). */
export function qdiscInfo(dev: NetDevice): QdiscInfo | undefined {
  const q = dev.qdiscRoot;
  if (q) {
    return {
      kind: q.kind,
      handle: q.handle,
      // qdisc_graft takes one reference per tx queue plus dev->qdisc's (no ->attach).
      refcnt: numTxQueues(dev) + 1,
      netem: q.params,
      stats: { ...q.stats },
      backlog: q.backlog,
      qlen: q.queue.length,
    };
  }
  const kind = defaultQdiscKind(dev);
  if (kind === 'noop') return undefined;
  // A default queue passes what the device sends (counted since creation, not since this
  // qdisc was attached); noqueue has no queue to count in.
  const counts = kind !== 'noqueue';
  return {
    kind,
    handle: 0,
    refcnt: 2,
    stats: {
      bytes: counts ? dev.stats.txBytes : 0,
      packets: counts ? dev.stats.txPackets : 0,
      drops: 0,
      overlimits: 0,
      requeues: 0,
    },
    backlog: 0,
    qlen: 0,
  };
}

export type QdiscVerb = 'add' | 'change' | 'replace';

export interface QdiscModifyRequest {
  verb: QdiscVerb;
  /** tcm_parent: TC_H_ROOT or 0 (none given). */
  parent: number;
  /** tcm_handle: major << 16, or 0. */
  handle: number;
  /** TCA_KIND, if given. */
  kind?: string;
  netem?: NetemRequest;
}

/** tc_modify_qdisc for a root qdisc (RTM_NEWQDISC with add/change/replace flags). */
export function qdiscModify(w: World, dev: NetDevice, req: QdiscModifyRequest): KResult {
  const create = req.verb !== 'change';
  const replace = req.verb === 'replace';
  const exclusive = req.verb === 'add';
  let q: Qdisc | undefined;
  if (req.parent !== 0) {
    if (req.parent !== TC_H_ROOT) return kerr('ENOENT', 'Failed to find specified qdisc');
    q = dev.qdiscRoot;
    if (!q || !req.handle || q.handle !== req.handle) {
      if (req.handle) {
        if (q && !replace) return kerr('EEXIST', 'NLM_F_REPLACE needed to override');
        // No other qdisc exists on the device, so the handle is free.
        if (!create) return kerr('ENOENT', 'Qdisc not found. To create specify NLM_F_CREATE flag');
        return createAndGraft(w, dev, req);
      }
      if (!q) {
        if (!create) return kerr('ENOENT', 'Qdisc not found. To create specify NLM_F_CREATE flag');
        return createAndGraft(w, dev, req);
      }
      if (req.kind !== undefined && req.kind !== q.kind) {
        // A different kind: create and graft (change included, since 6.x).
        return createAndGraft(w, dev, req);
      }
    }
  } else {
    if (!req.handle) return kerr('EINVAL', 'Handle cannot be zero');
    q = dev.qdiscRoot?.handle === req.handle ? dev.qdiscRoot : undefined;
  }
  if (!q) return kerr('ENOENT', 'Specified qdisc not found');
  if (exclusive) return kerr('EEXIST', 'Exclusivity flag on, cannot modify');
  if (req.kind !== undefined && req.kind !== q.kind)
    return kerr('EINVAL', 'Invalid qdisc name: must match existing qdisc');
  // qdisc_change without TCA_OPTIONS changes nothing.
  if (req.netem) netemChange(q.params, req.netem);
  return kok(undefined);
}

function createAndGraft(w: World, dev: NetDevice, req: QdiscModifyRequest): KResult {
  if (req.kind !== 'netem') return kerr('ENOENT', 'Specified qdisc kind is unknown');
  // netem_init: no TCA_OPTIONS is EINVAL (tc always sends them).
  if (!req.netem) return kerr('EINVAL');
  const rng = dev.netns.machine.rng;
  const params: NetemParams = {
    limit: 0,
    latencyNs: 0,
    jitterNs: 0,
    loss: 0,
    delayCorr: 0,
    lossCorr: 0,
    dupCorr: 0,
    rate: 0,
    packetOverhead: 0,
    cellSize: 0,
    cellOverhead: 0,
  };
  netemChange(params, req.netem);
  const q: Qdisc = {
    kind: 'netem',
    handle: req.handle || allocHandle(dev.netns),
    params,
    stats: { bytes: 0, packets: 0, drops: 0, overlimits: 0, requeues: 0 },
    queue: [],
    backlog: 0,
    rng: new Rng(rng.nextU32() + rng.nextU32() * U32, rng.nextU32()),
    delayLast: 0,
    lossLast: 0,
    timer: undefined,
    timerAt: 0,
  };
  if (dev.qdiscRoot) qdiscDestroy(w, dev.qdiscRoot);
  dev.qdiscRoot = q;
  return kok(undefined);
}

/** netem_change: qopt always, correlation and rate only when the request carries them. */
function netemChange(p: NetemParams, r: NetemRequest): void {
  p.limit = r.limit;
  p.latencyNs = r.latency * 2 ** PSCHED_SHIFT;
  p.jitterNs = Math.min(r.jitter * 2 ** PSCHED_SHIFT, INT_MAX);
  p.loss = r.loss;
  if (r.corr) {
    p.delayCorr = r.corr.delay;
    p.lossCorr = r.corr.loss;
    p.dupCorr = r.corr.dup;
  }
  if (r.rate) {
    p.rate = r.rate.rate;
    p.packetOverhead = r.rate.packetOverhead;
    p.cellSize = r.rate.cellSize;
    p.cellOverhead = r.rate.cellOverhead;
  }
}

/** qdisc_alloc_handle: the next free automatic handle (see the header for the deviation). */
function allocHandle(ns: Netns): number {
  let next = AUTOHANDLE_FIRST;
  for (const n of ns.machine.allNetns()) {
    for (const d of n.devices) {
      const h = d.qdiscRoot?.handle;
      if (h !== undefined && h >= next && h < TC_H_ROOT - 0xffff) next = h + 0x1_0000;
    }
  }
  return next;
}

export interface QdiscDeleteRequest {
  parent: number;
  handle: number;
  kind?: string;
}

/** tc_get_qdisc for RTM_DELQDISC on a root qdisc: back to the default one. */
export function qdiscDelete(w: World, dev: NetDevice, req: QdiscDeleteRequest): KResult {
  const q = dev.qdiscRoot;
  const handle = q ? q.handle : 0;
  if (req.parent !== 0) {
    if (req.parent !== TC_H_ROOT) return kerr('ENOENT', 'Failed to find specified qdisc');
    if (req.handle && handle !== req.handle) return kerr('EINVAL', 'Invalid handle');
  } else if (!req.handle || !q || handle !== req.handle) {
    return kerr('ENOENT', 'Failed to find qdisc with specified handle');
  }
  const kind = q ? q.kind : defaultQdiscKind(dev);
  if (req.kind !== undefined && req.kind !== kind)
    return kerr('EINVAL', 'Invalid qdisc name: must match existing qdisc');
  if (req.parent === 0) return kerr('EINVAL', 'Classid cannot be zero');
  if (!q) return kerr('ENOENT', 'Cannot delete qdisc with handle of zero');
  qdiscDestroy(w, q);
  dev.qdiscRoot = undefined;
  // dev_graft_qdisc(NULL) leaves noop_qdisc; dev_activate attaches the default only if up.
  if (!dev.adminUp) dev.everUp = false;
  return kok(undefined);
}

/** qdisc_destroy: cancel the watchdog and free what is held. */
function qdiscDestroy(w: World, q: Qdisc): void {
  if (q.timer !== undefined) w.sched.cancel(q.timer);
  q.timer = undefined;
  q.queue.length = 0;
  q.backlog = 0;
}

/** get_crandom: a u32, correlated with the previous one when rho is set. */
function crandom(q: Qdisc, rho: number, which: 'delay' | 'loss'): number {
  const value = q.rng.nextU32();
  if (rho === 0) return value;
  const last = which === 'delay' ? q.delayLast : q.lossLast;
  const r = BigInt(rho) + 1n;
  const answer = Number(
    (BigInt(value) * (1n << 32n) - BigInt(value) * r + BigInt(last) * r) >> 32n,
  );
  if (which === 'delay') q.delayLast = answer;
  else q.lossLast = answer;
  return answer;
}

/** tabledist without a table: uniform in [mu − sigma, mu + sigma). */
function tabledist(q: Qdisc): number {
  const { latencyNs: mu, jitterNs: sigma } = q.params;
  if (sigma === 0) return mu;
  const rnd = crandom(q, q.params.delayCorr, 'delay');
  return (rnd % (2 * sigma)) + mu - sigma;
}

/** packet_time_ns: serialisation time of `len` bytes at the configured rate. */
function packetTimeNs(p: NetemParams, len: number): number {
  let l = len + p.packetOverhead;
  if (p.cellSize) {
    const cells = Math.ceil(l / p.cellSize);
    l = cells * (p.cellSize + p.cellOverhead);
  }
  return Math.floor((l * 1e9) / p.rate);
}

function fmtMs(ns: number): string {
  return `${(ns / 1e6).toFixed(3)}ms`;
}

/** netem_enqueue, then a qdisc run: called by devXmit for a device with a root qdisc. */
export function qdiscEnqueue(
  w: World,
  dev: NetDevice,
  q: Qdisc,
  frame: Uint8Array,
  id: number,
): void {
  const p = q.params;
  if (p.loss !== 0 && p.loss >= crandom(q, p.lossCorr, 'loss')) {
    q.stats.drops++;
    traceDrop(w, dev, id, 'link', 'netem_loss', `netem ${hex(q.handle)} loss`);
    return;
  }
  if (q.queue.length >= p.limit) {
    q.stats.drops++;
    traceDrop(w, dev, id, 'link', 'qdisc_drop', `netem ${hex(q.handle)} limit ${p.limit}`);
    return;
  }
  let now = w.sched.now * 1000;
  const arrived = now;
  let delay = tabledist(q);
  if (p.rate) {
    const last = q.queue.length > 0 ? q.queue[q.queue.length - 1].timeToSend : undefined;
    if (last !== undefined) {
      delay = Math.max(0, delay - (last - now));
      now = last;
    }
    delay += packetTimeNs(p, frame.length);
  }
  const timeToSend = now + delay;
  // tfifo_enqueue: after every frame due at or before it.
  let i = q.queue.length;
  while (i > 0 && q.queue[i - 1].timeToSend > timeToSend) i--;
  q.queue.splice(i, 0, { frame, id, timeToSend, enqueuedAt: arrived });
  q.backlog += frame.length;
  trace(
    w,
    dev,
    id,
    'qdisc.enqueue',
    'pass',
    () => `netem ${hex(q.handle)} ${q.queue.length} held, ${q.backlog} bytes`,
  );
  if (timeToSend > arrived) {
    trace(
      w,
      dev,
      id,
      'qdisc.delay',
      'pass',
      () => `netem ${hex(q.handle)} holds the frame ${fmtMs(timeToSend - arrived)}`,
    );
  }
  qdiscRun(w, dev, q);
}

/** qdisc_run: send every frame that is due, then arm the watchdog for the next. */
function qdiscRun(w: World, dev: NetDevice, q: Qdisc): void {
  if (dev.qdiscRoot !== q) return;
  if (!dev.adminUp || dev.netns.byIndex(dev.ifindex) !== dev) {
    // dev_deactivate → qdisc_reset: what is held is freed.
    for (const h of q.queue) traceDrop(w, dev, h.id, 'link', 'dev_down', 'qdisc reset');
    q.queue.length = 0;
    q.backlog = 0;
    return;
  }
  const nowNs = w.sched.now * 1000;
  while (q.queue.length > 0 && q.queue[0].timeToSend <= nowNs) {
    const h = q.queue.shift() as HeldFrame;
    q.backlog -= h.frame.length;
    q.stats.bytes += h.frame.length;
    q.stats.packets++;
    trace(
      w,
      dev,
      h.id,
      'qdisc.dequeue',
      'pass',
      () => `netem ${hex(q.handle)} releases the frame after ${fmtMs(nowNs - h.enqueuedAt)}`,
    );
    devHardXmit(w, dev, h.frame, h.id);
    if (dev.qdiscRoot !== q) return;
  }
  if (q.queue.length === 0) return;
  const at = Math.ceil(q.queue[0].timeToSend / 1000);
  if (q.timer !== undefined && q.timerAt <= at) return;
  if (q.timer !== undefined) w.sched.cancel(q.timer);
  q.timerAt = at;
  q.timer = w.sched.at(at, () => {
    q.timer = undefined;
    qdiscRun(w, dev, q);
  });
}

function hex(handle: number): string {
  return `${(handle >>> 16).toString(16)}:`;
}
