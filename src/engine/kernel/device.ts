/**
 * Network devices as the kernel sees them: flags, carrier, operstate, MTU, MAC, master and the
 * kind-specific parts (veth peer, bridge ports, VXLAN parameters, TUN owner). The rules for
 * carrier and operstate follow net/core/dev.c and net/core/link_watch.c (rfc2863_policy):
 * no carrier on a device with a lower link is LOWERLAYERDOWN, without one it is DOWN, and
 * devices that never report carrier changes (lo, dummy, vxlan) stay UNKNOWN while up.
 */
import type { FdbEntry } from './bridge';
import type { Capture } from './capture';
import type { Ipv4, Mac } from './inet';
import type { Netns } from './netns';
import type { Qdisc } from './qdisc';
import type { SysctlTable } from './sysctl-table';
import type { TunParams } from './tun';
import type { UdpSocket } from './udp-socket';
import type { VxlanFdb } from './vxlan-fdb';

export const IFF = {
  UP: 0x1,
  BROADCAST: 0x2,
  LOOPBACK: 0x8,
  POINTOPOINT: 0x10,
  RUNNING: 0x40,
  NOARP: 0x80,
  PROMISC: 0x100,
  ALLMULTI: 0x200,
  MASTER: 0x400,
  SLAVE: 0x800,
  MULTICAST: 0x1000,
  LOWER_UP: 0x10000,
  DORMANT: 0x20000,
} as const;

export type DeviceKind = 'loopback' | 'nic' | 'veth' | 'bridge' | 'dummy' | 'tun' | 'vxlan';
export type OperState = 'UNKNOWN' | 'DOWN' | 'LOWERLAYERDOWN' | 'UP';

/** ARPHRD_* names as `ip link` prints them after `link/`. */
export type LinkType = 'loopback' | 'ether' | 'none';

export interface IfAddr4 {
  addr: Ipv4;
  len: number;
  /** Set only when given (`brd` / `brd +`); iproute2 prints it only then. */
  broadcast?: Ipv4;
  scope: number;
  label: string;
  secondary: boolean;
  /** The other end of a point-to-point address (`ip addr add A peer B`). */
  peer?: Ipv4;
  /** valid_lft / preferred_lft as virtual times the address expires / is deprecated (absent: forever). */
  validUntil?: number;
  preferredUntil?: number;
  /** When those lifetimes were set (the kernel counts whole seconds from here). */
  lifetimeSince?: number;
}

export interface Ipv6Addr {
  /** Text form, e.g. `fe80::42:acff:fe11:2`. */
  addr: string;
  len: number;
  /** Duplicate address detection runs until this virtual time (`tentative` in `ip addr`). */
  tentativeUntil: number;
  /** IFA_F_STABLE_PRIVACY: a random interface id (addrgenmode random / stable_secret). */
  stablePrivacy?: boolean;
}

export interface VxlanParams {
  vni: number;
  dstport: number;
  local?: Ipv4;
  group?: Ipv4;
  /** Underlay device (`dev eth0`). */
  dev?: NetDevice;
  learning: boolean;
  ttl: number;
  /** `udpcsum` (the default for IPv4) or `noudpcsum`: whether the outer UDP checksum is filled. */
  udpCsum?: boolean;
  /** `srcport MIN MAX`; both 0 (the default) mean the ephemeral range 32768–60999. */
  srcPortMin?: number;
  srcPortMax?: number;
  /** The forwarding database (kernel/vxlan-fdb.ts), created on first use. */
  fdb?: VxlanFdb;
  /** The kernel UDP socket on `dstport` while the device is up (kernel/vxlan.ts). */
  sock?: UdpSocket;
}

export interface BridgeParams {
  ports: NetDevice[];
  /** False until the bridge's MAC is set by hand; until then it follows the lowest port MAC. */
  macSet: boolean;
  /** A bridge that never had a port reports carrier on (state UNKNOWN when up). */
  hadPort: boolean;
  ageingTime: number;
  stp: boolean;
  /** `bridge fdb add MAC dev BR`: local (permanent) entries on the bridge itself, oldest first. */
  localFdb?: Mac[];
}

