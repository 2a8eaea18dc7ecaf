/**
 * The part of /proc/sys/net a student reads and writes: per-namespace sysctls, with per-device
 * `conf.<dev>.*` entries that exist exactly while the device does. Keys use sysctl's dotted form.
 */
import type { NetDevice } from './device';
import { NEIGH_DEFAULTS } from './neigh';
import type { Netns } from './netns';

/**
 * Per-device (and `all` / `default`) IPv4 settings and their defaults in a new namespace
 * (kernel 6.x, every entry of /proc/sys/net/ipv4/conf/DEV; `all` differs in one, below).
 */
const CONF_DEFAULTS: Record<string, string> = {
  accept_local: '0',
  accept_redirects: '1',
  accept_source_route: '1',
  arp_accept: '0',
  arp_announce: '0',
  arp_evict_nocarrier: '1',
  arp_filter: '0',
  arp_ignore: '0',
  arp_notify: '0',
  bc_forwarding: '0',
  bootp_relay: '0',
  disable_policy: '0',
  disable_xfrm: '0',
  drop_gratuitous_arp: '0',
  drop_unicast_in_l2_multicast: '0',
  force_igmp_version: '0',
  forwarding: '0',
  igmpv2_unsolicited_report_interval: '10000',
  igmpv3_unsolicited_report_interval: '1000',
  ignore_routes_with_linkdown: '0',
  log_martians: '0',
  mc_forwarding: '0',
  medium_id: '0',
  promote_secondaries: '0',
  proxy_arp: '0',
  proxy_arp_pvlan: '0',
  route_localnet: '0',
  rp_filter: '0',
  secure_redirects: '1',
  send_redirects: '1',
  shared_media: '1',
  src_valid_mark: '0',
  tag: '0',
};

/** conf.all's own defaults where they differ from a device's. */
const CONF_ALL_DEFAULTS: Record<string, string> = { accept_source_route: '0' };

/** neigh.DEV entries shown but not used by the lab's neighbour code (NEIGH_DEFAULTS are). */
const NEIGH_SHOWN: Record<string, string> = {
  anycast_delay: '100',
  gc_stale_time: '60',
  interval_probe_time_ms: '5000',
  proxy_qlen: '64',
  unres_qlen: '101',
};

/** Per-device (and `all` / `default`) IPv6 settings (`net.ipv6.conf.<dev>.*`). */
const CONF6_DEFAULTS: Record<string, string> = {
  accept_ra: '1',
  autoconf: '1',
  disable_ipv6: '0',
  forwarding: '0',
};

const GLOBAL_DEFAULTS: Record<string, string> = {
  'net.ipv4.ip_forward': '0',
  'net.ipv4.ip_default_ttl': '64',
  'net.ipv4.icmp_echo_ignore_all': '0',
  'net.ipv4.icmp_echo_ignore_broadcasts': '1',
  'net.ipv4.icmp_ratelimit': '1000',
  'net.ipv4.ip_local_port_range': '32768\t60999',
  'net.ipv4.tcp_rmem': '4096\t131072\t6291456',
  'net.bridge.bridge-nf-call-iptables': '1',
  'net.core.somaxconn': '4096',
};

/** `net.ipv4.ip_forward` ↔ `/proc/sys/net/ipv4/ip_forward`. */
export function sysctlPath(key: string): string {
  return `/proc/sys/${key.replace(/\./g, '/')}`;
}

