/**
 * flanneld's three backends, each acting on the kernel only through rtnl (netlink), TUN file
 * descriptors and UDP sockets:
 *
 * - vxlan (pkg/backend/vxlan): the VTEP flannel.<VNI> (`local <public ip> dev <iface>`, kernel
 *   dstport 8472 when Port is 0, nolearning, MTU = iface − 50), its /32 address `<subnet>.0`;
 *   per peer a permanent neighbour `<subnet>.0 → VtepMAC`, an FDB entry `VtepMAC dst <public
 *   ip> self permanent` and the route `<subnet> via <subnet>.0 dev flannel.1 onlink` (C10).
 * - host-gw (pkg/backend/route_network.go): per peer the route `<subnet> via <public ip> dev
 *   <iface>`; the kernel refuses a gateway that is not on a connected subnet and flanneld only
 *   logs the error (C11, C12).
 * - udp (pkg/backend/udp, proxy_amd64.c as scripts/flannel_udp_proxy.py re-implements it): TUN
 *   flannel0 with `<subnet>.0/32`, MTU = iface − 28, the route for the whole network into it,
 *   a UDP socket on `<public ip>:8285`, and a process that reads packets from the TUN (kernel →
 *   user), sends each whole as one datagram to the peer's 8285 (user → kernel), and writes what
 *   it receives back into the TUN (C07, C08). Each side decrements the inner TTL, as the proxy
 *   does.
 *
 * Left out: DirectRouting, GBP, IPv6 leases, the vxlan device watcher that recreates a deleted
 * flannel.1, host-gw's periodic route check (routeCheck every 10 s).
 */
import type { NetDevice } from '../../kernel/device';
import { type Errno, type KernelError, STRERROR } from '../../kernel/errors';
import { fdbAdd, fdbDel } from '../../kernel/fdb';
import { PROTO, SCOPE, TABLE } from '../../kernel/fib';
import { formatIpv4, formatMac, type Ipv4, networkOf, parseMac } from '../../kernel/inet';
import { neighAdd, neighDel } from '../../kernel/neigh';
import type { Netns } from '../../kernel/netns';
import { writeSysctl } from '../../kernel/procfs';
import {
  addrAdd,
  linkAdd,
  linkSetMtu,
  linkSetUp,
  type RouteRequest,
  routeAdd,
  routeDel,
} from '../../kernel/rtnl';
import type { SockHolder } from '../../kernel/sock-procs';
import { type TunFile, tunOpen } from '../../kernel/tun';
import {
  udpBind,
  udpRecv,
  udpSendto,
  udpSocketClose,
  udpSocketOpen,
} from '../../kernel/udp-socket';
import type { World } from '../../kernel/world';
import type { ProcBody } from '../../shell/process';
import { fillChecksum } from '../../wire';
import { type BackendType, type Lease, leaseAttrsString, type NetworkConfig } from './config';
import type { Severity } from './klog';

/** What a backend needs from the daemon. */
export interface BackendHost {
  readonly w: World;
  readonly ns: Netns;
  readonly cfg: NetworkConfig;
  /** The external interface and the public address (`--iface`, `--public-ip`). */
  readonly extDev: NetDevice;
  readonly publicIp: Ipv4;
  /** klog at verbosity `v` (shown when flanneld runs with `-v` ≥ v). */
  log(sev: Severity, where: string, msg: string, v?: number): void;
  /** flanneld's process, holding its sockets (for ss -p). */
  readonly holder?: SockHolder;
}

export interface Backend {
  readonly type: BackendType;
  /** FLANNEL_MTU. */
  mtu(): number;
  /** Before the lease: create what the lease announces (vxlan: the VTEP and its MAC). */
  prepare(): string | undefined;
  /** BackendData of our lease. */
  backendData(): Record<string, unknown> | undefined;
  /** After the lease: address the devices, open sockets. An error string stops flanneld. */
  configure(own: Lease): string | undefined;
  /** `[file:line, text]` of the "watching" line `Run` logs. */
  readonly watching: [string, string];
  added(l: Lease): void;
  removed(l: Lease): void;
  /** The data-path process, if the backend has one (udp); `wake` resumes it. */
  dataPath?(wake: () => void): ProcBody;
  stop(): void;
}

