/**
 * The netlink-shaped API to a namespace's network configuration: what `ip`, `bridge` and the
 * daemons call. Each operation checks what the kernel checks and fails with the kernel's errno
 * and extack text (net/core/rtnetlink.c, net/ipv4/devinet.c, fib_frontend.c, fib_semantics.c,
 * drivers/net/veth.c, net/bridge/br_if.c).
 */
import type { DeviceKind, IfAddr4, NetDevice, VxlanParams } from './device';
import { type KResult, kerr, kok } from './errors';
import { PROTO, type Route, type RouteType, RTN, SCOPE, TABLE } from './fib';
import {
  broadcastOf,
  compressIpv6,
  type Ipv4,
  inPrefix,
  linkLocalFromMac,
  type Mac,
  maskOf,
  networkOf,
} from './inet';
import { neighIfDown } from './neigh';
import type { Netns } from './netns';
import { moveDeviceSysctls } from './procfs';
import { type TunMode, tunDetachAll } from './tun';
import { vxlanOpen, vxlanStop } from './vxlan';

/** IFNAMSIZ - 1. */
export const MAX_IFNAME = 15;

export function validIfname(name: string): boolean {
  return (
    name.length > 0 &&
    name.length <= MAX_IFNAME &&
    name !== '.' &&
    name !== '..' &&
    !/[/:\s]/.test(name)
  );
}

export interface LinkAddRequest {
  name: string;
  kind: Exclude<DeviceKind, 'loopback' | 'nic'> | 'nic';
  mtu?: number;
  mac?: Mac;
  /** veth: the peer's name, and the namespace it is created in. */
  peer?: { name: string; netns?: Netns; mac?: Mac };
  vxlan?: VxlanParams;
}

/** The random, locally administered unicast MAC the kernel gives a new device (eth_random_addr). */
export function randomMac(ns: Netns): Mac {
  const b = ns.machine.rng.fill(new Uint8Array(6));
  b[0] = (b[0] & 0xfe) | 0x02;
  let m = 0;
  for (let i = 0; i < 6; i++) m = m * 256 + b[i];
  return m;
}

export function linkAdd(ns: Netns, req: LinkAddRequest): KResult<NetDevice> {
  if (ns.byName(req.name)) return kerr('EEXIST');
  const peerNs = req.peer?.netns ?? ns;
  if (req.peer) {
    if (peerNs.byName(req.peer.name) || (peerNs === ns && req.peer.name === req.name)) {
      return kerr('EEXIST');
    }
  }
  if (req.vxlan && req.vxlan.vni > 0xffffff)
    return kerr('ERANGE', 'VXLAN ID must be lower than 16777216');
  if (req.vxlan) {
    for (const d of ns.devices) {
      if (d.vxlan && d.vxlan.vni === req.vxlan.vni && d.vxlan.dstport === req.vxlan.dstport) {
        return kerr('EEXIST', 'A VXLAN device with the specified VNI already exists');
      }
    }
  }
  // veth registers the peer first, so the peer gets the lower ifindex.
  let peer: NetDevice | undefined;
  if (req.peer)
    peer = peerNs.createDevice(req.peer.name, 'veth', req.peer.mac ?? randomMac(peerNs));
  const dev = ns.createDevice(req.name, req.kind, req.mac ?? randomMac(ns));
  if (req.mac !== undefined) dev.macSetByUser = true;
  if (peer) {
    dev.peer = peer;
    peer.peer = dev;
    // veth_newlink turns both carriers off: the first transition `ip -s -s link` counts.
    dev.carrierChanges = 1;
    peer.carrierChanges = 1;
    if (peerNs !== ns) {
      ns.nsidOf(peerNs);
      peerNs.nsidOf(ns);
    }
  }
  if (req.kind === 'bridge') {
    dev.bridge = { ports: [], macSet: false, hadPort: false, ageingTime: 30000, stp: false };
  }
  if (req.vxlan) {
    dev.vxlan = req.vxlan;
    // vxlan_config_apply: with a lower device the MTU leaves room for the 50-byte VXLAN header;
    // without one the device keeps ether_setup's 1500.
    if (req.mtu === undefined)
      dev.mtu = req.vxlan.dev ? Math.max(68, req.vxlan.dev.mtu - 50) : 1500;
  }
  if (req.mtu !== undefined) {
    dev.mtu = req.mtu;
    if (peer) peer.mtu = req.mtu;
  }
  return kok(dev);
}

