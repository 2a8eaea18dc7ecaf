/**
 * `ip link`: show, add (veth, bridge, dummy, vxlan), set, delete (ip/iplink.c, link_veth.c,
 * link_vxlan.c).
 */
import type { NetDevice, VxlanParams } from '../../../kernel/device';
import { parseIpv4, parseMac } from '../../../kernel/inet';
import { neighIfDown } from '../../../kernel/neigh';
import {
  type LinkAddRequest,
  linkAdd,
  linkDel,
  linkSetMac,
  linkSetMaster,
  linkSetMtu,
  linkSetName,
  linkSetNetns,
  linkSetUp,
  validIfname,
} from '../../../kernel/rtnl';
import type { CommandResult } from '../../command';
import {
  duparg,
  err,
  findDevice,
  type IpContext,
  incomplete,
  invarg,
  netlinkFailed,
  out,
} from './context';
import { linkJson, printLink } from './format';
import { formatJson } from './json';
import { matches } from './matches';

export function ipLink(ip: IpContext, argv: string[]): CommandResult {
  const [sub, ...rest] = argv;
  if (sub === undefined) return showLinks(ip, []);
  if (matches(sub, 'add')) return modify(ip, rest, 'add');
  if (matches(sub, 'set') || matches(sub, 'change')) return modify(ip, rest, 'set');
  if (matches(sub, 'replace')) return modify(ip, rest, 'set');
  if (matches(sub, 'delete')) return deleteLink(ip, rest);
  if (matches(sub, 'show') || matches(sub, 'lst') || matches(sub, 'list'))
    return showLinks(ip, rest);
  return err(ip, `Command "${sub}" is unknown, try "ip link help".`, 255);
}

/** `ip link show [dev] DEV [up] [type T] [master M]`, shared with `ip addr show`. */
export function selectDevices(ip: IpContext, argv: string[]): NetDevice[] | number {
  let devName: string | undefined;
  let up = false;
  let master: NetDevice | undefined;
  let kind: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === 'up') up = true;
    else if (a === 'master') {
      const name = argv[++i];
      if (name === undefined) return incomplete(ip);
      const m = ip.ns.byName(name);
      if (!m) return invarg(ip, 'Device does not exist\n', name);
      master = m;
    } else if (a === 'type') {
      kind = argv[++i];
      if (kind === undefined) return incomplete(ip);
    } else {
      const name = a === 'dev' ? argv[++i] : a;
      if (name === undefined) return incomplete(ip);
      if (devName !== undefined) return duparg(ip, 'dev', name);
      devName = name;
    }
  }
  let devs = ip.ns.devices;
  if (devName !== undefined) {
    const d = ip.ns.byName(devName);
    if (!d) return err(ip, `Device "${devName}" does not exist.`, 1);
    devs = [d];
  }
  if (up) devs = devs.filter((d) => d.adminUp);
  if (master) devs = devs.filter((d) => d.master === master);
  if (kind !== undefined) devs = devs.filter((d) => kindName(d) === kind);
  return devs;
}

function kindName(d: NetDevice): string {
  return d.kind === 'nic' ? 'ether' : d.kind;
}

function showLinks(ip: IpContext, argv: string[]): number {
  const devs = selectDevices(ip, argv);
  if (typeof devs === 'number') return devs;
  if (ip.opts.json) {
    out(
      ip,
      `${formatJson(
        devs.map((d) => linkJson(d, ip.opts, 'link')),
        ip.opts.pretty,
      )}\n`,
    );
    return 0;
  }
  out(ip, devs.map((d) => printLink(d, ip.opts, 'link')).join(''));
  return 0;
}

function deleteLink(ip: IpContext, argv: string[]): number {
  let name: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === 'type') i++;
    else if (a === 'dev') name = argv[++i];
    else name = a;
  }
  if (name === undefined) {
    return err(ip, 'Not enough information: "dev" argument is required.', 1);
  }
  const dev = findDevice(ip, name);
  if (typeof dev === 'number') return dev;
  return netlinkFailed(ip, linkDel(dev)) ?? 0;
}

interface LinkArgs {
  name?: string;
  type?: string;
  up?: boolean;
  mtu?: number;
  address?: number;
  master?: NetDevice | null;
  netns?: string;
  newName?: string;
  txqlen?: number;
  promisc?: boolean;
  arp?: boolean;
  alias?: string;
  typeArgs: string[];
}