/** How Go prints a syscall.Errno (`network is unreachable`). */
export function goErrno(e: KernelError): string {
  const s: string = STRERROR[e.errno as Errno];
  return s.charAt(0).toLowerCase() + s.slice(1);
}

function route(
  dst: Ipv4,
  len: number,
  dev: NetDevice,
  gateway: Ipv4 | undefined,
  onlink: boolean,
): RouteRequest {
  return {
    table: TABLE.main,
    type: 'unicast',
    dst,
    len,
    tos: 0,
    // vishvananda/netlink sends RTPROT_BOOT and RT_SCOPE_UNIVERSE unless told otherwise.
    protocol: PROTO.boot,
    scope: SCOPE.universe,
    gateway,
    dev,
    metric: 0,
    onlink,
  };
}

/** vishvananda/netlink Route.String(), as flannel's route errors print it. */
function netlinkRouteString(r: RouteRequest): string {
  const gw = r.gateway === undefined ? '<nil>' : formatIpv4(r.gateway);
  return `{Ifindex: ${r.dev?.ifindex ?? 0} Dst: ${formatIpv4(r.dst)}/${r.len} Src: <nil> Gw: ${gw} Flags: [${r.onlink ? 'onlink' : ''}] Table: 0 Realm: 0}`;
}

const sn = (l: Lease) => `${formatIpv4(l.subnet)}/${l.len}`;

// --- vxlan -------------------------------------------------------------------------------------