/**
 * TUNSETIFF creating `name` (what `ip tuntap add` does with IFF_TUN_EXCL, and what a process
 * opening a missing tun does): a tun/tap device, `persist` when made by `ip tuntap`. EBUSY when
 * the name is taken (IFF_TUN_EXCL), as tun_set_iff answers.
 */
export function linkAddTun(
  ns: Netns,
  name: string,
  mode: TunMode,
  persist: boolean,
): KResult<NetDevice> {
  if (ns.byName(name)) return kerr('EBUSY');
  if (!validIfname(name)) return kerr('EINVAL');
  const dev = ns.createDevice(name, 'tun', mode === 'tap' ? randomMac(ns) : 0);
  dev.tun = { mode, persist, files: [] };
  // tun_setup: a tap is an Ethernet device (ether_setup: txqueuelen 1000), a tun keeps 500.
  if (mode === 'tap') dev.txqlen = 1000;
  return kok(dev);
}

export function linkDel(dev: NetDevice): KResult {
  // Neither lo nor a physical network card can be deleted.
  if (dev.kind === 'loopback' || dev.kind === 'nic') return kerr('EOPNOTSUPP');
  const victims = dev.peer ? [dev, dev.peer] : [dev];
  for (const d of victims) {
    if (d.kind === 'tun') tunDetachAll(d);
    if (d.adminUp) setDown(d);
    if (d.master) detachPort(d);
    if (d.bridge) for (const p of [...d.bridge.ports]) detachPort(p);
    flushAddrs(d);
    forgetNeighbours(d);
    d.netns.fib.removeWhere((r) => r.dev === d);
    moveDeviceSysctls(d.netns, d.name);
    d.netns.removeDevice(d);
    d.peer = undefined;
  }
  syncMachine(dev.netns);
  return kok(undefined);
}

export function linkSetUp(dev: NetDevice, up: boolean): KResult {
  if (up && !dev.adminUp) {
    if (dev.vxlan) {
      const opened = vxlanOpen(dev);
      if (!opened.ok) return opened;
    }
    dev.adminUp = true;
    dev.everUp = true;
    if (dev.kind === 'loopback') ensureLoopbackAddrs(dev);
    for (const a of dev.addrs) addPrefixRoutes(dev, a);
  } else if (!up && dev.adminUp) {
    setDown(dev);
  }
  syncMachine(dev.netns);
  return kok(undefined);
}

export function linkSetMtu(dev: NetDevice, mtu: number): KResult {
  const [min, max] = dev.mtuRange;
  if (max > 0 && mtu > max) return kerr('EINVAL', 'mtu greater than device maximum');
  if (mtu < min) return kerr('EINVAL', 'mtu less than device minimum');
  dev.mtu = mtu;
  // A bridge follows the smallest MTU of its ports.
  if (dev.master?.bridge) recomputeBridgeMtu(dev.master);
  return kok(undefined);
}

export function linkSetMac(dev: NetDevice, mac: Mac): KResult {
  if (dev.kind === 'loopback' || dev.kind === 'tun') return kerr('EOPNOTSUPP');
  if (Math.floor(mac / 2 ** 40) & 1) return kerr('EADDRNOTAVAIL');
  dev.mac = mac;
  dev.macSetByUser = true;
  if (dev.bridge) {
    // br_stp_change_bridge_id re-runs port state selection: with no live port, carrier goes off.
    dev.bridge.macSet = true;
    dev.bridge.hadPort = true;
  }
  if (dev.master?.bridge) recomputeBridgeMac(dev.master);
  return kok(undefined);
}

