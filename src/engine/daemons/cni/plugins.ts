/**
 * The CNI plugins the lab runs, as the binaries in /opt/cni/bin behave (C16): the main plugin
 * `bridge` (cni0, a veth pair, IPAM, gateway, masquerading), the IPAM plugin `host-local`
 * (host-local.ts), `loopback`, the meta plugins `portmap` (accepted in a chain; port mappings
 * themselves are not modelled) and `flannel` (reads /run/flannel/subnet.env and delegates to
 * bridge, flannel-io/cni-plugin). Each acts on the kernel through rtnl calls and iptables
 * argument lists, as the Go plugins do through netlink and go-iptables. Behaviour and messages
 * follow containernetworking/plugins 1.1.1, checked on Debian 12 where it could be
 * (plugins.test.ts); other binaries (macvlan, ipvlan, ptp, dhcp, calico…) are present as files
 * but answer that the lab does not run them.
 */
import { PROTO, SCOPE, TABLE } from '../../kernel/fib';
import { formatIpv4, formatMac, parsePrefix } from '../../kernel/inet';
import type { Machine } from '../../kernel/machine';
import type { Netns } from '../../kernel/netns';
import { writeSysctl } from '../../kernel/procfs';
import {
  addrAdd,
  linkAdd,
  linkDel,
  linkSetMac,
  linkSetMaster,
  linkSetUp,
  routeAdd,
} from '../../kernel/rtnl';
import { vfsIsExecutable, vfsMkdirAll, vfsUnlink, vfsWrite } from '../../kernel/vfs';
import { Dockerd } from '../docker/dockerd';
import { iptablesArgv } from '../iptables-apply';
import { hostLocal } from './host-local';

import { sha512Hex } from './sha512';
import {
  CNI_ERR,
  type CniResult,
  errorText,
  internalError,
  type PluginCall,
  type PluginOutcome,
  SUPPORTED_VERSIONS,
} from './types';

/** The namespace a CNI_NETNS path names: /var/run/netns/NAME, or /proc/PID/ns/net of a container. */
export function netnsAtPath(machine: Machine, path: string): Netns | undefined {
  const named = /^(?:\/var)?\/run\/netns\/([^/]+)$/.exec(path);
  if (named) return machine.named.get(named[1]);
  const proc = /^\/proc\/(\d+)\/ns\/net$/.exec(path);
  if (proc) {
    const pid = Number(proc[1]);
    for (const c of Dockerd.running(machine)?.containers.values() ?? [])
      if (c.pid === pid && c.state === 'running') return c.netns;
  }
  return undefined;
}

function openNetns(call: PluginCall): Netns | PluginOutcome {
  const ns = netnsAtPath(call.machine, call.netnsPath);
  if (ns) return ns;
  const p = JSON.stringify(call.netnsPath);
  return internalError(
    `failed to open netns ${p}: failed to Statfs ${p}: no such file or directory`,
  );
}

/** Find `type` in CNI_PATH, as invoke.FindInPath does. */
export function findInPath(
  machine: Machine,
  type: string,
  path: string[],
): string | { error: string } {
  if (type === '') return { error: 'no plugin name provided' };
  if (path.length === 0) return { error: 'no paths provided' };
  for (const dir of path) {
    const full = `${dir.replace(/\/+$/, '')}/${type}`;
    if (vfsIsExecutable(machine, full)) return full;
  }
  return { error: `failed to find plugin "${type}" in path [${path.join(' ')}]` };
}

/** Run the plugin `type` (found in CNI_PATH) for `call`: what exec'ing the binary does. */
export function runPlugin(type: string, call: PluginCall): PluginOutcome {
  const version = String(call.conf.cniVersion ?? '0.1.0');
  if (!SUPPORTED_VERSIONS.includes(version))
    return {
      ok: false,
      error: {
        code: CNI_ERR.incompatibleVersion,
        msg: 'incompatible CNI versions',
        details: `config is "${version}", plugin supports [${SUPPORTED_VERSIONS.map((v) => `"${v}"`).join(' ')}]`,
      },
    };
  switch (type) {
    case 'bridge':
      return bridge(call);
    case 'host-local':
      return hostLocal(call);
    case 'loopback':
      return loopback(call);
    case 'portmap':
      return portmap(call);
    case 'flannel':
      return flannel(call);
    default:
      return internalError(`cnlab does not run the ${type} plugin`);
  }
}