/** The rp_filter mode of a device and what it was computed from (kernel/procfs.ts). */
export interface RpFilterCache {
  sysctl: SysctlTable;
  generation: number;
  name: string;
  mode: number;
}

export interface DeviceStats {
  rxPackets: number;
  rxBytes: number;
  rxDropped: number;
  txPackets: number;
  txBytes: number;
  txDropped: number;
}

export class NetDevice {
  ifindex: number;
  name: string;
  readonly kind: DeviceKind;
  netns: Netns;
  mtu: number;
  mac: Mac;
  adminUp = false;
  /** qdisc is `noop` until a device is first brought up. */
  everUp = false;
  txqlen = 1000;
  master: NetDevice | undefined;
  addrs: IfAddr4[] = [];
  /** IPv6 addresses: the link-local one while up with carrier (after DAD), `::1` on lo. */
  ipv6: Ipv6Addr[] = [];
  stats: DeviceStats = {
    rxPackets: 0,
    rxBytes: 0,
    rxDropped: 0,
    txPackets: 0,
    txBytes: 0,
    txDropped: 0,
  };
  /** veth: the other end. */
  peer: NetDevice | undefined;
  bridge: BridgeParams | undefined;
  vxlan: VxlanParams | undefined;
  /** tun: whether a process holds the device open (carrier). */
  tunAttached = false;
  /** tun: mode, persistence and the open file descriptors (kernel/tun.ts). */
  tun: TunParams | undefined;
  /** `bridge fdb add MAC dev DEV self` on a plain device: its secondary unicast addresses. */
  fdbUc: Mac[] | undefined;
  /** … and its multicast addresses added by hand (after the ones the stack joins). */
  fdbMc: Mac[] | undefined;
  /** `ip link set … promisc on` (IFF_PROMISC; promiscuity counts it) and `arp off` (IFF_NOARP). */
  promiscSet = false;
  noArpSet = false;
  /** `ip link set … alias TEXT` (IFLA_IFALIAS). */
  alias: string | undefined;
  /** Carrier on/off transitions (`transns` in `ip -s -s link`), counted at each link change. */
  carrierChanges = 0;
  /** The carrier as the last link change left it (undefined before the first). */
  lastCarrier: boolean | undefined;
  /** Its IPv6 addresses were flushed while up: none come back until it goes down and up. */
  ipv6Flushed = false;
  /** Brought down once with IPv6 ready: the multicast list lost all-nodes and its order changes. */
  mcRejoined = false;
  /** nic: cabled to a segment (carrier). */
  cabled = false;
  /** Bridge port number (1, 2, …: lowest free when the port joined). */
  portNo = 0;
  /** tun: addrconf switched addr_gen_mode to random (first up with carrier, ARPHRD_NONE). */
  addrGenRandom = false;
  /** Bridge port flags changed from their defaults (`bridge link set … hairpin on`); reset on leave. */
  brportFlags: Map<string, boolean> | undefined;
  /** How the MAC was set: random at creation, or by hand. */
  macSetByUser = false;
  /** bridge: learnt forwarding entries by MAC, created on first use (kernel/bridge.ts). */
  fdb: Map<Mac, FdbEntry> | undefined;
  /** A packet tap (what tcpdump and pcap export attach): every frame sent or received here. */
  tap: ((frame: Uint8Array, dir: 'in' | 'out') => void) | undefined;
  /** Packet captures bound to this device (kernel/capture.ts); undefined while there are none. */
  captures: Capture[] | undefined;
  /** The root qdisc `tc` attached (kernel/qdisc.ts); undefined while the default one serves. */
  qdiscRoot: Qdisc | undefined;
  /** procfs.ts `rpFilterMode`, kept until the sysctls it was read from change (perf only). */
  rpFilterCache: RpFilterCache | undefined;

  constructor(netns: Netns, ifindex: number, name: string, kind: DeviceKind, mac: Mac) {
    this.netns = netns;
    this.ifindex = ifindex;
    this.name = name;
    this.kind = kind;
    this.mac = mac;
    this.mtu = kind === 'loopback' ? 65536 : kind === 'vxlan' ? 1450 : 1500;
    if (kind === 'tun') this.txqlen = 500;
  }