/** Renaming an up device is allowed on the reference kernel (6.18; 6.1 said EBUSY). */
export function linkSetName(dev: NetDevice, name: string): KResult {
  const other = dev.netns.byName(name);
  if (other && other !== dev) return kerr('EEXIST');
  moveDeviceSysctls(dev.netns, dev.name, { ns: dev.netns, name });
  dev.name = name;
  for (const a of dev.addrs) if (a.label === dev.name || !a.label.includes(':')) a.label = name;
  return kok(undefined);
}

export function linkSetMaster(dev: NetDevice, master: NetDevice | undefined): KResult {
  if (master === undefined) {
    if (dev.master) detachPort(dev);
    syncMachine(dev.netns);
    return kok(undefined);
  }
  if (!master.bridge) return kerr('EOPNOTSUPP');
  if (dev.kind === 'loopback') return kerr('EINVAL');
  if (dev.bridge) return kerr('ELOOP', 'Can not enslave a bridge to a bridge');
  if (dev === master) return kerr('ELOOP');
  if (dev.master === master) return kok(undefined);
  if (dev.master) detachPort(dev);
  dev.master = master;
  const used = new Set(master.bridge.ports.map((p) => p.portNo));
  dev.portNo = 1;
  while (used.has(dev.portNo)) dev.portNo++;
  master.bridge.ports.push(dev);
  master.bridge.hadPort = true;
  recomputeBridgeMac(master);
  recomputeBridgeMtu(master);
  syncMachine(dev.netns);
  return kok(undefined);
}

/** `ip link set DEV netns NS`: addresses and routes are lost, the device arrives down. */
export function linkSetNetns(dev: NetDevice, target: Netns, newName?: string): KResult {
  if (dev.kind === 'loopback' || (dev.kind === 'bridge' && dev.bridge?.ports.length)) {
    if (dev.kind === 'loopback') return kerr('EINVAL');
  }
  const name = newName ?? dev.name;
  if (target === dev.netns && newName === undefined) return kok(undefined);
  if (target.byName(name) && target.byName(name) !== dev) return kerr('EEXIST');
  const from = dev.netns;
  if (dev.adminUp) setDown(dev);
  if (dev.master) detachPort(dev);
  flushAddrs(dev);
  forgetNeighbours(dev);
  from.fib.removeWhere((r) => r.dev === dev);
  moveDeviceSysctls(from, dev.name, { ns: target, name });
  target.adopt(dev);
  dev.name = name;
  if (dev.peer && dev.peer.netns !== target) {
    target.nsidOf(dev.peer.netns);
    dev.peer.netns.nsidOf(target);
  }
  syncMachine(from);
  return kok(undefined);
}

export interface AddrAddRequest {
  addr: Ipv4;
  len: number;
  broadcast?: Ipv4 | 'auto';
  scope?: number;
  label?: string;
  peer?: Ipv4;
  /** Seconds (undefined: forever). */
  validLft?: number;
  preferredLft?: number;
}

