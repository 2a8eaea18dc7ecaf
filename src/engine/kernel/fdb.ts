/**
 * The forwarding-database netlink calls (`bridge fdb`; net/core/rtnetlink.c rtnl_fdb_add,
 * rtnl_fdb_del, rtnl_fdb_dump) over the three kinds of tables a device can have:
 *
 * - a bridge port's entries in its bridge (`master`; net/bridge/br_fdb.c br_fdb_add,
 *   fdb_add_entry, br_fdb_delete, br_fdb_dump), the bridge's own ones on the bridge device;
 * - a VXLAN device's own table (`self`; vxlan-fdb.ts);
 * - any other device's address lists (`self`; ndo_dflt_fdb_add/del/dump): the unicast
 *   addresses added by hand, then the multicast list the stack joined — IPv6 all-nodes
 *   33:33:00:00:00:01 from registration, IPv4 all-hosts 01:00:5e:00:00:01 while up, the IPv6
 *   solicited-node group of the link-local address, and on a bridge the multicast-snooping
 *   "all snoopers" groups 01:00:5e:00:00:6a and 33:33:00:00:00:6a. Down, the list is empty
 *   (except all-nodes before the first up), and rejoining changes its order.
 *
 * The dump is the kernel's: devices in ifindex order; for a bridge port its bridge's entries
 * first (newest first, its own MAC last), then its own table; a bridge device lists its address
 * lists, then the entries that belong to no port.
 *
 * Differences: a `permanent` entry added on a port is shown as such but forwarded like a static
 * one (the kernel delivers frames for it locally); a port's or the bridge's own (local) entry
 * cannot be deleted; vlan, `sticky`, `router`, `extern_learn`, `use` and `src_vni` are not
 * modelled.
 */
import type { Micros } from '../sim/clock';
import { type FdbEntry, fdbLookup } from './bridge';
import type { NetDevice } from './device';
import { type KResult, kerr, kok } from './errors';
import { type Ipv4, isMulticastMac, type Mac } from './inet';
import type { Netns } from './netns';
import {
  type FdbState,
  type VxlanFdbRequest,
  vxlanFdbAdd,
  vxlanFdbDel,
  vxlanFdbList,
} from './vxlan-fdb';
import type { World } from './world';

export type { FdbState } from './vxlan-fdb';

/** IPv6 all-nodes (ff02::1), IPv4 all-hosts (224.0.0.1), all-snoopers (224.0.0.106, ff02::6a). */
export const MC_ALL_NODES: Mac = 0x3333_0000_0001;
export const MC_ALL_HOSTS: Mac = 0x0100_5e00_0001;
export const MC_SNOOPERS_V4: Mac = 0x0100_5e00_006a;
export const MC_SNOOPERS_V6: Mac = 0x3333_0000_006a;

/** One entry as RTM_NEWNEIGH (AF_BRIDGE) reports it: one line of `bridge fdb show`. */
export interface FdbRow {
  mac: Mac;
  /** ndm_ifindex. */
  dev: NetDevice;
  /** NDA_MASTER: the bridge, for entries of a bridge's table. */
  master?: NetDevice;
  /** NTF_SELF: the device's own table. */
  self: boolean;
  state: FdbState;
  /** VXLAN remote: NDA_DST, NDA_PORT and NDA_VNI when not the device's, NDA_IFINDEX (`via`). */
  dst?: Ipv4;
  port?: number;
  vni?: number;
  via?: NetDevice;
  /** Seconds since last used and updated (NDA_CACHEINFO, `bridge -s`), for table entries. */
  used?: number;
  updated?: number;
}

/** A bridge entry added with `bridge fdb add … master`: it remembers the state asked for. */
interface UserFdbEntry extends FdbEntry {
  state: FdbState;
}

function entryState(e: FdbEntry): FdbState {
  return 'state' in e ? (e as UserFdbEntry).state : e.isStatic ? 'static' : 'dynamic';
}

function seconds(now: Micros, t: Micros): number {
  return Math.floor((now - t) / 1_000_000);
}

