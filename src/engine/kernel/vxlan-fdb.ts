/**
 * The VXLAN forwarding database (drivers/net/vxlan/vxlan_core.c: vxlan_fdb_update,
 * vxlan_fdb_append/replace, __vxlan_fdb_delete, vxlan_snoop, vxlan_cleanup): MAC → one or more
 * remote VTEPs. The all-zeros MAC is the default entry used for broadcast, multicast and unknown
 * unicast (head-end replication: one copy per remote); a device created with `remote`/`group` has
 * one from the start (`dev` as its `via`). Only all-zeros and multicast entries take `append`ed
 * remotes; `replace` changes the first remote of a unicast entry. Learnt entries (`learning`) are
 * `dynamic` and age out after 300 s (`ageing`); permanent and static ones never move.
 *
 * Dump order is the kernel's (6.18: one list, newest entry first; an entry's remotes in the
 * order they were added). Left out: NTF_ROUTER/proxy and l2miss/l3miss notifications, the
 * per-VNI tables of metadata (external) mode, entry limits (`max_fdb`), IPv6 remotes.
 */
import type { Micros } from '../sim/clock';
import type { NetDevice, VxlanParams } from './device';
import { type KResult, kerr, kok } from './errors';
import { formatIpv4, formatMac, type Ipv4, isMulticastMac, type Mac } from './inet';
import { trace } from './trace';
import type { World } from './world';

/** vxlan's default `ageing`: 300 s. */
export const VXLAN_AGEING_US: Micros = 300_000_000;

/** NUD_PERMANENT, NUD_NOARP (`static`) or NUD_REACHABLE (`dynamic`, learnt). */
export type FdbState = 'permanent' | 'static' | 'dynamic';

/** One remote VTEP of an entry (`struct vxlan_rdst`); port and VNI are stored resolved. */
export interface VxlanRemote {
  ip: Ipv4;
  port: number;
  vni: number;
  /** `via DEV`: the underlay device to send from; 0 = any (the route decides). */
  ifindex: number;
}

export interface VxlanFdbEntry {
  readonly mac: Mac;
  remotes: VxlanRemote[];
  state: FdbState;
  updated: Micros;
  used: Micros;
}

/** A device's table. Map order is creation order; dumps list it newest first. */
export class VxlanFdb {
  readonly entries = new Map<Mac, VxlanFdbEntry>();
}

/** What `bridge fdb add|append|replace|del … dev VXLAN` asks for (absent = device default). */
export interface VxlanFdbRequest {
  mac: Mac;
  ip?: Ipv4;
  port?: number;
  vni?: number;
  ifindex?: number;
  state: FdbState;
}

function params(dev: NetDevice): VxlanParams {
  return dev.vxlan as VxlanParams;
}

/** The device's table, created with its default (`remote`/`group`) entry on first use. */
export function vxlanFdbOf(dev: NetDevice): VxlanFdb {
  const v = params(dev);
  if (v.fdb) return v.fdb;
  const fdb = new VxlanFdb();
  if (v.group !== undefined) {
    fdb.entries.set(0, {
      mac: 0,
      remotes: [{ ip: v.group, port: v.dstport, vni: v.vni, ifindex: v.dev?.ifindex ?? 0 }],
      state: 'permanent',
      updated: 0,
      used: 0,
    });
  }
  v.fdb = fdb;
  return fdb;
}

function expired(e: VxlanFdbEntry, now: Micros): boolean {
  return e.state === 'dynamic' && now - e.updated > VXLAN_AGEING_US;
}

/** vxlan_find_mac, with vxlan_cleanup's ageing applied lazily. */
export function vxlanFdbLookup(w: World, dev: NetDevice, mac: Mac): VxlanFdbEntry | undefined {
  const fdb = vxlanFdbOf(dev);
  const e = fdb.entries.get(mac);
  if (e && expired(e, w.sched.now)) {
    fdb.entries.delete(mac);
    return undefined;
  }
  return e;
}

/** The entries in dump order (newest first), expired ones removed. */
export function vxlanFdbList(w: World, dev: NetDevice): VxlanFdbEntry[] {
  const fdb = vxlanFdbOf(dev);
  const now = w.sched.now;
  for (const [mac, e] of fdb.entries) if (expired(e, now)) fdb.entries.delete(mac);
  return [...fdb.entries.values()].reverse();
}

function resolve(dev: NetDevice, req: VxlanFdbRequest): VxlanRemote | undefined {
  const v = params(dev);
  const ip = req.ip ?? v.group;
  if (ip === undefined) return undefined;
  return { ip, port: req.port ?? v.dstport, vni: req.vni ?? v.vni, ifindex: req.ifindex ?? 0 };
}

