/**
 * The part of /proc/sys/net a student reads and writes: per-namespace sysctls, with per-device
 * `conf.<dev>.*` entries that exist exactly while the device does. Keys use sysctl's dotted form.
 */
import type { Netns } from './netns';

/** Per-device (and `all` / `default`) IPv4 settings and their defaults in a new namespace. */
const CONF_DEFAULTS: Record<string, string> = {
  forwarding: '0',
  proxy_arp: '0',
  rp_filter: '0',
  arp_ignore: '0',
  arp_announce: '0',
  accept_local: '0',
  send_redirects: '1',
  accept_redirects: '1',
};

const GLOBAL_DEFAULTS: Record<string, string> = {
  'net.ipv4.ip_forward': '0',
  'net.ipv4.ip_default_ttl': '64',
  'net.ipv4.icmp_echo_ignore_all': '0',
  'net.ipv4.icmp_echo_ignore_broadcasts': '1',
  'net.ipv4.icmp_ratelimit': '1000',
  'net.ipv4.ip_local_port_range': '32768\t60999',
  'net.ipv4.neigh.default.base_reachable_time_ms': '30000',
  'net.ipv4.neigh.default.gc_stale_time': '60',
  'net.ipv6.conf.all.disable_ipv6': '0',
  'net.ipv6.conf.all.forwarding': '0',
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

function confKey(key: string): { dev: string; name: string } | undefined {
  const m = /^net\.ipv4\.conf\.([^.]+)\.([a-z_]+)$/.exec(key);
  return m && m[2] in CONF_DEFAULTS ? { dev: m[1], name: m[2] } : undefined;
}

function exists(ns: Netns, key: string): boolean {
  if (key in GLOBAL_DEFAULTS) return true;
  const c = confKey(key);
  return !!c && (c.dev === 'all' || c.dev === 'default' || !!ns.byName(c.dev));
}

export function readSysctl(ns: Netns, key: string): string | undefined {
  if (!exists(ns, key)) return undefined;
  const c = confKey(key);
  if (c?.name === 'forwarding' && c.dev === 'all')
    return ns.sysctl.get('net.ipv4.ip_forward') ?? '0';
  return ns.sysctl.get(key) ?? GLOBAL_DEFAULTS[key] ?? (c ? CONF_DEFAULTS[c.name] : undefined);
}

/** Returns false when the key does not exist (`cannot stat`). */
export function writeSysctl(ns: Netns, key: string, value: string): boolean {
  if (!exists(ns, key)) return false;
  const c = confKey(key);
  if (key === 'net.ipv4.ip_forward' || (c?.name === 'forwarding' && c.dev === 'all')) {
    // Writing ip_forward sets forwarding on every device, as devinet_sysctl_forward does.
    ns.sysctl.set('net.ipv4.ip_forward', value);
    for (const d of ns.devices) ns.sysctl.set(`net.ipv4.conf.${d.name}.forwarding`, value);
    ns.sysctl.set('net.ipv4.conf.all.forwarding', value);
    return true;
  }
  ns.sysctl.set(key, value);
  return true;
}