export function addrAdd(dev: NetDevice, req: AddrAddRequest, replace = false): KResult {
  const existing = dev.addrs.find((a) => a.addr === req.addr && a.len === req.len);
  if (existing) {
    if (!replace) return kerr('EEXIST', 'ipv4: Address already assigned');
    // A replace renews the lifetimes only (label and scope stay, as in inet_rtm_newaddr).
    setLifetimes(dev, existing, req);
    return kok(undefined);
  }
  const sameNet = dev.addrs.some(
    (a) => !a.secondary && a.len === req.len && inPrefix(req.addr, { addr: a.addr, len: a.len }),
  );
  const a: IfAddr4 = {
    addr: req.addr,
    len: req.len,
    scope: req.scope ?? (req.addr >>> 24 === 127 ? SCOPE.host : SCOPE.universe),
    label: req.label ?? dev.name,
    secondary: sameNet,
  };
  if (req.peer !== undefined) a.peer = req.peer;
  if (req.broadcast === 'auto') a.broadcast = broadcastOf(req.addr, req.len);
  else if (req.broadcast !== undefined) a.broadcast = req.broadcast;
  setLifetimes(dev, a, req);
  // __inet_insert_ifa: a secondary goes last; a primary after the last primary whose scope is
  // at least its own (host before link before global, each in the order added).
  if (a.secondary) dev.addrs.push(a);
  else {
    let at = 0;
    dev.addrs.forEach((x, i) => {
      if (!x.secondary && a.scope <= x.scope) at = i + 1;
    });
    dev.addrs.splice(at, 0, a);
  }
  addLocalRoute(dev, a);
  if (dev.adminUp) addPrefixRoutes(dev, a);
  return kok(undefined);
}

/**
 * valid_lft / preferred_lft: the virtual times the address is deprecated and removed
 * (check_lifetime); forever clears them.
 */
function setLifetimes(dev: NetDevice, a: IfAddr4, req: AddrAddRequest): void {
  const now = dev.netns.machine.now();
  a.lifetimeSince = now;
  a.validUntil = req.validLft === undefined ? undefined : now + req.validLft * 1_000_000;
  a.preferredUntil =
    req.preferredLft === undefined && req.validLft === undefined
      ? undefined
      : now + (req.preferredLft ?? req.validLft ?? 0) * 1_000_000;
  const until = a.validUntil;
  const sched = dev.netns.machine.world?.sched;
  if (until === undefined || !sched) return;
  sched.at(until, () => {
    if (a.validUntil === until && dev.addrs.includes(a)) {
      removeAddr(dev, a);
      dev.netns.machine.world?.changed();
    }
  });
}

export function addrDel(dev: NetDevice, addr: Ipv4, len: number | undefined): KResult {
  const a = dev.addrs.find((x) => x.addr === addr && (len === undefined || x.len === len));
  if (!a) return kerr('EADDRNOTAVAIL', 'ipv4: Address not found');
  removeAddr(dev, a);
  return kok(undefined);
}

export function flushAddrs(dev: NetDevice): void {
  for (const a of [...dev.addrs]) removeAddr(dev, a);
  dev.ipv6 = [];
}

/** What `ip route add` asks for: the same fields as a FIB entry. */
export type RouteRequest = Route;

/**
 * How a route request meets an existing route with the same key (fib_table_insert's flags):
 * add fails with EEXIST, replace takes its place, change does too but fails with ENOENT when
 * there is none, append goes after it, prepend before.
 */
export type RouteAddMode = 'add' | 'replace' | 'change' | 'append' | 'prepend';

export function routeAdd(ns: Netns, req: RouteRequest, mode: RouteAddMode): KResult {
  if (networkOf(req.dst, req.len) !== req.dst) {
    return kerr('EINVAL', 'Invalid prefix for given prefix length');
  }
  const checked = checkNexthop(ns, req);
  if (!checked.ok) return checked;
  const route: Route = { ...req, dev: checked.value };
  if (req.prefsrc !== undefined && req.type !== 'local' && !isLocalAddress(ns, req.prefsrc)) {
    return kerr('EINVAL', 'Invalid prefsrc address');
  }
  const existing = ns.fib.findSameKey(req);
  if (!existing && mode === 'change') return kerr('ENOENT');
  if (existing) {
    if (mode === 'add') return kerr('EEXIST');
    if (mode === 'replace' || mode === 'change') ns.fib.remove(existing);
    if (mode === 'prepend') {
      ns.fib.addBefore(existing, route);
      return kok(undefined);
    }
  }
  ns.fib.add(route);
  return kok(undefined);
}