/** iplink_parse: the common options, up to `type`. Returns an exit status on error. */
function parseLinkArgs(ip: IpContext, argv: string[], mode: 'add' | 'set'): LinkArgs | number {
  const a: LinkArgs = { typeArgs: [] };
  let dev: string | undefined;
  // The keyword checks run in iplink_parse's order, with its prefix matching: a device called
  // "b" is read as "broadcast" and "t" as "txqueuelen", exactly as on Linux.
  for (let i = 0; i < argv.length; i++) {
    const w = argv[i];
    const next = (): string | undefined => argv[++i];
    const lladdr = (): number | undefined => {
      const v = next();
      if (v === undefined) return undefined;
      const bad = v.split(':').find((part) => !/^[0-9a-fA-F]{1,2}$/.test(part));
      if (bad !== undefined) {
        err(ip, `"${bad}" is invalid lladdr.`, 1);
        return -1;
      }
      return parseMac(v) ?? -1;
    };
    if (w === 'up') a.up = true;
    else if (w === 'down') a.up = false;
    else if (w === 'name') {
      const v = next();
      if (v === undefined) return incomplete(ip);
      if (a.newName !== undefined) return duparg(ip, 'name', v);
      if (!validIfname(v)) return invarg(ip, '"name" not a valid ifname', v);
      a.newName = v;
    } else if (w === 'index') {
      if (next() === undefined) return incomplete(ip);
    } else if (matches(w, 'link')) {
      if (next() === undefined) return incomplete(ip);
    } else if (matches(w, 'address')) {
      const mac = lladdr();
      if (mac === undefined) return incomplete(ip);
      if (mac < 0) return 1;
      a.address = mac;
    } else if (matches(w, 'broadcast') || w === 'brd') {
      const mac = lladdr();
      if (mac === undefined) return incomplete(ip);
      if (mac < 0) return 1;
    } else if (matches(w, 'txqueuelen') || w === 'qlen' || matches(w, 'txqlen')) {
      const v = next();
      if (v === undefined) return incomplete(ip);
      if (a.txqlen !== undefined) return duparg(ip, 'txqueuelen', v);
      if (!/^\d+$/.test(v)) return invarg(ip, 'Invalid "txqueuelen" value\n', v);
      a.txqlen = Number(v);
    } else if (w === 'mtu') {
      const v = next();
      if (v === undefined) return incomplete(ip);
      if (a.mtu !== undefined) return duparg(ip, 'mtu', v);
      if (!/^\d+$/.test(v)) return invarg(ip, 'Invalid "mtu" value\n', v);
      a.mtu = Number(v);
    } else if (w === 'netns') {
      const v = next();
      if (v === undefined) return incomplete(ip);
      if (a.netns !== undefined) return duparg(ip, 'netns', v);
      a.netns = v;
    } else if (w === 'promisc' || w === 'arp') {
      const v = next();
      if (v === undefined) return incomplete(ip);
      if (v !== 'on' && v !== 'off')
        return err(ip, `Error: argument of "${w}" must be "on" or "off", not "${v}"`, 1);
      a[w] = v === 'on';
    } else if (w === 'alias') {
      const v = next();
      if (v === undefined) return incomplete(ip);
      a.alias = v;
    } else if (['multicast', 'allmulticast', 'trailers', 'carrier'].includes(w)) {
      if (next() === undefined) return incomplete(ip);
    } else if (matches(w, 'master')) {
      const v = next();
      if (v === undefined) return incomplete(ip);
      const m = ip.ns.byName(v);
      if (!m) return invarg(ip, 'Device does not exist\n', v);
      a.master = m;
    } else if (matches(w, 'nomaster')) {
      a.master = null;
    } else if (matches(w, 'type')) {
      const v = next();
      if (v === undefined) return incomplete(ip);
      a.type = v;
      a.typeArgs = argv.slice(i + 1);
      break;
    } else if (matches(w, 'alias') || w === 'group') {
      if (next() === undefined) return incomplete(ip);
    } else if (matches(w, 'help')) {
      return err(ip, 'Usage: ip link add [link DEV] [ name ] NAME type TYPE [ ARGS ]', 255);
    } else {
      const v = w === 'dev' ? next() : w;
      if (v === undefined) return incomplete(ip);
      if (dev !== undefined)
        return err(ip, `Error: either "dev" is duplicate, or "${v}" is a garbage.`, 255);
      // iproute2 accepts any alternative name here; the kernel then checks IFNAMSIZ.
      if (v.length >= 128 || /[/\s]/.test(v) || v === '.' || v === '..') {
        return invarg(ip, '"dev" not a valid ifname', v);
      }
      dev = v;
    }
  }
  if (mode === 'add') {
    // "ip link add dev X" and "ip link add name X" are the same.
    a.name = a.newName ?? dev;
    if (a.newName !== undefined && dev !== undefined && dev !== a.newName) a.name = a.newName;
    a.newName = undefined;
  } else {
    a.name = dev ?? a.newName;
    if (dev === undefined) a.newName = undefined;
  }
  return a;
}