/** The low 24 bits of an IPv6 address in text form (for its solicited-node group). */
function low24(addr: string): number {
  const [head, tail] = addr.split('::');
  const groups = (tail ?? head).split(':').filter((g) => g !== '');
  const last = Number.parseInt(groups[groups.length - 1] ?? '0', 16);
  const prev = groups.length >= 2 ? Number.parseInt(groups[groups.length - 2], 16) : 0;
  return ((prev & 0xff) << 16) | last;
}

/** The device's multicast list (dev->mc), in the order the stack joined the groups. */
export function deviceMcList(dev: NetDevice): Mac[] {
  const out: Mac[] = [];
  if (dev.linkType === 'ether') {
    const ll = dev.ipv6.find((a) => a.addr.startsWith('fe80:'));
    const solicited = ll ? 0x3333_ff00_0000 + low24(ll.addr) : undefined;
    const snoopers = dev.bridge ? [MC_SNOOPERS_V4, MC_SNOOPERS_V6] : [];
    if (!dev.adminUp) {
      if (!dev.mcRejoined) out.push(MC_ALL_NODES);
    } else if (!dev.mcRejoined) {
      out.push(MC_ALL_NODES, ...snoopers, MC_ALL_HOSTS);
      if (solicited !== undefined) out.push(solicited);
    } else {
      out.push(...snoopers, MC_ALL_HOSTS);
      // IPv6 rejoins (ipv6_mc_up) only once the link is ready.
      if (dev.carrier) out.push(MC_ALL_NODES);
      if (solicited !== undefined) out.push(solicited);
    }
  }
  return [...out, ...(dev.fdbMc ?? [])];
}

/** ndo_dflt_fdb_dump: the unicast then multicast address lists, `self permanent`. */
function addressListRows(dev: NetDevice): FdbRow[] {
  return [...(dev.fdbUc ?? []), ...deviceMcList(dev)].map((mac) => ({
    mac,
    dev,
    self: true,
    state: 'permanent',
  }));
}

function vxlanRows(w: World, dev: NetDevice): FdbRow[] {
  const v = dev.vxlan;
  if (!v) return [];
  const now = w.sched.now;
  const rows: FdbRow[] = [];
  for (const e of vxlanFdbList(w, dev)) {
    for (const rd of e.remotes) {
      const row: FdbRow = {
        mac: e.mac,
        dev,
        self: true,
        state: e.state,
        dst: rd.ip,
        used: seconds(now, e.used),
        updated: seconds(now, e.updated),
      };
      if (rd.port !== 0 && rd.port !== v.dstport) row.port = rd.port;
      if (rd.vni !== v.vni) row.vni = rd.vni;
      if (rd.ifindex !== 0) row.via = dev.netns.byIndex(rd.ifindex);
      rows.push(row);
    }
  }
  return rows;
}

function portMacs(br: NetDevice): Set<Mac> {
  return new Set((br.bridge?.ports ?? []).map((p) => p.mac));
}

/** br_fdb_dump for one port (`filter` = the port) or for the bridge itself (entries of no port). */
function bridgeRows(w: World, br: NetDevice, port: NetDevice | undefined): FdbRow[] {
  const now = w.sched.now;
  const rows: FdbRow[] = [];
  const local = (mac: Mac, dev: NetDevice): FdbRow => ({
    mac,
    dev,
    master: br,
    self: false,
    state: 'permanent',
    used: 0,
    updated: 0,
  });
  if (port === undefined) {
    for (const mac of [...(br.bridge?.localFdb ?? [])].reverse()) rows.push(local(mac, br));
    if (br.mac !== 0 && !portMacs(br).has(br.mac)) rows.push(local(br.mac, br));
    return rows;
  }
  const fdb = br.fdb;
  if (fdb) {
    for (const mac of [...fdb.keys()].reverse()) {
      const e = fdbLookup(w, br, mac);
      if (!e || e.port !== port) continue;
      rows.push({
        mac,
        dev: port,
        master: br,
        self: false,
        state: entryState(e),
        used: seconds(now, e.updated),
        updated: seconds(now, e.updated),
      });
    }
  }
  rows.push(local(port.mac, port));
  return rows;
}