export interface RouteMatch {
  table?: number;
  dst: Ipv4;
  len: number;
  tos?: number;
  protocol?: number;
  scope?: number;
  type?: RouteType;
  gateway?: Ipv4;
  dev?: NetDevice;
  metric?: number;
}

export function routeDel(ns: Netns, m: RouteMatch): KResult {
  const table = m.table ?? TABLE.main;
  const r = ns.fib
    .all()
    .find(
      (x) =>
        x.table === table &&
        x.dst === m.dst &&
        x.len === m.len &&
        (m.tos === undefined || x.tos === m.tos) &&
        (m.metric === undefined || x.metric === m.metric) &&
        (m.protocol === undefined || x.protocol === m.protocol) &&
        (m.scope === undefined || m.scope === SCOPE.nowhere || x.scope === m.scope) &&
        (m.type === undefined || x.type === m.type) &&
        (m.gateway === undefined || x.gateway === m.gateway) &&
        (m.dev === undefined || x.dev === m.dev),
    );
  if (!r) return kerr('ESRCH');
  ns.fib.remove(r);
  return kok(undefined);
}

export function isLocalAddress(ns: Netns, addr: Ipv4): boolean {
  return ns.devices.some((d) => d.addrs.some((a) => a.addr === addr));
}

/** fib_check_nh: resolve the nexthop device and reject what the kernel rejects. */
function checkNexthop(ns: Netns, req: RouteRequest): KResult<NetDevice | undefined> {
  if (req.type !== 'unicast' && req.type !== 'local' && req.type !== 'broadcast') {
    return kok(req.dev);
  }
  if (req.gateway === undefined) {
    if (!req.dev) return kerr('EINVAL', 'Nexthop device required for onlink');
    if (!req.dev.adminUp) return kerr('ENETDOWN', 'Device for nexthop is not up');
    return kok(req.dev);
  }
  if (req.onlink) {
    if (!req.dev) return kerr('EINVAL', 'Nexthop device required for onlink');
    if (!req.dev.adminUp) return kerr('ENETDOWN', 'Nexthop device is not up');
    return kok(req.dev);
  }
  const gw = req.gateway;
  const via = ns.fib.lookup(
    gw,
    (r) =>
      r.scope >= SCOPE.link && (r.type === 'unicast' || r.type === 'local') && !!r.dev?.adminUp,
  );
  // fib_check_nh_v4_gw: no route to the gateway is the lookup's ENETUNREACH; a route through
  // another device is EINVAL. iproute2 shows the same extack text for both.
  if (!via) return kerr('ENETUNREACH', 'Nexthop has invalid gateway');
  if (req.dev && via.dev !== req.dev && via.type !== 'local') {
    return kerr('EINVAL', 'Nexthop has invalid gateway');
  }
  const dev = req.dev ?? (via.type === 'local' ? deviceOfAddress(ns, gw) : via.dev);
  if (!dev) return kerr('EINVAL', 'Nexthop has invalid gateway');
  return kok(dev);
}

function deviceOfAddress(ns: Netns, addr: Ipv4): NetDevice | undefined {
  return ns.devices.find((d) => d.addrs.some((a) => a.addr === addr));
}

/** Adds a kernel-owned route for address `a` on `dev` unless the same one is already there. */
function addKernelRoute(
  dev: NetDevice,
  a: IfAddr4,
  type: RouteType,
  dst: Ipv4,
  len: number,
  scope: number,
  table: number,
): void {
  const fib = dev.netns.fib;
  const present = fib
    .all()
    .some(
      (r) =>
        r.table === table && r.type === type && r.dst === dst && r.len === len && r.dev === dev,
    );
  if (present) return;
  fib.add({
    table,
    type,
    dst,
    len,
    tos: 0,
    protocol: PROTO.kernel,
    scope,
    prefsrc: a.addr,
    dev,
    metric: 0,
    onlink: false,
  });
}