export function vxlanBackend(h: BackendHost): Backend {
  const vni = h.cfg.vni;
  const name = `flannel.${vni}`;
  let dev: NetDevice | undefined;
  const w = h.w;
  const ns = h.ns;
  return {
    type: 'vxlan',
    watching: ['vxlan_network.go:68', 'watching for new subnet leases'],
    mtu: () => dev?.mtu ?? h.extDev.mtu - 50,
    prepare() {
      h.log(
        'I',
        'vxlan.go:128',
        `VXLAN config: VNI=${vni} Port=${h.cfg.port} GBP=false Learning=false DirectRouting=false`,
      );
      const existing = ns.byName(name);
      if (existing?.vxlan && existing.vxlan.vni === vni && existing.vxlan.local === h.publicIp) {
        h.log('I', 'device.go:89', 'VXLAN device already exists', 1);
        dev = existing;
      } else {
        const made = linkAdd(ns, {
          name,
          kind: 'vxlan',
          mtu: h.extDev.mtu - 50,
          vxlan: {
            vni,
            // Port 0 lets the kernel pick its default, 8472 (IANA's 4789 only when asked).
            dstport: h.cfg.port || 8472,
            local: h.publicIp,
            dev: h.extDev,
            learning: false,
            ttl: 0,
          },
        });
        if (!made.ok) return `failed to create vxlan device: ${goErrno(made.error)}`;
        dev = made.value;
      }
      writeSysctl(ns, `net.ipv6.conf.${name}.accept_ra`, '0');
      w.changed();
      return undefined;
    },
    backendData: () => ({ VNI: vni, VtepMAC: formatMac(dev?.mac ?? 0) }),
    configure(own) {
      if (!dev) return 'vxlan device missing';
      for (const a of [...dev.addrs]) {
        if (a.addr !== own.subnet || a.len !== 32) {
          h.log(
            'I',
            'iface.go:263',
            `removed IP address ${formatIpv4(a.addr)}/${a.len} from ${dev.name}`,
          );
        }
      }
      const r = addrAdd(dev, { addr: own.subnet, len: 32 }, true);
      if (!r.ok) return `failed to ensure address of interface ${dev.name}: ${goErrno(r.error)}`;
      const up = linkSetUp(dev, true);
      if (!up.ok) return `failed to set interface ${dev.name} to UP state: ${goErrno(up.error)}`;
      w.changed();
      return undefined;
    },
    added(l) {
      h.log(
        'I',
        'vxlan_network.go:270',
        `Received Subnet Event with VxLan: ${leaseAttrsString(l)}`,
      );
      if (l.backendType !== 'vxlan') {
        h.log(
          'W',
          'vxlan_network.go:272',
          `ignoring non-vxlan v4Subnet(${sn(l)}) v6Subnet(::/0): type=${l.backendType}`,
        );
        return;
      }
      const mac =
        typeof l.backendData?.VtepMAC === 'string' ? parseMac(l.backendData.VtepMAC) : undefined;
      if (!dev || mac === undefined) {
        h.log('E', 'vxlan_network.go:285', 'error decoding subnet lease JSON: invalid MAC address');
        return;
      }
      h.log(
        'I',
        'vxlan_network.go:355',
        `adding subnet: ${sn(l)} PublicIP: ${formatIpv4(l.publicIp)} VtepMAC: ${formatMac(mac)}`,
        2,
      );
      const arp = neighAdd(
        w,
        ns,
        { dev, addr: l.subnet, lladdr: mac, state: 'PERMANENT' },
        'replace',
      );
      if (!arp.ok) {
        h.log('E', 'vxlan_network.go:359', `AddARP failed: ${goErrno(arp.error)}`);
        return;
      }
      const fdb = fdbAdd(
        w,
        { mac, dev, self: true, master: false, state: 'permanent', dst: l.publicIp },
        'replace',
      );
      if (!fdb.ok) {
        h.log('E', 'vxlan_network.go:366', `AddFDB failed: ${goErrno(fdb.error)}`);
        neighDel(w, ns, dev, l.subnet);
        return;
      }
      const rt = routeAdd(ns, route(l.subnet, l.len, dev, l.subnet, true), 'replace');
      if (!rt.ok) {
        h.log(
          'E',
          'vxlan_network.go:383',
          `failed to add vxlanRoute (${sn(l)} -> ${formatIpv4(l.subnet)}): ${goErrno(rt.error)}`,
        );
        neighDel(w, ns, dev, l.subnet);
        fdbDel(w, { mac, dev, self: true, master: false, dst: l.publicIp });
      }
      w.changed();
    },
    removed(l) {
      if (l.backendType !== 'vxlan' || !dev) return;
      const mac =
        typeof l.backendData?.VtepMAC === 'string' ? parseMac(l.backendData.VtepMAC) : undefined;
      h.log(
        'I',
        'vxlan_network.go:465',
        `removing subnet: ${sn(l)} PublicIP: ${formatIpv4(l.publicIp)} VtepMAC: ${formatMac(mac ?? 0)}`,
        2,
      );
      neighDel(w, ns, dev, l.subnet);
      if (mac !== undefined) fdbDel(w, { mac, dev, self: true, master: false, dst: l.publicIp });
      routeDel(ns, { table: TABLE.main, dst: l.subnet, len: l.len, gateway: l.subnet, dev });
      w.changed();
    },
    stop() {},
  };
}

// --- host-gw -----------------------------------------------------------------------------------