/** Everything one device contributes to a dump (its bridge's entries for it, then its own). */
function deviceRows(w: World, dev: NetDevice): FdbRow[] {
  const rows: FdbRow[] = [];
  if (dev.master?.bridge) rows.push(...bridgeRows(w, dev.master, dev));
  if (dev.bridge) rows.push(...addressListRows(dev), ...bridgeRows(w, dev, undefined));
  else if (dev.vxlan) rows.push(...vxlanRows(w, dev));
  else rows.push(...addressListRows(dev));
  return rows;
}

/**
 * rtnl_fdb_dump: every entry of the namespace, or (with `br`) those of a bridge and its ports
 * only — nothing when `br` is not a bridge.
 */
export function fdbDump(w: World, ns: Netns, br?: NetDevice): FdbRow[] {
  const rows: FdbRow[] = [];
  for (const dev of ns.devices) {
    if (br && dev !== br && dev.master !== br) continue;
    if (br && !br.bridge) continue;
    rows.push(...deviceRows(w, dev));
  }
  return rows;
}

/** What `bridge fdb add|append|replace|del` sends (RTM_NEWNEIGH / RTM_DELNEIGH, AF_BRIDGE). */
export interface FdbRequest {
  mac: Mac;
  dev: NetDevice;
  /** NTF_SELF / NTF_MASTER (iproute2 sets self when neither is given). */
  self: boolean;
  master: boolean;
  state: FdbState;
  /** VXLAN: NDA_DST, NDA_PORT, NDA_VNI, NDA_IFINDEX. */
  dst?: Ipv4;
  port?: number;
  vni?: number;
  via?: NetDevice;
}

export type FdbMode = 'add' | 'append' | 'replace';

type Found =
  | { kind: 'entry'; entry: FdbEntry }
  | { kind: 'bridge-local' }
  | { kind: 'own'; owner: NetDevice }
  | undefined;

/** br_fdb_find over the bridge's learnt/added entries, its own local ones and its ports' MACs. */
function bridgeFind(w: World, br: NetDevice, mac: Mac): Found {
  const e = fdbLookup(w, br, mac);
  if (e) return { kind: 'entry', entry: e };
  if (br.bridge?.localFdb?.includes(mac)) return { kind: 'bridge-local' };
  const owner = (br.bridge?.ports ?? []).find((p) => p.mac === mac);
  if (owner) return { kind: 'own', owner };
  if (mac === br.mac) return { kind: 'own', owner: br };
  return undefined;
}

function removeBridgeLocal(br: NetDevice, mac: Mac): void {
  const b = br.bridge;
  if (b?.localFdb) b.localFdb = b.localFdb.filter((m) => m !== mac);
}

/** br_fdb_add + fdb_add_entry: `port` undefined means the bridge device itself. */
function bridgeAdd(
  w: World,
  br: NetDevice,
  port: NetDevice | undefined,
  req: FdbRequest,
  mode: FdbMode,
): KResult {
  if (req.mac === 0) return kerr('EINVAL');
  if (!port && req.state !== 'permanent') return kerr('EINVAL');
  const now = w.sched.now;
  const found = bridgeFind(w, br, req.mac);
  if (found && mode === 'add') return kerr('EEXIST');
  if (found?.kind === 'own') return kok(undefined);
  br.fdb ??= new Map();
  if (found?.kind === 'entry' && port) {
    const e = found.entry as UserFdbEntry;
    e.port = port;
    e.state = req.state;
    e.isStatic = req.state !== 'dynamic';
    e.updated = now;
    return kok(undefined);
  }
  if (found?.kind === 'entry') br.fdb.delete(req.mac);
  if (found?.kind === 'bridge-local') {
    if (!port) return kok(undefined);
    removeBridgeLocal(br, req.mac);
  }
  if (port) {
    const e: UserFdbEntry = {
      mac: req.mac,
      port,
      updated: now,
      isStatic: req.state !== 'dynamic',
      state: req.state,
    };
    br.fdb.set(req.mac, e);
  } else {
    const b = br.bridge;
    if (b) b.localFdb = [...(b.localFdb ?? []), req.mac];
  }
  return kok(undefined);
}

