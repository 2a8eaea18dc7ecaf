/**
 * `ip neighbour`: show, add, change, replace, del, flush (ip/ipneigh.c). IPv4 only: the lab
 * keeps no IPv6 neighbours.
 */
import { formatIpv4, formatMac, type Ipv4, parseIpv4, parseMac } from '../../../kernel/inet';
import { type NudState, neighAdd, neighDel, neighList } from '../../../kernel/neigh';
import type { CommandResult } from '../../command';
import { duparg, err, type IpContext, incomplete, invarg, netlinkFailed, out } from './context';
import { formatJson, type Json } from './json';
import { matches } from './matches';

const NUD: Record<string, number> = {
  INCOMPLETE: 0x01,
  REACHABLE: 0x02,
  STALE: 0x04,
  DELAY: 0x08,
  PROBE: 0x10,
  FAILED: 0x20,
  NOARP: 0x40,
  PERMANENT: 0x80,
};

/** nud_state_a2n: the names `ip neigh … nud X` accepts (`none` is 0). */
function nudByName(name: string): number | undefined {
  if (name === 'none') return 0;
  const v = NUD[name.toUpperCase()];
  return v;
}

export function ipNeigh(ip: IpContext, argv: string[]): CommandResult {
  const [sub, ...rest] = argv;
  if (sub === undefined) return show(ip, [], false);
  if (matches(sub, 'add')) return modify(ip, rest, 'add');
  if (matches(sub, 'change') || sub === 'chg') return modify(ip, rest, 'change');
  if (matches(sub, 'replace')) return modify(ip, rest, 'replace');
  if (matches(sub, 'delete')) return modify(ip, rest, 'del');
  if (matches(sub, 'show') || matches(sub, 'list') || matches(sub, 'lst'))
    return show(ip, rest, false);
  if (matches(sub, 'flush')) return show(ip, rest, true);
  return err(ip, `Command "${sub}" is unknown, try "ip neigh help".`, 255);
}

function show(ip: IpContext, argv: string[], flush: boolean): number {
  if (flush && argv.length === 0) return err(ip, 'Flush requires arguments.', 255);
  let stateMask = flush ? 0xff & ~(NUD.PERMANENT | NUD.NOARP) : 0xff & ~NUD.NOARP;
  let stateGiven = false;
  let devName: string | undefined;
  let prefix: { addr: Ipv4; len: number } | undefined;
  for (let i = 0; i < argv.length; i++) {
    const w = argv[i];
    if (w === 'dev') {
      const v = argv[++i];
      if (v === undefined) return incomplete(ip);
      if (devName !== undefined) return duparg(ip, 'dev', v);
      devName = v;
    } else if (w === 'nud') {
      const v = argv[++i];
      if (v === undefined) return incomplete(ip);
      if (!stateGiven) {
        stateGiven = true;
        stateMask = 0;
      }
      let s = nudByName(v);
      if (s === undefined) {
        if (v !== 'all') return invarg(ip, 'nud state is bad', v);
        s = flush ? ~NUD.NOARP & 0x1ff : 0x1ff;
      }
      stateMask |= s === 0 ? 0x100 : s;
    } else if (w === 'unused' || w === 'proxy' || w === 'nomaster') {
      // Accepted; the lab has no proxy entries or reference counts.
    } else {
      const v = w === 'to' ? argv[++i] : w;
      if (v === undefined) return incomplete(ip);
      // get_prefix: `all`, `any` and `default` are every address.
      if (v === 'all' || v === 'any' || v === 'default') {
        prefix = undefined;
        continue;
      }
      const [a, l] = v.split('/');
      const addr = parseIpv4(a);
      if (addr === undefined)
        return err(ip, `Error: any valid prefix is expected rather than "${v}".`, 1);
      prefix = { addr, len: l === undefined ? 32 : Number(l) };
    }
  }
  const dev = devName === undefined ? undefined : ip.ns.byName(devName);
  if (devName !== undefined && !dev) return err(ip, `Cannot find device "${devName}"`, 1);
  const mask = (len: number) => (len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0);
  const entries = neighList(ip.ns).filter(
    (e) =>
      (!dev || e.dev === dev) &&
      (stateMask & NUD[e.state]) !== 0 &&
      (!prefix || ((e.addr ^ prefix.addr) & mask(prefix.len)) >>> 0 === 0),
  );
  if (ip.opts.family === 'inet6') return 0;
  if (flush) {
    const w = ip.ctx.world;
    for (const e of entries) neighDel(w, ip.ns, e.dev, e.addr);
    return 0;
  }
  if (ip.opts.json) {
    const list = entries.map((e) => {
      const j: { [k: string]: Json } = { dst: formatIpv4(e.addr) };
      if (!dev) j.dev = e.dev.name;
      if (e.lladdr !== undefined && e.state !== 'INCOMPLETE' && e.state !== 'FAILED')
        j.lladdr = formatMac(e.lladdr);
      if (e.router) j.router = null;
      j.state = [e.state];
      return j;
    });
    out(ip, `${formatJson(list, ip.opts.pretty)}\n`);
    return 0;
  }
  let text = '';
  for (const e of entries) {
    if (ip.opts.brief) {
      text += `${formatIpv4(e.addr).padEnd(39)} ${e.dev.name.padEnd(16)} ${e.lladdr === undefined ? '' : formatMac(e.lladdr)}\n`;
      continue;
    }
    text += `${formatIpv4(e.addr)} `;
    if (!dev) text += `dev ${e.dev.name} `;
    if (e.lladdr !== undefined && e.state !== 'INCOMPLETE' && e.state !== 'FAILED')
      text += `lladdr ${formatMac(e.lladdr)} `;
    if (e.router) text += 'router ';
    text += `${e.state} \n`;
  }
  out(ip, text);
  return 0;
}