/** invoke.DelegateAdd/DelegateDel: another plugin from CNI_PATH with the same CNI_* variables. */
function delegate(type: string, call: PluginCall, conf: Record<string, unknown>): PluginOutcome {
  const found = findInPath(call.machine, type, call.path);
  if (typeof found !== 'string') return internalError(found.error);
  return runPlugin(type, { ...call, conf });
}

function loopback(call: PluginCall): PluginOutcome {
  const ns = netnsAtPath(call.machine, call.netnsPath);
  if (call.command === 'DEL') {
    const lo = ns?.byName('lo');
    if (lo) linkSetUp(lo, false);
    return { ok: true };
  }
  if (!ns) return openNetns(call) as PluginOutcome;
  const lo = ns.byName('lo');
  if (lo) linkSetUp(lo, true);
  if (call.command !== 'ADD') return { ok: true };
  return {
    ok: true,
    result: {
      cniVersion: String(call.conf.cniVersion),
      interfaces: [{ name: 'lo', mac: '00:00:00:00:00:00', sandbox: call.netnsPath }],
      ips: [
        { interface: 0, address: '127.0.0.1/8' },
        { interface: 0, address: '::1/128' },
      ],
      dns: {},
    },
  };
}

/** portmap with no `portMappings` in its runtimeConfig passes the previous result on. */
function portmap(call: PluginCall): PluginOutcome {
  if (call.command !== 'ADD') return { ok: true };
  const prev = call.conf.prevResult as CniResult | undefined;
  if (!prev) return internalError('must be called as chained plugin');
  return { ok: true, result: { ...prev, cniVersion: String(call.conf.cniVersion) } };
}

/** "CNI-" and 24 hex digits of sha512(name + id): utils.FormatChainName. */
function masqChain(name: string, id: string): string {
  return `CNI-${sha512Hex(name + id).slice(0, 24)}`;
}

/** ip.SetupIPMasq / TeardownIPMasq for one container address (nat table). */
function ipMasq(ns: Netns, call: PluginCall, address: string, add: boolean): void {
  const p = parsePrefix(address);
  if (!p) return;
  const name = String(call.conf.name);
  const chain = masqChain(name, call.containerId);
  const comment = ['-m', 'comment', '--comment', `name: "${name}" id: "${call.containerId}"`];
  const subnet = `${formatIpv4((p.addr & (p.len ? ~0 << (32 - p.len) : 0)) >>> 0)}/${p.len}`;
  const jump = ['-t', 'nat', add ? '-A' : '-D', 'POSTROUTING', '-s', `${formatIpv4(p.addr)}/32`];
  if (add) {
    iptablesArgv(ns, ['-t', 'nat', '-N', chain]);
    iptablesArgv(ns, ['-t', 'nat', '-A', chain, '-d', subnet, ...comment, '-j', 'ACCEPT']);
    iptablesArgv(ns, [
      '-t',
      'nat',
      '-A',
      chain,
      '!',
      '-d',
      '224.0.0.0/4',
      ...comment,
      '-j',
      'MASQUERADE',
    ]);
    iptablesArgv(ns, [...jump, ...comment, '-j', chain]);
    return;
  }
  iptablesArgv(ns, [...jump, ...comment, '-j', chain]);
  ns.netfilter.flush('nat', chain);
  ns.netfilter.deleteChain('nat', chain);
}

/** A veth host-end name: "veth" and 8 random hex digits (ip.RandomVethName). */
function randomVethName(machine: Machine, ns: Netns): string {
  for (;;) {
    const b = machine.rng.fill(new Uint8Array(4));
    const name = `veth${[...b].map((x) => x.toString(16).padStart(2, '0')).join('')}`;
    if (!ns.byName(name)) return name;
  }
}