export function hostGwBackend(h: BackendHost): Backend {
  const w = h.w;
  const ns = h.ns;
  return {
    type: 'host-gw',
    watching: ['route_network.go:56', 'Watching for new subnet leases'],
    mtu: () => h.extDev.mtu,
    prepare: () => undefined,
    backendData: () => undefined,
    configure: () => undefined,
    added(l) {
      if (l.backendType !== 'host-gw') {
        h.log('W', 'route_network.go:88', `Ignoring non-host-gw subnet: type=${l.backendType}`);
        return;
      }
      h.log('I', 'route_network.go:93', `Subnet added: ${sn(l)} via ${formatIpv4(l.publicIp)}`);
      const want = route(l.subnet, l.len, h.extDev, l.publicIp, false);
      const have = ns.fib
        .all()
        .find((r) => r.table === TABLE.main && r.dst === l.subnet && r.len === l.len);
      if (have && have.gateway === l.publicIp && have.dev === h.extDev) {
        h.log(
          'I',
          'route_network.go:166',
          `Route to ${netlinkRouteString(want)} already exists, skipping.`,
        );
        return;
      }
      if (have) {
        const shown = route(have.dst, have.len, have.dev ?? h.extDev, have.gateway, have.onlink);
        h.log(
          'W',
          'route_network.go:152',
          `Replacing existing route to ${netlinkRouteString(shown)} with ${netlinkRouteString(want)}`,
        );
        routeDel(ns, { table: TABLE.main, dst: have.dst, len: have.len, gateway: have.gateway });
      }
      const r = routeAdd(ns, want, 'add');
      if (!r.ok) {
        h.log(
          'E',
          'route_network.go:168',
          `Error adding route to ${netlinkRouteString(want)}: ${goErrno(r.error)}`,
        );
        return;
      }
      w.changed();
    },
    removed(l) {
      if (l.backendType !== 'host-gw') return;
      h.log('I', 'route_network.go:113', `Subnet removed: ${sn(l)}`);
      const r = routeDel(ns, {
        table: TABLE.main,
        dst: l.subnet,
        len: l.len,
        gateway: l.publicIp,
        dev: h.extDev,
      });
      if (!r.ok) {
        h.log('E', 'route_network.go:120', `Error deleting route to ${sn(l)}: ${goErrno(r.error)}`);
      }
      w.changed();
    },
    stop() {},
  };
}

// --- udp ---------------------------------------------------------------------------------------

/** IP + UDP header: what the encapsulation costs (udp_network_amd64.go encapOverhead). */
const ENCAP_OVERHEAD = 28;
const UDP_FILE = 'udp_network_amd64.go';

/** Decrement an IPv4 packet's TTL in place (proxy_amd64.c decrement_ttl); false when it hits 0. */
function decrementTtl(pkt: Uint8Array): boolean {
  pkt[8] = (pkt[8] - 1) & 0xff;
  if (pkt[8] === 0) return false;
  fillChecksum(pkt, 10, 0, (pkt[0] & 0x0f) * 4);
  return true;
}

/** proxy_amd64.c send_net_unreachable: ICMP type 3 code 0, IP TTL 8, from the TUN address. */
function netUnreachable(offender: Uint8Array, from: Ipv4): Uint8Array | undefined {
  const ihl = (offender[0] & 0x0f) * 4;
  if (offender[9] === 1) return undefined; // never ICMP about ICMP (RFC 792)
  if (((offender[6] << 8) | offender[7]) & 0x1fff) return undefined; // first fragment only
  const quoted = offender.subarray(0, Math.min(offender.length, ihl + 8));
  const pkt = new Uint8Array(20 + 8 + quoted.length);
  pkt[0] = 0x45;
  const total = pkt.length;
  pkt[2] = total >> 8;
  pkt[3] = total & 0xff;
  pkt[8] = 8;
  pkt[9] = 1;
  const dv = new DataView(pkt.buffer);
  dv.setUint32(12, from);
  pkt.set(offender.subarray(12, 16), 16);
  fillChecksum(pkt, 10, 0, 20);
  pkt[20] = 3;
  pkt.set(quoted, 28);
  fillChecksum(pkt, 22, 20, pkt.length);
  return pkt;
}

