/**
 * iproute2 6.1's text output for links, addresses and routes (ip/ipaddress.c print_linkinfo,
 * print_addrinfo, ip/iproute.c print_route), including its trailing spaces.
 */
import { IFF, type IfAddr4, type NetDevice } from '../../../kernel/device';
import { PROTO_NAMES, type Route, RTN, SCOPE, TABLE } from '../../../kernel/fib';
import { formatIpv4, formatMac, macBytes } from '../../../kernel/inet';
import type { Netns } from '../../../kernel/netns';
import { bridgeIdMac, routeLinkdown } from '../../../kernel/rtnl';
import type { Json } from './json';

export interface ShowOptions {
  brief: boolean;
  oneline: boolean;
  details: boolean;
  stats: number;
  /** 'inet' (-4), 'inet6' (-6), 'link' (-0) or undefined for all. */
  family?: 'inet' | 'inet6' | 'link';
  /** Set for a dump of every device (no `dev` filter). */
  allDevices?: boolean;
  /** `ip addr show label X | scope S | to P | primary | secondary | dynamic | permanent`. */
  addrFilter?: AddrFilter;
}

export interface AddrFilter {
  /** A glob of labels (fnmatch: `*` and `?`). */
  label?: string;
  scope?: number;
  to?: { addr: number; len: number };
  primary?: boolean;
  secondary?: boolean;
  dynamic?: boolean;
  permanent?: boolean;
}