function bridge(call: PluginCall): PluginOutcome {
  const conf = call.conf;
  const brName = typeof conf.bridge === 'string' ? conf.bridge : 'cni0';
  const ipam = (conf.ipam ?? {}) as Record<string, unknown>;
  const ipamType = typeof ipam.type === 'string' ? ipam.type : '';
  if (call.command === 'DEL') {
    if (ipamType) {
      const r = delegate(ipamType, call, conf);
      if (!r.ok) return r;
    }
    const ns = netnsAtPath(call.machine, call.netnsPath);
    const dev = ns?.byName(call.ifName);
    if (dev) {
      const addr = dev.addrs[0];
      linkDel(dev);
      if (addr && conf.ipMasq === true)
        ipMasq(call.hostNs, call, `${formatIpv4(addr.addr)}/${addr.len}`, false);
    }
    return { ok: true };
  }
  if (call.command !== 'ADD') return { ok: true };
  const opened = openNetns(call);
  if ('ok' in opened) return opened;
  const ns = opened;
  const mtu = typeof conf.mtu === 'number' ? conf.mtu : 1500;
  let br = call.hostNs.byName(brName);
  if (br && br.kind !== 'bridge')
    return internalError(`${JSON.stringify(brName)} already exists but is not a bridge`);
  if (!br) {
    const made = linkAdd(call.hostNs, { name: brName, kind: 'bridge', mtu });
    if (!made.ok)
      return internalError(`could not add ${JSON.stringify(brName)}: ${made.error.errno}`);
    br = made.value;
  }
  // The bridge as the plugin read it before any veth joined: a gateway bridge gets that MAC set
  // back explicitly ("set the bridge's MAC to itself"), so it stops following its lowest port's.
  const brMac = br.mac;
  linkSetUp(br, true);
  if (ns.byName(call.ifName))
    return internalError(`container veth name provided (${call.ifName}) already exists`);
  const hostName = randomVethName(call.machine, call.hostNs);
  const pair = linkAdd(ns, {
    name: call.ifName,
    kind: 'veth',
    mtu,
    peer: { name: hostName, netns: call.hostNs },
  });
  if (!pair.ok) return internalError(`failed to make veth pair: ${pair.error.errno}`);
  const cont = pair.value;
  const host = cont.peer;
  if (!host) return internalError('failed to make veth pair');
  linkSetUp(host, true);
  linkSetMaster(host, br);
  if (conf.hairpinMode === true) {
    host.brportFlags ??= new Map();
    host.brportFlags.set('hairpin', true);
  }
  // No ipam section: an L2-only attachment, and a result with no addresses (seen on Linux).
  let ipamResult: CniResult = { cniVersion: String(conf.cniVersion), dns: {} };
  if (ipamType) {
    // An IPAM failure leaves the veth pair in place (seen on Linux): DEL cleans it up.
    const allocated = delegate(ipamType, call, conf);
    if (!allocated.ok) return allocated;
    if (!allocated.result) return internalError('IPAM plugin returned missing IP config');
    ipamResult = allocated.result;
  }
  // The container's interface is the result's third (index 2); key order as Go prints it.
  const ips = (ipamResult.ips ?? []).map(({ version, address, gateway }) => ({
    ...(version ? { version } : {}),
    interface: 2,
    address,
    ...(gateway ? { gateway } : {}),
  }));
  const routes = [...(ipamResult.routes ?? [])];
  for (const ip of ips) {
    const p = parsePrefix(ip.address);
    const gw = ip.gateway ? parsePrefix(ip.gateway) : undefined;
    if (!p) continue;
    if ((conf.isGateway === true || conf.isDefaultGateway === true) && gw) {
      if (!br.addrs.some((a) => a.addr === gw.addr))
        addrAdd(br, { addr: gw.addr, len: p.len, broadcast: 'auto' });
      linkSetMac(br, brMac);
      writeSysctl(call.hostNs, 'net.ipv4.ip_forward', '1');
    }
    addrAdd(cont, { addr: p.addr, len: p.len, broadcast: 'auto' });
    if (conf.isDefaultGateway === true && gw) routes.push({ dst: '0.0.0.0/0', gw: ip.gateway });
  }
  linkSetUp(cont, true);
  const gw4 = ips[0]?.gateway ? parsePrefix(ips[0].gateway) : undefined;
  for (const r of routes) {
    const dst = parsePrefix(r.dst);
    const via = r.gw ? parsePrefix(r.gw) : gw4;
    if (!dst) continue;
    routeAdd(
      ns,
      {
        table: TABLE.main,
        type: 'unicast',
        dst: dst.addr,
        len: dst.len,
        tos: 0,
        protocol: PROTO.boot,
        scope: SCOPE.universe,
        gateway: via?.addr,
        dev: cont,
        metric: 0,
        onlink: false,
      },
      'add',
    );
  }
  if (conf.ipMasq === true) for (const ip of ips) ipMasq(call.hostNs, call, ip.address, true);
  call.machine.world?.changed();
  return {
    ok: true,
    result: {
      cniVersion: String(conf.cniVersion),
      interfaces: [
        { name: br.name, mac: formatMac(br.mac) },
        { name: host.name, mac: formatMac(host.mac) },
        { name: cont.name, mac: formatMac(cont.mac), sandbox: call.netnsPath },
      ],
      ips,
      ...(routes.length ? { routes } : {}),
      dns: {},
    },
  };
}