function addLocalRoute(dev: NetDevice, a: IfAddr4): void {
  addKernelRoute(dev, a, 'local', a.addr, 32, SCOPE.host, TABLE.local);
}

/** fib_add_ifaddr's part that needs the device up: the subnet and broadcast routes. */
function addPrefixRoutes(dev: NetDevice, a: IfAddr4): void {
  const add = (type: RouteType, dst: Ipv4, len: number, scope: number, table: number) =>
    addKernelRoute(dev, a, type, dst, len, scope, table);
  addLocalRoute(dev, a);
  if (a.secondary) return;
  if (a.peer !== undefined) {
    add('unicast', networkOf(a.peer, a.len), a.len, SCOPE.link, TABLE.main);
    return;
  }
  if (dev.kind === 'loopback' && a.len < 32) {
    add('local', networkOf(a.addr, a.len), a.len, SCOPE.host, TABLE.local);
  } else if (a.len < 32) {
    add('unicast', networkOf(a.addr, a.len), a.len, SCOPE.link, TABLE.main);
  }
  if (a.len < 31) add('broadcast', broadcastOf(a.addr, a.len), 32, SCOPE.link, TABLE.local);
}

function removeAddr(dev: NetDevice, a: IfAddr4): void {
  dev.addrs = dev.addrs.filter((x) => x !== a);
  const fib = dev.netns.fib;
  fib.removeWhere((r) => r.dev === dev && r.prefsrc === a.addr && r.protocol === PROTO.kernel);
  // fib_sync_down_addr: once no device holds the address, routes using it as source go too.
  if (!dev.netns.devices.some((d) => d.addrs.some((x) => x.addr === a.addr)))
    fib.removeWhere((r) => r.prefsrc === a.addr);
  // Promote a secondary of the same subnet when the primary goes (promote_secondaries is
  // off by default: the kernel then deletes the secondaries too).
  if (!a.secondary) {
    const doomed = dev.addrs.filter(
      (x) => x.secondary && inPrefix(x.addr, { addr: a.addr, len: a.len }) && x.len === a.len,
    );
    for (const s of doomed) removeAddr(dev, s);
  }
  if (dev.addrs.length === 0) {
    // The last address went: fib_disable_ip(dev, force) flushes every route through the device
    // (gateway routes included) and arp_ifdown its neighbour entries.
    fib.removeWhere((r) => r.dev === dev);
    forgetNeighbours(dev);
  }
}

/** The neighbour entries of a device that goes down, away or is deleted die with it. */
function forgetNeighbours(dev: NetDevice): void {
  const w = dev.netns.machine.world;
  if (w) neighIfDown(w, dev);
}

function setDown(dev: NetDevice): void {
  dev.adminUp = false;
  // With IPv6 ready (a link-local address), ipv6_mc_down leaves all-nodes too: the multicast
  // list's order differs when the device comes back (kernel/fdb.ts).
  if (dev.ipv6.some((a) => a.addr.startsWith('fe80:'))) dev.mcRejoined = true;
  if (dev.vxlan) vxlanStop(dev);
  forgetNeighbours(dev);
  dev.ipv6 = [];
  const fib = dev.netns.fib;
  // fib_disable_ip: routes through the device go; the local routes of its addresses stay.
  fib.removeWhere(
    (r) =>
      r.dev === dev &&
      !(
        r.type === 'local' &&
        r.protocol === PROTO.kernel &&
        r.len === 32 &&
        dev.addrs.some((a) => a.addr === r.dst)
      ),
  );
  if (dev.kind === 'loopback') {
    fib.removeWhere((r) => r.dev === dev);
  }
}

function ensureLoopbackAddrs(dev: NetDevice): void {
  const lo = 0x7f000001;
  if (!dev.addrs.some((a) => a.addr === lo)) {
    dev.addrs.unshift({ addr: lo, len: 8, scope: SCOPE.host, label: dev.name, secondary: false });
  }
}