/** br_fdb_delete: the entry must belong to `port` (or to the bridge itself). */
function bridgeDel(w: World, br: NetDevice, port: NetDevice | undefined, mac: Mac): KResult {
  const found = bridgeFind(w, br, mac);
  if (found?.kind === 'entry' && found.entry.port === port) {
    br.fdb?.delete(mac);
    return kok(undefined);
  }
  if (found?.kind === 'bridge-local' && port === undefined) {
    removeBridgeLocal(br, mac);
    return kok(undefined);
  }
  if (found?.kind === 'own' && (found.owner === port || (found.owner === br && !port))) {
    return kok(undefined);
  }
  return kerr('ENOENT');
}

/** ndo_dflt_fdb_add: the unicast or multicast address list, permanent entries only. */
function addressListAdd(dev: NetDevice, req: FdbRequest, mode: FdbMode): KResult {
  if (req.state !== 'permanent') return kerr('EINVAL');
  const multicast = isMulticastMac(req.mac);
  const list = (multicast ? dev.fdbMc : dev.fdbUc) ?? [];
  const present = list.includes(req.mac) || (multicast && deviceMcList(dev).includes(req.mac));
  if (present) return mode === 'add' ? kerr('EEXIST') : kok(undefined);
  if (multicast) dev.fdbMc = [...list, req.mac];
  else dev.fdbUc = [...list, req.mac];
  return kok(undefined);
}

function addressListDel(dev: NetDevice, mac: Mac): KResult {
  const key = isMulticastMac(mac) ? 'fdbMc' : 'fdbUc';
  const list = dev[key] ?? [];
  if (!list.includes(mac)) return kerr('ENOENT');
  dev[key] = list.filter((m) => m !== mac);
  return kok(undefined);
}

function vxlanRequest(req: FdbRequest): VxlanFdbRequest {
  const r: VxlanFdbRequest = { mac: req.mac, state: req.state };
  if (req.dst !== undefined) r.ip = req.dst;
  if (req.port !== undefined) r.port = req.port;
  if (req.vni !== undefined) r.vni = req.vni;
  if (req.via !== undefined) r.ifindex = req.via.ifindex;
  return r;
}

/** rtnl_fdb_add: the bridge's table for `master` on a port, then the device's own for `self`. */
export function fdbAdd(w: World, req: FdbRequest, mode: FdbMode): KResult {
  const dev = req.dev;
  let result: KResult = kerr('EOPNOTSUPP');
  if (req.master && dev.master?.bridge) {
    result = bridgeAdd(w, dev.master, dev, req, mode);
    if (!result.ok) return result;
  }
  if (req.self) {
    if (dev.bridge) return bridgeAdd(w, dev, undefined, req, mode);
    if (dev.vxlan) return vxlanFdbAdd(w, dev, vxlanRequest(req), mode);
    return addressListAdd(dev, req, mode);
  }
  return result;
}

/** rtnl_fdb_del. */
export function fdbDel(w: World, req: Omit<FdbRequest, 'state'>): KResult {
  const dev = req.dev;
  let result: KResult = kerr('EINVAL');
  if (req.master && dev.master?.bridge) {
    result = bridgeDel(w, dev.master, dev, req.mac);
    if (!result.ok) return result;
  }
  if (req.self) {
    if (dev.bridge) return bridgeDel(w, dev, undefined, req.mac);
    if (dev.vxlan) {
      const { state: _, ...r } = vxlanRequest({ ...req, state: 'permanent' });
      return vxlanFdbDel(w, dev, r);
    }
    return addressListDel(dev, req.mac);
  }
  return result;
}