const FLANNEL_DATA_DIR = '/var/lib/cni/flannel';
const FLANNEL_SUBNET_FILE = '/run/flannel/subnet.env';

/** Go's json.Marshal of a map[string]interface{}: keys sorted, at every depth. */
function sortedJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(sortedJson).join(',')}]`;
  if (v && typeof v === 'object')
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${sortedJson((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(v);
}

/** flannel's subnet.env: FLANNEL_NETWORK, FLANNEL_SUBNET, FLANNEL_MTU, FLANNEL_IPMASQ. */
function subnetEnv(file: string, text: string): Record<string, string> | string {
  const env: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const i = line.indexOf('=');
    if (i > 0) env[line.slice(0, i)] = line.slice(i + 1);
  }
  const missing = [
    ...(env.FLANNEL_NETWORK ? [] : ['FLANNEL_NETWORK', 'FLANNEL_IPV6_NETWORK']),
    ...(env.FLANNEL_SUBNET ? [] : ['FLANNEL_SUBNET', 'FLANNEL_IPV6_SUBNET']),
    ...(env.FLANNEL_MTU ? [] : ['FLANNEL_MTU']),
    ...(env.FLANNEL_IPMASQ ? [] : ['FLANNEL_IPMASQ']),
  ];
  return missing.length ? `${file} is missing ${missing.join(', ')}` : env;
}

/** The network of a CIDR as net.ParseCIDR gives it ("10.244.1.1/24" → "10.244.1.0/24"). */
function cidrNetwork(cidr: string): string | undefined {
  const p = parsePrefix(cidr);
  if (!p || !cidr.includes('/')) return undefined;
  return `${formatIpv4((p.addr & (p.len ? ~0 << (32 - p.len) : 0)) >>> 0)}/${p.len}`;
}

function flannel(call: PluginCall): PluginOutcome {
  const conf = call.conf;
  const dataDir = typeof conf.dataDir === 'string' ? conf.dataDir : FLANNEL_DATA_DIR;
  const scratch = `${dataDir}/${call.containerId}`;
  if (call.command === 'DEL') {
    const saved = call.machine.files.get(scratch);
    if (saved === undefined) return { ok: true };
    const delegateConf = JSON.parse(saved) as Record<string, unknown>;
    const r = delegate(String(delegateConf.type), call, delegateConf);
    if (r.ok) vfsUnlink(call.machine, scratch);
    return r;
  }
  if (call.command !== 'ADD') return { ok: true };
  const file = typeof conf.subnetFile === 'string' ? conf.subnetFile : FLANNEL_SUBNET_FILE;
  const text = call.machine.files.get(file);
  if (text === undefined) return internalError(`open ${file}: no such file or directory`);
  const env = subnetEnv(file, text);
  if (typeof env === 'string') return internalError(env);
  const network = cidrNetwork(env.FLANNEL_NETWORK);
  const subnet = cidrNetwork(env.FLANNEL_SUBNET);
  if (!network || !subnet) return internalError(`invalid CIDR address: ${env.FLANNEL_SUBNET}`);
  const given = (conf.delegate ?? {}) as Record<string, unknown>;
  if ('name' in given)
    return internalError(
      "'delegate' dictionary must not have 'name' field, it'll be set by flannel",
    );
  if ('ipam' in given)
    return internalError(
      "'delegate' dictionary must not have 'ipam' field, it'll be set by flannel",
    );
  const d: Record<string, unknown> = { ...given, name: conf.name };
  d.type ??= 'bridge';
  d.ipMasq ??= env.FLANNEL_IPMASQ !== 'true';
  d.mtu ??= Number(env.FLANNEL_MTU);
  if (d.type === 'bridge') d.isGateway ??= true;
  if (conf.cniVersion) d.cniVersion = conf.cniVersion;
  const ipam = (conf.ipam ?? {}) as Record<string, unknown>;
  const routes = Array.isArray(ipam.routes) ? [...ipam.routes] : [];
  d.ipam = {
    ...ipam,
    type: ipam.type ?? 'host-local',
    ranges: [[{ subnet }]],
    routes: [...routes, { dst: network }],
  };
  const bytes = sortedJson(d);
  vfsMkdirAll(call.machine, dataDir);
  vfsWrite(call.machine, scratch, bytes);
  const r = delegate(String(d.type), call, JSON.parse(bytes) as Record<string, unknown>);
  if (!r.ok) return internalError(`failed to delegate add: ${errorText(r.error)}`);
  return r;
}