export function keyFromPath(path: string): string | undefined {
  const m = /^\/proc\/sys\/(.+)$/.exec(path);
  return m ? m[1].replace(/\//g, '.') : undefined;
}

/** `net.ipv4.conf.<dev>.<name>`; a device name may itself contain dots (`flannel.1`). */
function confKey(key: string): { dev: string; name: string } | undefined {
  const m = /^net\.ipv4\.conf\.(.+)\.([a-z0-9_]+)$/.exec(key);
  return m && m[2] in CONF_DEFAULTS ? { dev: m[1], name: m[2] } : undefined;
}

/** `net.ipv4.neigh.<dev>.<name>` and `net.ipv6.conf.<dev>.<name>`: their default value. */
function perDevice(key: string): { dev: string; def: string; all: boolean } | undefined {
  let m = /^net\.ipv4\.neigh\.(.+)\.([a-z_]+)$/.exec(key);
  if (m && m[2] in NEIGH_DEFAULTS)
    return {
      dev: m[1],
      def: String(NEIGH_DEFAULTS[m[2] as keyof typeof NEIGH_DEFAULTS]),
      all: false,
    };
  if (m && m[2] in NEIGH_SHOWN) return { dev: m[1], def: NEIGH_SHOWN[m[2]], all: false };
  m = /^net\.ipv6\.conf\.(.+)\.([a-z0-9_]+)$/.exec(key);
  if (m && m[2] in CONF6_DEFAULTS) return { dev: m[1], def: CONF6_DEFAULTS[m[2]], all: true };
  return undefined;
}

function exists(ns: Netns, key: string): boolean {
  if (key in GLOBAL_DEFAULTS) return true;
  const c = confKey(key);
  if (c) return c.dev === 'all' || c.dev === 'default' || !!ns.byName(c.dev);
  const p = perDevice(key);
  // neigh/default is registered for the initial namespace only (arp_init): absent here.
  return !!p && ((p.all && (p.dev === 'default' || p.dev === 'all')) || !!ns.byName(p.dev));
}

export function readSysctl(ns: Netns, key: string): string | undefined {
  if (!exists(ns, key)) return undefined;
  const c = confKey(key);
  if (c?.name === 'forwarding' && c.dev === 'all')
    return ns.sysctl.get('net.ipv4.ip_forward') ?? '0';
  // A device follows conf.default for every value never written for it (devinet_copy_dflt_conf).
  const dflt = c && c.dev !== 'all' ? ns.sysctl.get(`net.ipv4.conf.default.${c.name}`) : undefined;
  return (
    ns.sysctl.get(key) ??
    GLOBAL_DEFAULTS[key] ??
    dflt ??
    (c?.dev === 'all' ? CONF_ALL_DEFAULTS[c.name] : undefined) ??
    (c ? CONF_DEFAULTS[c.name] : undefined) ??
    perDevice(key)?.def
  );
}

/**
 * The rp_filter mode a packet received on `dev` is checked with: the larger of conf.all and
 * conf.DEV, as `readSysctl` reads them (a device follows conf.default until written). Cached on
 * the device until the namespace's sysctls or the device's name change (the packet path asks
 * for every received datagram). Only a device `ns` still lists uses the cache: a removed one has
 * no conf entries left.
 */
export function rpFilterMode(ns: Netns, dev: NetDevice): number {
  const sysctl = ns.sysctl;
  const listed = ns.byIndex(dev.ifindex) === dev;
  const c = dev.rpFilterCache;
  if (listed && c?.sysctl === sysctl && c.generation === sysctl.generation && c.name === dev.name)
    return c.mode;
  const mode = Math.max(
    Number(readSysctl(ns, 'net.ipv4.conf.all.rp_filter') ?? 0),
    Number(readSysctl(ns, `net.ipv4.conf.${dev.name}.rp_filter`) ?? 0),
  );
  if (listed) dev.rpFilterCache = { sysctl, generation: sysctl.generation, name: dev.name, mode };
  return mode;
}

/** Returns false when the key does not exist (`cannot stat`). */
export function writeSysctl(ns: Netns, key: string, value: string): boolean {
  if (!exists(ns, key)) return false;
  const c = confKey(key);
  if (key === 'net.ipv4.ip_forward' || (c?.name === 'forwarding' && c.dev === 'all')) {
    // Writing ip_forward sets forwarding on every device, as devinet_sysctl_forward does.
    // (inet_forward_change: all, default and every device)
    ns.sysctl.set('net.ipv4.ip_forward', value);
    for (const d of ns.devices) ns.sysctl.set(`net.ipv4.conf.${d.name}.forwarding`, value);
    ns.sysctl.set('net.ipv4.conf.all.forwarding', value);
    ns.sysctl.set('net.ipv4.conf.default.forwarding', value);
    return true;
  }
  // A vector of integers reads back tab-separated, however it was written (proc_dointvec).
  const words = value.trim().split(/\s+/);
  ns.sysctl.set(key, words.length > 1 ? words.join('\t') : value);
  return true;
}

const DEVICE_KEY = /^net\.(ipv4\.conf|ipv4\.neigh|ipv6\.conf)\.(.+)\.([a-z_]+)$/;

/**
 * A device's `conf.<dev>.*` / `neigh.<dev>.*` values follow it: renamed, moved to `to` (another
 * namespace, possibly under a new name), or dropped when `to` is undefined (the device is gone).
 */
export function moveDeviceSysctls(
  from: Netns,
  name: string,
  to?: { ns: Netns; name: string },
): void {
  for (const [k, v] of [...from.sysctl]) {
    const m = DEVICE_KEY.exec(k);
    if (!m || m[2] !== name) continue;
    from.sysctl.delete(k);
    if (to) to.ns.sysctl.set(`net.${m[1]}.${to.name}.${m[3]}`, v);
  }
}

/**
 * Every key the namespace has, in sysctl's listing order as far as the lab knows it: the
 * directories of /proc/sys/net alphabetically, the entries of each alphabetically (kernel 6.x
 * lists them so). Only what the lab models: a real `sysctl -a` lists many more.
 */
export function listSysctl(ns: Netns): string[] {
  const keys = Object.keys(GLOBAL_DEFAULTS);
  const devs = ns.devices.map((d) => d.name);
  for (const dev of ['all', 'default', ...devs]) {
    for (const name of Object.keys(CONF_DEFAULTS)) keys.push(`net.ipv4.conf.${dev}.${name}`);
    for (const name of Object.keys(CONF6_DEFAULTS)) keys.push(`net.ipv6.conf.${dev}.${name}`);
  }
  for (const dev of devs) {
    for (const name of [...Object.keys(NEIGH_DEFAULTS), ...Object.keys(NEIGH_SHOWN)])
      keys.push(`net.ipv4.neigh.${dev}.${name}`);
  }
  return keys.filter((k) => exists(ns, k)).sort();
}

/** net.core.rmem_max's default (not per namespace: the lab keeps Debian's). */
const RMEM_MAX = 212992;

/**
 * The window scale a new connection offers (tcp_select_initial_window): the largest receive
 * buffer it may grow to — tcp_rmem's maximum or rmem_max — as a power of two, above 2^15.
 */
export function tcpRcvWscale(ns: Netns): number {
  const words = (readSysctl(ns, 'net.ipv4.tcp_rmem') ?? '').trim().split(/\s+/);
  const space = Math.max(Number(words[2]) || 0, RMEM_MAX);
  return Math.min(14, Math.max(0, Math.floor(Math.log2(space)) - 15));
}

/** Whether `value` is one the kernel takes for `key` (proc_dointvec: integers only). */
export function validSysctlValue(key: string, value: string): boolean {
  const words = value.trim().split(/\s+/);
  const count = key === 'net.ipv4.ip_local_port_range' ? 2 : key === 'net.ipv4.tcp_rmem' ? 3 : 1;
  return words.length === count && words.every((w) => /^[+-]?\d+$/.test(w));
}