function modify(ip: IpContext, argv: string[], mode: 'add' | 'change' | 'replace' | 'del'): number {
  let state: NudState = 'PERMANENT';
  let lladdr: number | undefined;
  let devName: string | undefined;
  let dst: Ipv4 | undefined;
  let router = false;
  for (let i = 0; i < argv.length; i++) {
    const w = argv[i];
    if (w === 'lladdr') {
      const v = argv[++i];
      if (v === undefined) return incomplete(ip);
      if (lladdr !== undefined) return duparg(ip, 'lladdr', v);
      const mac = parseMac(v);
      if (mac === undefined) return err(ip, `"${v}" is invalid lladdr.`, 1);
      lladdr = mac;
    } else if (w === 'nud') {
      const v = argv[++i];
      if (v === undefined) return incomplete(ip);
      const s = nudByName(v);
      if (s === undefined || s === 0) return invarg(ip, 'nud state is bad', v);
      state = Object.keys(NUD).find((k) => NUD[k] === s) as NudState;
    } else if (w === 'dev') {
      const v = argv[++i];
      if (v === undefined) return incomplete(ip);
      devName = v;
    } else if (w === 'router') {
      router = true;
    } else if (w === 'proxy' || w === 'extern_learn' || w === 'use' || w === 'managed') {
      // Accepted; not modelled.
    } else {
      const v = w === 'to' ? argv[++i] : w;
      if (v === undefined) return incomplete(ip);
      if (dst !== undefined)
        return err(ip, `Error: either "to" is duplicate, or "${v}" is a garbage.`, 255);
      const a = parseIpv4(v);
      if (a === undefined)
        return err(ip, `Error: any valid address is expected rather than "${v}".`, 1);
      dst = a;
    }
  }
  if (devName === undefined || dst === undefined) {
    return err(ip, 'Device and destination are required arguments.', 255);
  }
  const dev = ip.ns.byName(devName);
  if (!dev) return err(ip, `Cannot find device "${devName}"`, 1);
  const w = ip.ctx.world;
  const r =
    mode === 'del'
      ? neighDel(w, ip.ns, dev, dst)
      : neighAdd(w, ip.ns, { dev, addr: dst, lladdr, state, router }, mode);
  return netlinkFailed(ip, r) ?? 0;
}