function sameRemote(a: VxlanRemote, b: VxlanRemote): boolean {
  return a.ip === b.ip && a.port === b.port && a.vni === b.vni && a.ifindex === b.ifindex;
}

function isGroupOrZero(mac: Mac): boolean {
  return mac === 0 || isMulticastMac(mac);
}

/**
 * vxlan_fdb_add (RTM_NEWNEIGH with NTF_SELF): `add` = NLM_F_CREATE|NLM_F_EXCL, `append` =
 * NLM_F_CREATE|NLM_F_APPEND, `replace` = NLM_F_CREATE|NLM_F_REPLACE.
 */
export function vxlanFdbAdd(
  w: World,
  dev: NetDevice,
  req: VxlanFdbRequest,
  mode: 'add' | 'append' | 'replace',
): KResult {
  const rd = resolve(dev, req);
  if (!rd) return kerr('EINVAL');
  const now = w.sched.now;
  const fdb = vxlanFdbOf(dev);
  const f = vxlanFdbLookup(w, dev, req.mac);
  if (!f) {
    fdb.entries.set(req.mac, {
      mac: req.mac,
      remotes: [rd],
      state: req.state,
      updated: now,
      used: now,
    });
    return kok(undefined);
  }
  if (mode === 'add') return kerr('EEXIST');
  if (f.state !== req.state) {
    f.state = req.state;
    f.updated = now;
  }
  if (mode === 'replace') {
    if (isGroupOrZero(f.mac)) return kerr('EOPNOTSUPP', 'Cannot replace non-unicast entry');
    if (!f.remotes.some((r) => sameRemote(r, rd))) {
      if (f.remotes.length === 0) f.remotes.push(rd);
      else f.remotes[0] = rd;
      f.updated = now;
    }
  } else if (isGroupOrZero(f.mac) && !f.remotes.some((r) => sameRemote(r, rd))) {
    f.remotes.push(rd);
    f.updated = now;
  }
  return kok(undefined);
}

/**
 * __vxlan_fdb_delete: ENOENT when the MAC has no entry. With a `dst`, only the matching remote
 * goes (the entry with it when it was the last one); a `dst` that matches no remote is not an
 * error, the request just does nothing (as the kernel does).
 */
export function vxlanFdbDel(
  w: World,
  dev: NetDevice,
  req: Omit<VxlanFdbRequest, 'state'>,
): KResult {
  const f = vxlanFdbLookup(w, dev, req.mac);
  if (!f) return kerr('ENOENT');
  const fdb = vxlanFdbOf(dev);
  if (req.ip === undefined || req.ip === 0) {
    fdb.entries.delete(req.mac);
    return kok(undefined);
  }
  const rd = resolve(dev, { ...req, state: f.state }) as VxlanRemote;
  const i = f.remotes.findIndex((r) => sameRemote(r, rd));
  if (i < 0) return kok(undefined);
  if (f.remotes.length > 1) f.remotes.splice(i, 1);
  else fdb.entries.delete(req.mac);
  return kok(undefined);
}

/**
 * vxlan_snoop: learn that `mac` sits behind the VTEP `src`. A known entry moves to the new
 * remote unless it is permanent or static: then the frame is dropped (returns true).
 */
export function vxlanSnoop(w: World, dev: NetDevice, src: Ipv4, mac: Mac, id: number): boolean {
  if (isGroupOrZero(mac)) return false;
  const now = w.sched.now;
  const f = vxlanFdbLookup(w, dev, mac);
  if (f) {
    const rd = f.remotes[0];
    if (rd && rd.ip === src) {
      f.updated = now;
      return false;
    }
    if (f.state !== 'dynamic') return true;
    const from = rd ? formatIpv4(rd.ip) : '?';
    f.remotes = [{ ip: src, port: params(dev).dstport, vni: params(dev).vni, ifindex: 0 }];
    f.updated = now;
    trace(
      w,
      dev,
      id,
      'vxlan.fdb',
      'pass',
      () => `${formatMac(mac)} moved from ${from} to ${formatIpv4(src)}`,
    );
    return false;
  }
  vxlanFdbOf(dev).entries.set(mac, {
    mac,
    remotes: [{ ip: src, port: params(dev).dstport, vni: params(dev).vni, ifindex: 0 }],
    state: 'dynamic',
    updated: now,
    used: now,
  });
  trace(w, dev, id, 'vxlan.fdb', 'pass', () => `learned ${formatMac(mac)} at ${formatIpv4(src)}`);
  return false;
}