function globToRegExp(glob: string): RegExp {
  const body = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${body}$`);
}

/** Whether an IPv4 address passes `ip addr show`'s selectors. */
function keepAddr(a: IfAddr4, f: AddrFilter | undefined): boolean {
  if (!f) return true;
  if (f.label !== undefined && !globToRegExp(f.label).test(a.label)) return false;
  if (f.scope !== undefined && a.scope !== f.scope) return false;
  if (f.primary && a.secondary) return false;
  if (f.secondary && !a.secondary) return false;
  if (f.dynamic && a.validUntil === undefined) return false;
  if (f.permanent && a.validUntil !== undefined) return false;
  const to = f.to;
  if (to) {
    const mask = to.len === 0 ? 0 : (0xffffffff << (32 - to.len)) >>> 0;
    if (((a.addr ^ to.addr) & mask) >>> 0 !== 0 || a.len < to.len) return false;
  }
  return true;
}

const FLAG_ORDER: [keyof typeof IFF, number][] = [
  ['LOOPBACK', IFF.LOOPBACK],
  ['BROADCAST', IFF.BROADCAST],
  ['POINTOPOINT', IFF.POINTOPOINT],
  ['MULTICAST', IFF.MULTICAST],
  ['NOARP', IFF.NOARP],
  ['ALLMULTI', IFF.ALLMULTI],
  ['PROMISC', IFF.PROMISC],
  ['MASTER', IFF.MASTER],
  ['SLAVE', IFF.SLAVE],
  ['UP', IFF.UP],
  ['LOWER_UP', IFF.LOWER_UP],
  ['DORMANT', IFF.DORMANT],
];

export function scopeName(scope: number): string {
  switch (scope) {
    case SCOPE.universe:
      return 'global';
    case SCOPE.site:
      return 'site';
    case SCOPE.link:
      return 'link';
    case SCOPE.host:
      return 'host';
    case SCOPE.nowhere:
      return 'nowhere';
    default:
      return String(scope);
  }
}

export function tableName(t: number): string {
  return t === TABLE.main
    ? 'main'
    : t === TABLE.local
      ? 'local'
      : t === TABLE.default
        ? 'default'
        : String(t);
}

/** `<NO-CARRIER,BROADCAST,MULTICAST,UP>` plus `,M-DOWN` (without the trailing space). */
export function linkFlags(dev: NetDevice): string {
  return linkFlagsWith(dev, mDown(dev));
}

/** The flags with an explicit M-DOWN decision (`bridge link` resolves the peer differently). */
export function linkFlagsWith(dev: NetDevice, mdown: boolean): string {
  const flags = dev.flags;
  const parts: string[] = [];
  if (flags & IFF.UP && !(flags & IFF.RUNNING)) parts.push('NO-CARRIER');
  for (const [name, bit] of FLAG_ORDER) if (flags & bit) parts.push(name);
  let text = `<${parts.join(',')}`;
  if (mdown) text += ',M-DOWN';
  return `${text}>`;
}

/** The peer (IFLA_LINK) is in this namespace and administratively down. */
function mDown(dev: NetDevice): boolean {
  return dev.kind === 'veth' && !!dev.peer && dev.peer.netns === dev.netns && !dev.peer.adminUp;
}

/** `name` or `name@peer` / `name@ifN` / `name@NONE`. */
export function nameAndLink(dev: NetDevice): string {
  if (dev.kind !== 'veth') return dev.name;
  const peer = dev.peer;
  if (!peer) return `${dev.name}@NONE`;
  if (peer.netns !== dev.netns) return `${dev.name}@if${peer.ifindex}`;
  return `${dev.name}@${peer.name}`;
}

/**
 * The name in an AF_INET6 link dump (inet6_fill_ifinfo): IFLA_LINK only when the peer's index
 * differs from the device's own, and never a netnsid, so iproute2 names that index as if it
 * were in this namespace.
 */
function nameAndLinkV6(dev: NetDevice): string {
  const peer = dev.kind === 'veth' ? dev.peer : undefined;
  if (!peer || peer.ifindex === dev.ifindex) return dev.name;
  const here = peer.netns === dev.netns ? peer : dev.netns.byIndex(peer.ifindex);
  return `${dev.name}@${here ? here.name : `if${peer.ifindex}`}`;
}

/** ` link-netns NAME` or ` link-netnsid N` for a veth whose peer lives in another namespace. */
function linkNetns(dev: NetDevice): string {
  const peer = dev.peer;
  if (dev.kind !== 'veth' || !peer || peer.netns === dev.netns) return '';
  const id = dev.netns.nsidOf(peer.netns);
  // iproute2 maps the id to a name by asking each /run/netns entry for its id.
  const named = peer.netns.name !== undefined && peer.netns.machine === dev.netns.machine;
  return named ? ` link-netns ${peer.netns.name}` : ` link-netnsid ${id}`;
}

export function printLink(dev: NetDevice, o: ShowOptions, mode: 'link' | 'addr'): string {
  const nl = o.oneline ? '\\' : '\n';
  // An AF_INET6 link dump carries no qdisc, group or link-layer address.
  const v6Dump = mode === 'addr' && o.family === 'inet6' && o.allDevices;
  const name = v6Dump ? nameAndLinkV6(dev) : nameAndLink(dev);
  if (o.brief) {
    const head = `${name.padEnd(16)} ${dev.operstate.padEnd(14)} `;
    if (mode === 'link') {
      const mac = dev.linkType === 'none' ? '' : `${formatMac(dev.mac)} `;
      return `${head}${mac}${linkFlags(dev)} \n`;
    }
    return head + briefAddrs(dev, o);
  }
  if (v6Dump) {
    const head = `${dev.ifindex}: ${name}: ${linkFlags(dev)} mtu ${dev.mtu} state ${dev.operstate} qlen ${dev.txqlen}`;
    return o.oneline ? oneLineAddrs(dev, o) : `${head}${addrLines(dev, o, nl)}\n`;
  }
  // Selecting by label lists the addresses alone, without their link (print_addrinfo only).
  if (mode === 'addr' && o.addrFilter?.label !== undefined && !o.oneline) {
    const lines = addrLines(dev, o, nl);
    return lines === '' ? '' : `${lines.slice(nl.length)}\n`;
  }
  let s = `${dev.ifindex}: ${nameAndLink(dev)}: ${linkFlags(dev)} mtu ${dev.mtu} qdisc ${dev.qdisc} `;
  if (dev.master) s += `master ${dev.master.name} `;
  s += `state ${dev.operstate} `;
  if (mode === 'link') s += 'mode DEFAULT ';
  s += `group default qlen ${dev.txqlen}`;
  if (mode === 'link' || o.family === undefined || o.family === 'link' || o.details) {
    s += `${nl}    link/${dev.linkType} `;
    if (dev.linkType !== 'none') s += `${formatMac(dev.mac)} brd ${formatMac(dev.broadcastMac)}`;
  }
  s += linkNetns(dev);
  if (o.details) s += details(dev, nl, mode);
  if (dev.alias !== undefined && mode === 'link') s += `${nl}    alias ${dev.alias}`;
  if (o.stats > 0) s += stats(dev, nl, o.stats > 1);
  if (mode === 'addr') s += addrLines(dev, o, nl);
  return o.oneline && mode === 'addr' ? oneLineAddrs(dev, o) : `${s}\n`;
}

/** A MAC as bridge ids print it: bytes in hex without leading zeros (`2:42:ac:11:0:2`). */
function shortMac(m: number): string {
  return macBytes(m)
    .map((b) => b.toString(16))
    .join(':');
}

const timer = (seconds: number) => seconds.toFixed(2).padStart(7);

function bridgeDetails(br: NetDevice): string {
  const id = `8000.${shortMac(bridgeIdMac(br))}`;
  return (
    `bridge forward_delay 1500 hello_time 200 max_age 2000 ageing_time ${br.bridge?.ageingTime ?? 30000} ` +
    `stp_state 0 priority 32768 vlan_filtering 0 bridge_id ${id} designated_root ${id} root_port 0 ` +
    `root_path_cost 0 topology_change 0 topology_change_detected 0 hello_timer ${timer(0)} ` +
    `tcn_timer ${timer(0)} topology_change_timer ${timer(0)} gc_timer ${timer(0)} group_fwd_mask 0 ` +
    'group_address 01:80:c2:00:00:00 mcast_snooping 1 no_linklocal_learn 0 mcast_vlan_snooping 0 ' +
    'mcast_router 1 mcast_query_use_ifaddr 0 mcast_querier 0 mcast_hash_elasticity 16 ' +
    'mcast_hash_max 4096 mcast_last_member_count 2 mcast_startup_query_count 2 ' +
    'mcast_last_member_interval 100 mcast_membership_interval 26000 mcast_querier_interval 25500 ' +
    'mcast_query_interval 12500 mcast_query_response_interval 1000 mcast_startup_query_interval 3124 ' +
    'mcast_stats_enabled 0 mcast_igmp_version 2 mcast_mld_version 1 nf_call_iptables 0 ' +
    'nf_call_ip6tables 0 nf_call_arptables 0 '
  );
}

/** Bridge port flags (`bridge link set`) and their defaults on a new port. */
export const BRPORT_DEFAULTS: Readonly<Record<string, boolean>> = {
  hairpin: false,
  guard: false,
  root_block: false,
  fastleave: false,
  learning: true,
  flood: true,
  mcast_flood: true,
  bcast_flood: true,
  mcast_to_unicast: false,
  neigh_suppress: false,
  vlan_tunnel: false,
  isolated: false,
  locked: false,
};

/** `on` / `off` for a bridge port flag. */
export function brportFlag(port: NetDevice, name: string): string {
  return (port.brportFlags?.get(name) ?? BRPORT_DEFAULTS[name]) ? 'on' : 'off';
}

function bridgeSlaveDetails(port: NetDevice, br: NetDevice): string {
  const id = `8000.${shortMac(bridgeIdMac(br))}`;
  const portId = 0x8000 + port.portNo;
  const f = (name: string) => `${name} ${brportFlag(port, name)} `;
  return (
    `bridge_slave state ${port.running ? 'forwarding' : 'disabled'} priority 32 cost 2 ` +
    `${f('hairpin')}${f('guard')}${f('root_block')}${f('fastleave')}${f('learning')}${f('flood')}` +
    `port_id 0x${portId.toString(16)} port_no 0x${port.portNo.toString(16)} designated_port ${portId} ` +
    `designated_cost 0 designated_bridge ${id} designated_root ${id} hold_timer ${timer(0)} ` +
    `message_age_timer ${timer(0)} forward_delay_timer ${timer(0)} topology_change_ack 0 ` +
    'config_pending 0 proxy_arp off proxy_arp_wifi off mcast_router 1 ' +
    `mcast_fast_leave ${brportFlag(port, 'fastleave')} ${f('mcast_flood')}${f('bcast_flood')}` +
    `${f('mcast_to_unicast')}${f('neigh_suppress')}group_fwd_mask 0 group_fwd_mask_str 0x0 ` +
    `${f('vlan_tunnel')}${f('isolated')}${f('locked')}`
  );
}

function kindDetails(dev: NetDevice): string {
  switch (dev.kind) {
    case 'veth':
      return 'veth ';
    case 'bridge':
      return bridgeDetails(dev);
    case 'vxlan': {
      const v = dev.vxlan;
      if (!v) return 'vxlan ';
      let s = `vxlan id ${v.vni} `;
      if (v.group !== undefined) s += `remote ${formatIpv4(v.group)} `;
      if (v.local !== undefined) s += `local ${formatIpv4(v.local)} `;
      if (v.dev) s += `dev ${v.dev.name} `;
      s += `srcport ${v.srcPortMin ?? 0} ${v.srcPortMax ?? 0} dstport ${v.dstport} `;
      if (!v.learning) s += 'nolearning ';
      s += `ttl ${v.ttl === 0 ? 'auto' : v.ttl} ageing 300 `;
      s += `${v.udpCsum === false ? 'no' : ''}udpcsum noudp6zerocsumtx noudp6zerocsumrx `;
      return s;
    }
    case 'tun':
      return `tun type ${dev.tun?.mode ?? 'tun'} pi off vnet_hdr off persist ${dev.tun?.persist ? 'on' : 'off'} `;
    case 'dummy':
      return 'dummy ';
    default:
      return '';
  }
}

/** IFLA_TSO_MAX_SIZE: GSO_MAX_SIZE for software devices that never set it (bridge, tun, tap). */
function tsoMaxSize(dev: NetDevice): number {
  // a vxlan device inherits its lower device's limit (netif_inherit_tso_max)
  if (dev.kind === 'vxlan') return dev.vxlan?.dev ? tsoMaxSize(dev.vxlan.dev) : 65536;
  // a bridge takes the smallest of its ports' (br_set_gso_limits); without ports, 64 KiB
  if (dev.kind === 'bridge') {
    const ports = dev.bridge?.ports ?? [];
    return ports.length > 0 ? Math.min(...ports.map(tsoMaxSize)) : 65536;
  }
  return dev.kind === 'tun' ? 65536 : 524280;
}

function addrGenMode(dev: NetDevice): string {
  return dev.addrGenRandom ? 'random' : 'eui64';
}

/**
 * `ip -d link`: promiscuity, MTU range, the kind's own line, the bridge port line. `ip -d addr`
 * prints the same without `addrgenmode` (its link dump carries no IFLA_AF_SPEC).
 */
function details(dev: NetDevice, nl: string, mode: 'link' | 'addr'): string {
  const [min, max] = dev.mtuRange;
  const port = dev.master?.bridge ? 1 : 0;
  const promisc = port + (dev.promiscSet ? 1 : 0);
  let s = ` promiscuity ${promisc}  allmulti ${port} minmtu ${min} maxmtu ${max} `;
  const kind = kindDetails(dev);
  if (kind !== '') s += `${nl}    ${kind}`;
  if (dev.master?.bridge) s += `${nl}    ${bridgeSlaveDetails(dev, dev.master)}`;
  const queues = dev.kind === 'veth' ? 2 : 1;
  if (mode === 'link') s += `addrgenmode ${addrGenMode(dev)} `;
  s +=
    `numtxqueues ${queues} numrxqueues ${queues} gso_max_size 65536 ` +
    `gso_max_segs 65535 tso_max_size ${tsoMaxSize(dev)} tso_max_segs 65535 gro_max_size 65536 `;
  return s;
}

/**
 * `ip -s link` counters as iproute2 6.1's print_stats64 lays them out: column widths start at the
 * header words (bytes 10, packets 7, errors 6, then 7) and widen to the longest number of RX and TX.
 */
function stats(dev: NetDevice, nl: string, errors: boolean): string {
  const st = dev.stats;
  const rx = [st.rxBytes, st.rxPackets, 0, st.rxDropped, 0, 0];
  const tx = [st.txBytes, st.txPackets, 0, st.txDropped, 0, 0];
  const cols = [10, 7, 6, 7, 7, 7];
  for (const v of [...rx, ...tx].entries()) {
    const i = v[0] % 6;
    cols[i] = Math.max(cols[i], String(v[1]).length);
  }
  const head = (dir: string, words: string[]) =>
    `${nl}    ${dir}: ${words.map((w, i) => w.padStart(i === 0 ? cols[0] - 4 : cols[i])).join(' ')} ${''.padStart(10)}`;
  const row = (vals: number[]) =>
    `${nl}    ${vals.map((v, i) => `${String(v).padStart(cols[i])} `).join('')}`;
  // -s -s: the error breakdowns, under the columns from packets on.
  const errHead = (dir: string, words: string[]) =>
    errors
      ? `${nl}    ${dir} errors:${words.map((w, i) => ` ${w.padStart(cols[i + 1])}`).join('')}`
      : '';
  const errRow = (vals: number[]) =>
    errors
      ? `${nl}${' '.repeat(cols[0] + 4)}${vals.map((v, i) => ` ${String(v).padStart(cols[i + 1])}`).join('')} `
      : '';
  return (
    head('RX', ['bytes', 'packets', 'errors', 'dropped', 'missed', 'mcast']) +
    row(rx) +
    errHead('RX', ['length', 'crc', 'frame', 'fifo', 'overrun']) +
    errRow([0, 0, 0, 0, 0]) +
    head('TX', ['bytes', 'packets', 'errors', 'dropped', 'carrier', 'collsns']) +
    row(tx) +
    errHead('TX', ['aborted', 'fifo', 'window', 'heartbt', 'transns']) +
    errRow([0, 0, 0, 0, dev.carrierChanges])
  );
}

interface AddrLine {
  family: 'inet' | 'inet6';
  text: string;
  /** `valid_lft … preferred_lft …` */
  lifetime: string;
}

/** What `valid_lft` and `preferred_lft` show: the lifetime less the whole seconds gone. */
function lifetimeOf(a: IfAddr4, now: number): string {
  if (a.validUntil === undefined) return LIFETIME;
  const since = a.lifetimeSince ?? now;
  const gone = Math.floor((now - since) / 1_000_000);
  const left = (t: number | undefined) =>
    t === undefined ? 'forever' : `${Math.max(0, Math.round((t - since) / 1_000_000) - gone)}sec`;
  return `       valid_lft ${left(a.validUntil)} preferred_lft ${left(a.preferredUntil)}`;
}

function addrEntries(dev: NetDevice, o: ShowOptions): AddrLine[] {
  const out: AddrLine[] = [];
  const f = o.addrFilter;
  const now = dev.netns.machine.now();
  if (o.family !== 'inet6' && o.family !== 'link') {
    for (const a of dev.addrs) {
      if (!keepAddr(a, f)) continue;
      let t = `inet ${addrText(a)} `;
      if (a.broadcast !== undefined) t += `brd ${formatIpv4(a.broadcast)} `;
      t += `scope ${scopeName(a.scope)} `;
      if (a.secondary) t += 'secondary ';
      if (a.preferredUntil !== undefined && now >= a.preferredUntil) t += 'deprecated ';
      if (a.validUntil !== undefined) t += 'dynamic ';
      t += a.label;
      out.push({ family: 'inet', text: t, lifetime: lifetimeOf(a, now) });
    }
  }
  // IPv6 addresses have no label and are all permanent and primary here.
  const v6 = !f || (f.label === undefined && !f.secondary && !f.dynamic && !f.to);
  if (o.family !== 'inet' && o.family !== 'link' && v6) {
    for (const a of dev.ipv6) {
      const scope = a.addr === '::1' ? SCOPE.host : SCOPE.link;
      if (f?.scope !== undefined && f.scope !== scope) continue;
      let flags = now < a.tentativeUntil ? 'tentative ' : '';
      if (a.stablePrivacy) flags += 'stable-privacy ';
      out.push({
        family: 'inet6',
        text: `inet6 ${a.addr}/${a.len} scope ${scopeName(scope)} ${flags}`,
        lifetime: LIFETIME,
      });
    }
  }
  return out;
}

/** `10.0.0.1/24`, or `10.9.0.1 peer 10.9.0.2/32` for a point-to-point address. */
function addrText(a: IfAddr4): string {
  const local = formatIpv4(a.addr);
  return a.peer === undefined
    ? `${local}/${a.len}`
    : `${local} peer ${formatIpv4(a.peer)}/${a.len}`;
}

const LIFETIME = '       valid_lft forever preferred_lft forever';

function addrLines(dev: NetDevice, o: ShowOptions, nl: string): string {
  return addrEntries(dev, o)
    .map((a) => `${nl}    ${a.text}${nl}${a.lifetime}`)
    .join('');
}

/** `ip -o addr`: one line per address, `N: name    inet …\       valid_lft …`. */
function oneLineAddrs(dev: NetDevice, o: ShowOptions): string {
  return addrEntries(dev, o)
    .map((a) => `${dev.ifindex}: ${dev.name}    ${a.text}\\${a.lifetime}\n`)
    .join('');
}

function briefAddrs(dev: NetDevice, o: ShowOptions): string {
  const list: string[] = [];
  if (o.family !== 'inet6') for (const a of dev.addrs) list.push(`${addrText(a)} `);
  if (o.family !== 'inet') for (const a of dev.ipv6) list.push(`${a.addr}/${a.len} `);
  return `${list.join('')}\n`;
}

/** Whether `ip addr` lists a device at all under a family filter (it skips address-less ones). */
export function hasAddrsFor(dev: NetDevice, o: ShowOptions): boolean {
  if (o.addrFilter) return addrEntries(dev, o).length > 0;
  return o.family === undefined || o.family === 'link' || addrEntries(dev, o).length > 0;
}

const TYPE_NAMES = Object.fromEntries(Object.entries(RTN).map(([k, v]) => [v, k])) as Record<
  number,
  string
>;

export interface RouteFormat {
  /** Set when the dump asked for one table (`table X`): then no `table` is printed. */
  tableFiltered: boolean;
  details: boolean;
  /** Fields the dump was filtered on are not printed (iproute2's filter masks). */
  hideDev?: boolean;
  hideVia?: boolean;
  hideProto?: boolean;
  hideScope?: boolean;
}

export function printRoute(r: Route, f: RouteFormat): string {
  let s = '';
  if (r.type !== 'unicast' || f.details)
    s += `${r.type === 'unicast' ? 'unicast' : TYPE_NAMES[RTN[r.type]]} `;
  s +=
    r.len === 0 && r.dst === 0
      ? 'default '
      : r.len === 32
        ? `${formatIpv4(r.dst)} `
        : `${formatIpv4(r.dst)}/${r.len} `;
  if (r.gateway !== undefined && !f.hideVia) s += `via ${formatIpv4(r.gateway)} `;
  if (r.dev && !f.hideDev) s += `dev ${r.dev.name} `;
  if (r.table !== TABLE.main && !f.tableFiltered) s += `table ${tableName(r.table)} `;
  if ((r.protocol !== 3 || f.details) && !f.hideProto)
    s += `proto ${PROTO_NAMES[r.protocol] ?? r.protocol} `;
  if ((r.scope !== SCOPE.universe || f.details) && !f.hideScope)
    s += `scope ${scopeName(r.scope)} `;
  if (r.prefsrc !== undefined) s += `src ${formatIpv4(r.prefsrc)} `;
  if (r.metric !== 0) s += `metric ${r.metric} `;
  if (r.mtu) s += `mtu ${r.mtu.locked ? 'lock ' : ''}${r.mtu.value} `;
  if (r.advmss) s += `advmss ${r.advmss.locked ? 'lock ' : ''}${r.advmss.value} `;
  if (r.onlink) s += 'onlink ';
  if (routeLinkdown(r)) s += 'linkdown ';
  return `${s}\n`;
}

/** For `ip -n NS` and friends: the devices of a namespace as iproute2 would list them. */
export function devicesOf(ns: Netns): NetDevice[] {
  return ns.devices;
}

const FOREVER = 4294967295;

function flagNames(dev: NetDevice): string[] {
  return linkFlags(dev).slice(1, -1).split(',').filter(Boolean);
}

/** The JSON object `ip -j link` / `ip -j addr` prints for a device. */
export function linkJson(
  dev: NetDevice,
  o: ShowOptions,
  mode: 'link' | 'addr',
): { [k: string]: Json } {
  if (o.brief) return briefJson(dev, o, mode);
  const j: { [k: string]: Json } = { ifindex: dev.ifindex };
  if (dev.kind === 'veth' && dev.peer) {
    if (dev.peer.netns === dev.netns) j.link = dev.peer.name;
    else j.link_index = dev.peer.ifindex;
  }
  j.ifname = dev.name;
  j.flags = flagNames(dev);
  j.mtu = dev.mtu;
  j.qdisc = dev.qdisc;
  if (dev.master) j.master = dev.master.name;
  j.operstate = dev.operstate;
  if (mode === 'link') j.linkmode = 'DEFAULT';
  j.group = 'default';
  j.txqlen = dev.txqlen;
  // A family filter's address dump carries no link-layer part (as in the text output).
  if (mode === 'link' || o.family === undefined || o.family === 'link' || o.details) {
    j.link_type = dev.linkType;
    if (dev.linkType !== 'none') {
      j.address = formatMac(dev.mac);
      j.broadcast = formatMac(dev.broadcastMac);
    }
  }
  if (dev.kind === 'veth' && dev.peer && dev.peer.netns !== dev.netns) {
    j.link_netnsid = dev.netns.nsidOf(dev.peer.netns);
  }
  if (o.details) Object.assign(j, detailsJson(dev, mode));
  if (mode === 'addr') {
    const info: Json[] = [];
    if (o.family !== 'inet6') {
      for (const a of dev.addrs) {
        const x: { [k: string]: Json } = { family: 'inet', local: formatIpv4(a.addr) };
        if (a.peer !== undefined) x.address = formatIpv4(a.peer);
        x.prefixlen = a.len;
        if (a.broadcast !== undefined) x.broadcast = formatIpv4(a.broadcast);
        x.scope = scopeName(a.scope);
        if (a.secondary) x.secondary = true;
        x.label = a.label;
        x.valid_life_time = FOREVER;
        x.preferred_life_time = FOREVER;
        info.push(x);
      }
    }
    if (o.family !== 'inet') {
      const now = dev.netns.machine.now();
      for (const a of dev.ipv6) {
        const x: { [k: string]: Json } = { family: 'inet6', local: a.addr, prefixlen: a.len };
        x.scope = a.addr === '::1' ? 'host' : 'link';
        if (now < a.tentativeUntil) x.tentative = true;
        if (a.stablePrivacy) x['stable-privacy'] = true;
        x.valid_life_time = FOREVER;
        x.preferred_life_time = FOREVER;
        info.push(x);
      }
    }
    j.addr_info = info;
  }
  return j;
}

/** `ip -j -br link|addr`: name, state, then the MAC and flags or the addresses. */
function briefJson(dev: NetDevice, o: ShowOptions, mode: 'link' | 'addr'): { [k: string]: Json } {
  const j: { [k: string]: Json } = {};
  if (dev.kind === 'veth' && dev.peer) {
    if (dev.peer.netns === dev.netns) j.link = dev.peer.name;
    else j.link_index = dev.peer.ifindex;
  }
  j.ifname = dev.name;
  j.operstate = dev.operstate;
  if (mode === 'link') {
    if (dev.linkType !== 'none') j.address = formatMac(dev.mac);
    j.flags = flagNames(dev);
    return j;
  }
  const info: Json[] = [];
  if (o.family !== 'inet6')
    for (const a of dev.addrs) info.push({ local: formatIpv4(a.addr), prefixlen: a.len });
  if (o.family !== 'inet') for (const a of dev.ipv6) info.push({ local: a.addr, prefixlen: a.len });
  j.addr_info = info;
  return j;
}

/** `ip -j -d link`: the same fields as details() (vxlan's info_data in full, other kinds by name). */
function detailsJson(dev: NetDevice, mode: 'link' | 'addr'): { [k: string]: Json } {
  const [min, max] = dev.mtuRange;
  const port = dev.master?.bridge ? 1 : 0;
  const j: { [k: string]: Json } = {
    promiscuity: port + (dev.promiscSet ? 1 : 0),
    allmulti: port,
    min_mtu: min,
    max_mtu: max,
  };
  if (dev.kind !== 'loopback') {
    const info: { [k: string]: Json } = { info_kind: dev.kind };
    const v = dev.vxlan;
    if (v) {
      const d: { [k: string]: Json } = { id: v.vni };
      if (v.group !== undefined) d.remote = formatIpv4(v.group);
      if (v.local !== undefined) d.local = formatIpv4(v.local);
      if (v.dev) d.link = v.dev.name;
      d.port_range = { low: v.srcPortMin ?? 0, high: v.srcPortMax ?? 0 };
      d.port = v.dstport;
      d.learning = v.learning;
      d.ttl = v.ttl;
      d.df = 'unset';
      d.ageing = 300;
      d.udp_csum = v.udpCsum !== false;
      d.udp_zero_csum6_tx = false;
      d.udp_zero_csum6_rx = false;
      info.info_data = d;
    }
    if (dev.tun) {
      info.info_data = {
        type: dev.tun.mode,
        pi: false,
        vnet_hdr: false,
        multi_queue: false,
        persist: dev.tun.persist,
      };
    }
    if (dev.master?.bridge) info.info_slave_kind = 'bridge';
    j.linkinfo = info;
  }
  if (mode === 'link') j.inet6_addr_gen_mode = addrGenMode(dev);
  const queues = dev.kind === 'veth' ? 2 : 1;
  j.num_tx_queues = queues;
  j.num_rx_queues = queues;
  j.gso_max_size = 65536;
  j.gso_max_segs = 65535;
  j.tso_max_size = tsoMaxSize(dev);
  j.tso_max_segs = 65535;
  j.gro_max_size = 65536;
  return j;
}

/** The JSON object `ip -j route` prints for a route. */
export function routeJson(r: Route, f: RouteFormat): { [k: string]: Json } {
  const j: { [k: string]: Json } = {};
  if (r.type !== 'unicast') j.type = r.type;
  j.dst =
    r.len === 0 && r.dst === 0
      ? 'default'
      : r.len === 32
        ? formatIpv4(r.dst)
        : `${formatIpv4(r.dst)}/${r.len}`;
  if (r.gateway !== undefined && !f.hideVia) j.gateway = formatIpv4(r.gateway);
  if (r.dev && !f.hideDev) j.dev = r.dev.name;
  if (r.table !== TABLE.main && !f.tableFiltered) j.table = tableName(r.table);
  if (r.protocol !== 3 && !f.hideProto) j.protocol = PROTO_NAMES[r.protocol] ?? r.protocol;
  if (r.scope !== SCOPE.universe && !f.hideScope) j.scope = scopeName(r.scope);
  if (r.prefsrc !== undefined) j.prefsrc = formatIpv4(r.prefsrc);
  if (r.metric !== 0) j.metric = r.metric;
  const flags: Json[] = [];
  if (r.onlink) flags.push('onlink');
  if (routeLinkdown(r)) flags.push('linkdown');
  j.flags = flags;
  return j;
}