  /** netif_carrier_ok: whether the device has a link, independent of admin state. */
  get carrier(): boolean {
    switch (this.kind) {
      case 'loopback':
      case 'dummy':
      case 'vxlan':
        return true;
      case 'veth':
        return this.adminUp && !!this.peer?.adminUp;
      case 'bridge': {
        const b = this.bridge as BridgeParams;
        if (!b.hadPort) return true;
        return b.ports.some((p) => p.adminUp && p.carrier);
      }
      case 'tun':
        return this.tunAttached;
      default:
        return this.cabled;
    }
  }

  /** Whether the kernel considers the device running (up with carrier). */
  get running(): boolean {
    return this.adminUp && this.carrier;
  }

  get linkType(): LinkType {
    if (this.kind === 'loopback') return 'loopback';
    return this.kind === 'tun' && this.tun?.mode !== 'tap' ? 'none' : 'ether';
  }

  /** IFF_* flags as RTM_NEWLINK reports them. */
  get flags(): number {
    let f = 0;
    switch (this.kind) {
      case 'loopback':
        f = IFF.LOOPBACK;
        break;
      case 'tun':
        f =
          this.tun?.mode === 'tap'
            ? IFF.BROADCAST | IFF.MULTICAST
            : IFF.POINTOPOINT | IFF.MULTICAST | IFF.NOARP;
        break;
      case 'dummy':
        f = IFF.BROADCAST | IFF.NOARP;
        break;
      default:
        f = IFF.BROADCAST | IFF.MULTICAST;
    }
    if (this.noArpSet) f |= IFF.NOARP;
    if (this.promiscSet) f |= IFF.PROMISC;
    if (this.adminUp) f |= IFF.UP;
    if (this.running) f |= IFF.RUNNING | IFF.LOWER_UP;
    return f;
  }

  get operstate(): OperState {
    if (!this.adminUp) return 'DOWN';
    if (this.kind === 'loopback' || this.kind === 'dummy' || this.kind === 'vxlan')
      return 'UNKNOWN';
    if (this.kind === 'tun') return this.carrier ? 'UNKNOWN' : 'DOWN';
    if (this.kind === 'bridge' && !(this.bridge as BridgeParams).hadPort) return 'UNKNOWN';
    if (this.carrier) return 'UP';
    return this.iflink !== this.ifindex ? 'LOWERLAYERDOWN' : 'DOWN';
  }

  get qdisc(): string {
    if (this.qdiscRoot) return this.qdiscRoot.kind;
    if (!this.everUp) return 'noop';
    if (this.kind === 'nic') return 'fq_codel';
    // tun has no IFF_NO_QUEUE: it gets the default qdisc, pfifo_fast on the reference kernel.
    if (this.kind === 'tun') return 'pfifo_fast';
    return 'noqueue';
  }

  /** dev_get_iflink: a veth's peer, a vxlan's underlay, otherwise the device itself. */
  get iflink(): number {
    if (this.kind === 'veth') return this.peer ? this.peer.ifindex : 0;
    return this.ifindex;
  }

  get broadcastMac(): Mac {
    return this.kind === 'loopback' ? 0 : 0xffffffffffff;
  }

  /** Minimum and maximum MTU the driver accepts. */
  get mtuRange(): [number, number] {
    switch (this.kind) {
      case 'loopback':
        // loopback_setup leaves max_mtu 0: no upper limit (dev_validate_mtu skips a 0 max)
        return [0, 0];
      case 'veth':
        return [68, 65535];
      case 'bridge':
        return [68, 65535];
      case 'vxlan':
        return [68, 65535];
      case 'tun':
        // tap: ETH_MAX_MTU minus the Ethernet header (ether_setup's max_mtu 65535 - 14)
        return [68, this.tun?.mode === 'tap' ? 65521 : 65535];
      default:
        return [68, 65535];
    }
  }
}
