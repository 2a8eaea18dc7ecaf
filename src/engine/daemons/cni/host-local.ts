/**
 * The host-local IPAM plugin (containernetworking/plugins 1.1.1, plugins/ipam/host-local): it
 * hands out addresses of one IPv4 range and remembers them as files, one per address, under
 * `<dataDir>/<network name>/` (dataDir defaults to /var/lib/cni/networks). Each file holds the
 * container id and the interface name joined by "\r\n"; `last_reserved_ip.0` holds the last
 * address given out (no newline), and the next search starts after it. The gateway (by default
 * the subnet's first address) is never given out. Recorded on Debian 12 (see plugins.test.ts).
 *
 * Not modelled: IPv6 ranges, several range sets, `ips` requested through args or runtimeConfig,
 * the file lock's semantics (the `lock` file is there, empty).
 */
import {
  broadcastOf,
  formatIpv4,
  type Ipv4,
  networkOf,
  parseIpv4,
  parsePrefix,
} from '../../kernel/inet';
import type { Machine } from '../../kernel/machine';
import { vfsList, vfsMkdirAll, vfsUnlink, vfsWrite } from '../../kernel/vfs';
import type { CniIp, CniResult, CniRoute, PluginCall, PluginOutcome } from './types';
import { internalError } from './types';

export const DEFAULT_IPAM_DIR = '/var/lib/cni/networks';
const LINE_BREAK = '\r\n';

interface Range {
  subnet: { addr: Ipv4; len: number };
  start: Ipv4;
  end: Ipv4;
  gateway: Ipv4;
}

/** The first range of `ipam.ranges` or the old single `subnet` form. */
function rangeOf(ipam: Record<string, unknown>): Range | string {
  const first = Array.isArray(ipam.ranges) ? (ipam.ranges as unknown[][])[0]?.[0] : ipam;
  const r = (first ?? {}) as Record<string, unknown>;
  if (typeof r.subnet !== 'string') return 'no IP ranges specified';
  const p = parsePrefix(r.subnet);
  if (!p || !r.subnet.includes('/')) return `invalid CIDR address: ${r.subnet}`;
  const net = networkOf(p.addr, p.len);
  const ip = (k: string, dflt: Ipv4) => (typeof r[k] === 'string' ? parseIpv4(r[k]) : dflt);
  const start = ip('rangeStart', net + 1);
  const end = ip('rangeEnd', broadcastOf(net, p.len) - 1);
  const gateway = ip('gateway', net + 1);
  if (start === undefined || end === undefined || gateway === undefined)
    return 'invalid range address';
  return { subnet: { addr: net, len: p.len }, start, end, gateway };
}

function dirOf(call: PluginCall, ipam: Record<string, unknown>): string {
  const base = typeof ipam.dataDir === 'string' ? ipam.dataDir : DEFAULT_IPAM_DIR;
  return `${base}/${String(call.conf.name)}`;
}

/** Addresses held by `id` on `ifName` in `dir`. */
function heldBy(machine: Machine, dir: string, id: string, ifName: string): string[] {
  const names = vfsList(machine, dir);
  if (typeof names === 'string') return [];
  return names.filter(
    (n) =>
      parseIpv4(n) !== undefined && machine.files.get(`${dir}/${n}`) === id + LINE_BREAK + ifName,
  );
}

function allocate(call: PluginCall, ipam: Record<string, unknown>): PluginOutcome {
  const range = rangeOf(ipam);
  if (typeof range === 'string') return internalError(range);
  const { machine } = call;
  const dir = dirOf(call, ipam);
  vfsMkdirAll(machine, dir);
  if (!machine.files.has(`${dir}/lock`)) vfsWrite(machine, `${dir}/lock`, '');
  const rangeText = `${formatIpv4(range.start)}-${formatIpv4(range.end)}`;
  const held = heldBy(machine, dir, call.containerId, call.ifName);
  if (held.length > 0)
    return internalError(
      `failed to allocate for range 0: ${held[0]} has been allocated to ${call.containerId}, duplicate allocation is not allowed`,
    );
  const last = parseIpv4(machine.files.get(`${dir}/last_reserved_ip.0`) ?? '');
  const size = range.end - range.start + 1;
  const first =
    last !== undefined && last >= range.start && last < range.end ? last + 1 : range.start;
  for (let i = 0; i < size; i++) {
    const a = range.start + ((first - range.start + i) % size);
    if (a === range.gateway || machine.files.has(`${dir}/${formatIpv4(a)}`)) continue;
    vfsWrite(machine, `${dir}/${formatIpv4(a)}`, call.containerId + LINE_BREAK + call.ifName);
    vfsWrite(machine, `${dir}/last_reserved_ip.0`, formatIpv4(a));
    const v1 = !String(call.conf.cniVersion ?? '').startsWith('0.');
    const ip: CniIp = {
      ...(v1 ? {} : { version: '4' as const }),
      address: `${formatIpv4(a)}/${range.subnet.len}`,
      gateway: formatIpv4(range.gateway),
    };
    const routes = Array.isArray(ipam.routes) ? (ipam.routes as CniRoute[]) : [];
    const result: CniResult = {
      cniVersion: String(call.conf.cniVersion ?? '0.1.0'),
      ips: [ip],
      ...(routes.length ? { routes } : {}),
      dns: {},
    };
    return { ok: true, result };
  }
  return internalError(
    `failed to allocate for range 0: no IP addresses available in range set: ${rangeText}`,
  );
}

/** ReleaseByID: every address this container's interface holds. */
function release(call: PluginCall, ipam: Record<string, unknown>): PluginOutcome {
  const dir = dirOf(call, ipam);
  for (const n of heldBy(call.machine, dir, call.containerId, call.ifName))
    vfsUnlink(call.machine, `${dir}/${n}`);
  return { ok: true };
}

/** host-local as the bridge plugin (or any main plugin) delegates to it with its `ipam` section. */
export function hostLocal(call: PluginCall): PluginOutcome {
  const ipam = (call.conf.ipam ?? {}) as Record<string, unknown>;
  if (call.command === 'ADD') return allocate(call, ipam);
  if (call.command === 'DEL') return release(call, ipam);
  return { ok: true };
}