function modify(ip: IpContext, argv: string[], mode: 'add' | 'set'): number {
  const a = parseLinkArgs(ip, argv, mode);
  if (typeof a === 'number') return a;
  if (mode === 'add') return addLink(ip, a);
  if (a.name === undefined) {
    return err(ip, 'Not enough information: "dev" argument is required.', 1);
  }
  const dev = findDevice(ip, a.name);
  if (typeof dev === 'number') return dev;
  return setLink(ip, dev, a);
}

function addLink(ip: IpContext, a: LinkArgs): number {
  if (a.type === undefined) {
    return err(ip, 'Not enough information: "type" argument is required', 1);
  }
  if (a.name === undefined) {
    return err(ip, 'Not enough information: "dev" argument is required.', 1);
  }
  if (!validIfname(a.name)) return err(ip, 'Error: Attribute failed policy validation.', 2);
  const req: LinkAddRequest = { name: a.name, kind: 'dummy', mtu: a.mtu, mac: a.address };
  switch (a.type) {
    case 'veth': {
      const peer = parseVethPeer(ip, a.typeArgs);
      if (typeof peer === 'number') return peer;
      req.kind = 'veth';
      req.peer = peer ?? { name: '' };
      break;
    }
    case 'bridge':
      req.kind = 'bridge';
      break;
    case 'dummy':
      req.kind = 'dummy';
      break;
    case 'vxlan': {
      const v = parseVxlan(ip, a.typeArgs);
      if (typeof v === 'number') return v;
      req.kind = 'vxlan';
      req.vxlan = v;
      break;
    }
    default:
      return err(ip, 'Error: Unknown device type.', 2);
  }
  if (req.kind === 'veth' && req.peer?.name === '') {
    req.peer.name = nextFreeName(ip, 'veth');
  }
  let target = ip.ns;
  if (a.netns !== undefined) {
    const ns = ip.ctx.machine?.named.get(a.netns);
    if (!ns) return err(ip, `Cannot find netns "${a.netns}"`, 1);
    target = ns;
  }
  const made = linkAdd(target, req);
  const failed = netlinkFailed(ip, made);
  if (failed !== undefined || !made.ok) return failed ?? 2;
  const dev = made.value;
  if (a.txqlen !== undefined) dev.txqlen = a.txqlen;
  if (a.master) {
    const f = netlinkFailed(ip, linkSetMaster(dev, a.master));
    if (f !== undefined) return f;
  }
  if (a.up) linkSetUp(dev, true);
  ip.ctx.world.changed();
  return 0;
}

function nextFreeName(ip: IpContext, prefix: string): string {
  for (let i = 0; ; i++) if (!ip.ns.byName(`${prefix}${i}`)) return `${prefix}${i}`;
}

function parseVethPeer(ip: IpContext, argv: string[]): LinkAddRequest['peer'] | undefined | number {
  if (argv.length === 0) return undefined;
  if (argv[0] !== 'peer') {
    return err(ip, `Garbage instead of arguments "${argv[0]} ...". Try "ip link help".`, 1);
  }
  const p = parseLinkArgs(ip, argv.slice(1), 'add');
  if (typeof p === 'number') return p;
  const peer: NonNullable<LinkAddRequest['peer']> = { name: p.name ?? '' };
  if (p.address !== undefined) peer.mac = p.address;
  if (p.netns !== undefined) {
    const ns = ip.ctx.machine?.named.get(p.netns);
    if (!ns) return err(ip, `Cannot find netns "${p.netns}"`, 1);
    peer.netns = ns;
  }
  return peer;
}