export function udpBackend(h: BackendHost): Backend {
  const w = h.w;
  const ns = h.ns;
  const port = h.cfg.port || 8285;
  /** The peers' subnets (proxy_amd64.c's route table), in lease order. */
  const peers = new Map<string, Lease>();
  let tun: TunFile | undefined;
  let tunAddr = 0;
  const sock = udpSocketOpen(ns, 'flanneld', h.holder);
  const peerFor = (dst: Ipv4): Lease | undefined => {
    for (const l of peers.values()) if (networkOf(dst, l.len) === l.subnet) return l;
    return undefined;
  };
  return {
    type: 'udp',
    watching: [`${UDP_FILE}:99`, 'Watching for new subnet leases'],
    mtu: () => h.extDev.mtu - ENCAP_OVERHEAD,
    prepare: () => undefined,
    backendData: () => undefined,
    configure(own) {
      // ip.OpenTun("flannel%d"): the first free name.
      let name = '';
      for (let i = 0; ; i++) {
        if (!ns.byName(`flannel${i}`)) {
          name = `flannel${i}`;
          break;
        }
      }
      const opened = tunOpen(w, ns, name, { mode: 'tun', owner: 'flanneld' });
      if (!opened.ok) return `failed to open TUN device: ${goErrno(opened.error)}`;
      tun = opened.value;
      const dev = tun.dev;
      tunAddr = own.subnet;
      const a = addrAdd(dev, { addr: own.subnet, len: 32 });
      if (!a.ok) {
        return `failed to add IP address ${formatIpv4(own.subnet)}/32 to ${name}: ${goErrno(a.error)}`;
      }
      const m = linkSetMtu(dev, h.extDev.mtu - ENCAP_OVERHEAD);
      if (!m.ok) return `failed to set MTU for ${name}: ${goErrno(m.error)}`;
      const up = linkSetUp(dev, true);
      if (!up.ok) return `failed to set interface ${name} to UP state: ${goErrno(up.error)}`;
      const rt = routeAdd(ns, route(h.cfg.network, h.cfg.prefixLen, dev, undefined, false), 'add');
      if (!rt.ok && rt.error.errno !== 'EEXIST') {
        return `failed to add route (${formatIpv4(h.cfg.network)}/${h.cfg.prefixLen} -> ${name}): ${goErrno(rt.error)}`;
      }
      const b = udpBind(sock, h.publicIp, port);
      if (!b.ok) {
        return `failed to start listening on UDP socket: listen udp4 ${formatIpv4(h.publicIp)}:${port}: bind: ${goErrno(b.error)}`;
      }
      w.changed();
      return undefined;
    },
    added(l) {
      h.log('I', `${UDP_FILE}:193`, `Subnet added: ${sn(l)}`);
      peers.set(sn(l), l);
    },
    removed(l) {
      h.log('I', `${UDP_FILE}:198`, `Subnet removed: ${sn(l)}`);
      peers.delete(sn(l));
    },
    *dataPath(wake) {
      const file = tun;
      if (!file) return 1;
      file.onReadable = () => wake();
      sock.onReadable = () => wake();
      for (;;) {
        // tun → udp: one read (kernel → user), one sendto (user → kernel) per packet.
        for (let p = file.readPacket(); p; p = file.readPacket()) {
          const pkt = p.data.slice();
          if (pkt.length < 20 || pkt[0] >> 4 !== 4) continue;
          const dst = new DataView(pkt.buffer).getUint32(16);
          const peer = peerFor(dst);
          if (!peer) {
            const icmp = netUnreachable(pkt, tunAddr);
            if (icmp) file.write(icmp, p.packetId);
            continue;
          }
          if (!decrementTtl(pkt)) continue;
          udpSendto(w, sock, peer.publicIp, port, pkt, p.packetId);
        }
        // udp → tun: one recvfrom (kernel → user), one write (user → kernel).
        for (let d = udpRecv(w, sock); d; d = udpRecv(w, sock)) {
          const pkt = d.data.slice();
          if (pkt.length < 20 || !decrementTtl(pkt)) continue;
          file.write(pkt, d.packetId);
        }
        if (file.closed) return 0;
        yield {};
      }
    },
    stop() {
      tun?.close();
      udpSocketClose(sock);
    },
  };
}

export function makeBackend(h: BackendHost): Backend {
  if (h.cfg.backend === 'vxlan') return vxlanBackend(h);
  if (h.cfg.backend === 'host-gw') return hostGwBackend(h);
  return udpBackend(h);
}