function detachPort(port: NetDevice): void {
  const br = port.master;
  if (!br?.bridge) return;
  br.bridge.ports = br.bridge.ports.filter((p) => p !== port);
  port.master = undefined;
  port.brportFlags = undefined;
  recomputeBridgeMac(br);
  recomputeBridgeMtu(br);
}

/** A bridge takes its lowest port MAC; with no ports left it has none (00:00:00:00:00:00). */
function recomputeBridgeMac(br: NetDevice): void {
  const b = br.bridge;
  if (!b || b.macSet) return;
  br.mac = b.ports.length === 0 ? 0 : Math.min(...b.ports.map((p) => p.mac));
}

function recomputeBridgeMtu(br: NetDevice): void {
  const b = br.bridge;
  if (!b || b.ports.length === 0) return;
  br.mtu = Math.min(...b.ports.map((p) => p.mtu));
}

/**
 * After any link change on a machine: IPv6 link-local addresses appear on devices that are up
 * with carrier (and go when a device goes down); `::1` on an up loopback.
 */
export function syncMachine(ns: Netns): void {
  // The namespaces in allNetns() order, without building that array on every link change.
  const m = ns.machine;
  syncNetns(m.root);
  for (const n of m.named.values()) syncNetns(n);
  for (const n of m.containerNetns.values()) syncNetns(n);
}

function syncNetns(n: Netns): void {
  for (const d of n.ordered()) {
    const carrier = d.carrier;
    if (d.lastCarrier !== undefined && carrier !== d.lastCarrier) d.carrierChanges++;
    d.lastCarrier = carrier;
    if (!d.adminUp) {
      if (d.ipv6.length !== 0) d.ipv6 = [];
      d.ipv6Flushed = false;
    } else if (d.ipv6Flushed) {
      // `ip addr flush` removed them: nothing returns while the device stays up.
    } else if (d.kind === 'loopback') {
      if (d.ipv6.length === 0) d.ipv6 = [{ addr: '::1', len: 128, tentativeUntil: 0 }];
    } else if (d.carrier && d.linkType === 'none' && d.kind === 'tun') {
      // addrconf_dev_config: an ARPHRD_NONE device ready for IPv6 moves to addrgenmode random
      // and gets a random (stable-privacy) link-local address; NOARP: no DAD, never tentative.
      d.addrGenRandom = true;
      if (d.ipv6.length === 0) {
        const id = [0, 1, 2, 3].map(() => n.machine.rng.nextU32() & 0xffff);
        d.ipv6 = [
          {
            addr: compressIpv6([0xfe80, 0, 0, 0, ...id]),
            len: 64,
            tentativeUntil: 0,
            stablePrivacy: true,
          },
        ];
      }
    } else if (d.carrier && d.ipv6.length === 0 && d.linkType === 'ether') {
      d.ipv6 = [{ addr: linkLocalFromMac(d.mac), len: 64, tentativeUntil: dadEnd(n) }];
    }
  }
}

/**
 * When duplicate address detection of a new link-local address ends: a random delay of up to
 * rtr_solicit_delay (1 s), then one neighbour solicitation and RetransTimer (1 s).
 */
function dadEnd(ns: Netns): number {
  return ns.machine.now() + 1_000_000 + ns.machine.rng.below(1_000_000);
}

/** The bridge id's MAC: set by hand, else the lowest port MAC, else none (all zero). */
export function bridgeIdMac(br: NetDevice): Mac {
  const b = br.bridge;
  if (!b) return 0;
  if (b.macSet) return br.mac;
  return b.ports.length === 0 ? 0 : Math.min(...b.ports.map((p) => p.mac));
}

/** Whether the route's nexthop device lacks carrier (iproute2 prints `linkdown`). */
export function routeLinkdown(r: Route): boolean {
  return !!r.dev && r.type !== 'local' && !r.dev.carrier;
}

export { maskOf, RTN };