function parseVxlan(ip: IpContext, argv: string[]): VxlanParams | number {
  let vni: number | undefined;
  const v: VxlanParams = { vni: 0, dstport: 0, learning: true, ttl: 0 };
  for (let i = 0; i < argv.length; i++) {
    const w = argv[i];
    const val = argv[i + 1];
    if (w === 'id' || w === 'vni') {
      if (val === undefined) return incomplete(ip);
      if (!/^\d+$/.test(val) || Number(val) >= 1 << 24) return invarg(ip, 'invalid id', val);
      vni = Number(val);
      i++;
    } else if (w === 'local' || w === 'group' || w === 'remote') {
      // vxlan_parse_opt: group and remote share one attribute; a multicast one is a group.
      const multicast = (a: number) => a >>> 28 === 0xe;
      if (w !== 'local' && v.group !== undefined && multicast(v.group) !== (w === 'group'))
        return err(ip, 'vxlan: both group and remote cannot be specified', 1);
      if (val === undefined) return incomplete(ip);
      const addr = parseIpv4(val);
      if (addr === undefined) return invarg(ip, `invalid address`, val);
      if (w === 'group' && !multicast(addr)) return invarg(ip, 'invalid group address', val);
      if (w === 'remote' && multicast(addr)) return invarg(ip, 'invalid remote address', val);
      if (w === 'local') v.local = addr;
      else v.group = addr;
      i++;
    } else if (w === 'dev') {
      if (val === undefined) return incomplete(ip);
      const d = ip.ns.byName(val);
      if (!d) return invarg(ip, '"dev" not a valid ifname', val);
      v.dev = d;
      i++;
    } else if (w === 'dstport') {
      if (val === undefined || !/^\d+$/.test(val)) return invarg(ip, 'dstport', val ?? '');
      v.dstport = Number(val);
      i++;
    } else if (w === 'nolearning') v.learning = false;
    else if (w === 'learning') v.learning = true;
    else if (w === 'ttl' || w === 'hoplimit') {
      if (val === undefined) return incomplete(ip);
      v.ttl = val === 'inherit' || val === 'auto' ? 0 : Number(val);
      i++;
    } else if (w === 'port' || w === 'srcport') {
      // get_be16 on both bounds; the kernel checks the order (vxlan_validate).
      const hi = argv[i + 2];
      if (val === undefined || hi === undefined) return incomplete(ip);
      const port = (x: string) => (/^(0x[0-9a-f]+|\d+)$/i.test(x) ? Number(x) : Number.NaN);
      const lo = port(val);
      if (!(lo <= 0xffff)) return invarg(ip, 'min port', val);
      const high = port(hi);
      if (!(high <= 0xffff)) return invarg(ip, 'max port', hi);
      if (lo || high) {
        if (high < lo) return err(ip, 'Error: Invalid source port range.', 2);
        v.srcPortMin = lo;
        v.srcPortMax = high;
      }
      i += 2;
    } else if (w === 'udpcsum' || w === 'noudpcsum') v.udpCsum = w === 'udpcsum';
    else if (w === 'proxy' || w === 'l2miss' || w === 'l3miss') {
      // Accepted; not modelled yet.
    } else {
      return err(ip, `vxlan: unknown command "${w}"?`, 255);
    }
  }
  // parse_opt's -1 comes back through do_cmd's negation: exit 1 (invarg() exits 255 itself)
  if (vni === undefined) return err(ip, 'vxlan: missing virtual network identifier', 1);
  if (v.dstport === 0) {
    ip.ctx.stderr.write(
      "vxlan: destination port not specified\nWill use Linux kernel default (non-standard value)\nUse 'dstport 4789' to get the IANA assigned value\nUse 'dstport 0' to get default and quiet this message\n",
    );
    v.dstport = 8472;
  }
  v.vni = vni;
  return v;
}

function setLink(ip: IpContext, dev: NetDevice, a: LinkArgs): number {
  const step = (r: ReturnType<typeof linkSetUp>) => netlinkFailed(ip, r);
  if (a.netns !== undefined) {
    const target = ip.ctx.machine?.named.get(a.netns);
    if (!target) return invarg(ip, 'Invalid "netns" value\n', a.netns);
    const f = step(linkSetNetns(dev, target, a.newName));
    ip.ctx.world.changed();
    return f ?? 0;
  }
  let failed: number | undefined;
  if (a.address !== undefined) failed ??= step(linkSetMac(dev, a.address));
  if (failed === undefined && a.mtu !== undefined) failed = step(linkSetMtu(dev, a.mtu));
  if (failed === undefined && a.txqlen !== undefined) dev.txqlen = a.txqlen;
  if (failed === undefined && a.promisc !== undefined) dev.promiscSet = a.promisc;
  if (failed === undefined && a.arp !== undefined && dev.noArpSet === a.arp) {
    dev.noArpSet = !a.arp;
    // NETDEV_CHANGE → neigh_changeaddr: the device's neighbour entries all go.
    neighIfDown(ip.ctx.world, dev);
  }
  if (failed === undefined && a.alias !== undefined)
    dev.alias = a.alias === '' ? undefined : a.alias;
  if (failed === undefined && a.newName !== undefined && a.newName !== dev.name) {
    failed = step(linkSetName(dev, a.newName));
  }
  if (failed === undefined && a.master !== undefined) {
    failed = step(linkSetMaster(dev, a.master ?? undefined));
  }
  if (failed === undefined && a.up !== undefined) failed = step(linkSetUp(dev, a.up));
  ip.ctx.world.changed();
  return failed ?? 0;
}
