/**
 * `ip address`: show, add, del, flush (ip/ipaddress.c).
 */

import { SCOPE } from '../../../kernel/fib';
import { formatIpv4, type Ipv4, parseIpv4 } from '../../../kernel/inet';
import { addrAdd, addrDel } from '../../../kernel/rtnl';
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
import { type AddrFilter, hasAddrsFor, linkJson, printLink } from './format';
import { formatJson } from './json';
import { selectDevices } from './link';
import { matches } from './matches';

export function ipAddr(ip: IpContext, argv: string[]): CommandResult {
  const [sub, ...rest] = argv;
  if (sub === undefined) return showAddrs(ip, []);
  if (matches(sub, 'add')) return modify(ip, rest, 'add');
  if (matches(sub, 'change') || matches(sub, 'replace')) return modify(ip, rest, 'replace');
  if (matches(sub, 'delete')) return modify(ip, rest, 'del');
  if (matches(sub, 'list') || matches(sub, 'show') || matches(sub, 'lst'))
    return showAddrs(ip, rest);
  if (matches(sub, 'flush')) return flush(ip, rest);
  return err(ip, `Command "${sub}" is unknown, try "ip addr help".`, 255);
}

/** The address selectors of `ip addr show` (ipaddr_list_flush_or_save's filter). */
function addrFilterOf(
  ip: IpContext,
  argv: string[],
): { filter: AddrFilter | undefined; rest: string[] } | number {
  const filter: AddrFilter = {};
  const rest: string[] = [];
  let any = false;
  for (let i = 0; i < argv.length; i++) {
    const w = argv[i];
    if (w === 'label' || w === 'scope' || w === 'to') {
      const v = argv[++i];
      if (v === undefined) return incomplete(ip);
      any = true;
      if (w === 'label') filter.label = v;
      else if (w === 'scope') {
        const s =
          v === 'all' ? undefined : (SCOPES[v] ?? (/^\d+$/.test(v) ? Number(v) : undefined));
        if (s === undefined && v !== 'all') return invarg(ip, 'invalid "scope"\n', v);
        filter.scope = s;
      } else {
        const p = parseLocal(ip, v);
        if (typeof p === 'number') return p;
        filter.to = { addr: p.addr, len: p.len ?? 32 };
      }
    } else if (w === 'primary' || w === 'secondary' || w === 'dynamic' || w === 'permanent') {
      any = true;
      filter[w] = true;
    } else rest.push(w);
  }
  return { filter: any ? filter : undefined, rest };
}

function showAddrs(ip: IpContext, argv0: string[]): number {
  const parsed = addrFilterOf(ip, argv0);
  if (typeof parsed === 'number') return parsed;
  const argv = parsed.rest;
  const devs = selectDevices(ip, argv);
  if (typeof devs === 'number') return devs;
  const opts = {
    ...ip.opts,
    allDevices: devs.length === ip.ns.devices.length && argv0.length === 0,
    addrFilter: parsed.filter,
  };
  if (ip.opts.json) {
    const list = devs.filter((d) => hasAddrsFor(d, opts)).map((d) => linkJson(d, opts, 'addr'));
    out(ip, `${formatJson(list, ip.opts.pretty)}\n`);
    return 0;
  }
  const text = devs
    .filter((d) => hasAddrsFor(d, opts))
    .map((d) => printLink(d, opts, 'addr'))
    .join('');
  out(ip, text);
  return 0;
}

const SCOPES: Record<string, number> = {
  global: SCOPE.universe,
  universe: SCOPE.universe,
  site: SCOPE.site,
  link: SCOPE.link,
  host: SCOPE.host,
  nowhere: SCOPE.nowhere,
};

/** `A.B.C.D[/LEN]`, or iproute2's error for anything else. */
function parseLocal(ip: IpContext, text: string): { addr: Ipv4; len: number | undefined } | number {
  const [a, l, ...more] = text.split('/');
  const addr = parseIpv4(a);
  const lenOk = l === undefined || (/^\d{1,2}$/.test(l) && Number(l) <= 32);
  if (addr === undefined || !lenOk || more.length > 0) {
    return err(ip, `Error: any valid prefix is expected rather than "${text}".`, 1);
  }
  return { addr, len: l === undefined ? undefined : Number(l) };
}

function modify(ip: IpContext, argv: string[], mode: 'add' | 'replace' | 'del'): number {
  let local: { addr: Ipv4; len: number | undefined } | undefined;
  let devName: string | undefined;
  let brd: Ipv4 | 'auto' | undefined;
  let scope: number | undefined;
  let label: string | undefined;
  let peer: { addr: Ipv4; len: number | undefined } | undefined;
  const lft: { valid_lft?: number; preferred_lft?: number } = {};
  for (let i = 0; i < argv.length; i++) {
    const w = argv[i];
    const next = (): string | undefined => argv[++i];
    if (matches(w, 'peer') || matches(w, 'remote')) {
      const v = next();
      if (v === undefined) return incomplete(ip);
      const p = parseLocal(ip, v);
      if (typeof p === 'number') return p;
      peer = p;
    } else if (w === 'dev') {
      const v = next();
      if (v === undefined) return incomplete(ip);
      devName = v;
    } else if (matches(w, 'broadcast') || w === 'brd') {
      const v = next();
      if (v === undefined) return incomplete(ip);
      if (v === '+' || v === '-') brd = 'auto';
      else {
        const b = parseIpv4(v);
        if (b === undefined) return invarg(ip, 'invalid broadcast address', v);
        brd = b;
      }
    } else if (w === 'scope') {
      const v = next();
      if (v === undefined) return incomplete(ip);
      const s = SCOPES[v] ?? (/^\d+$/.test(v) ? Number(v) : undefined);
      if (s === undefined) return invarg(ip, 'invalid scope value.', v);
      scope = s;
    } else if (w === 'label') {
      const v = next();
      if (v === undefined) return incomplete(ip);
      label = v;
    } else if (w === 'valid_lft' || w === 'preferred_lft') {
      const v = next();
      if (v === undefined) return incomplete(ip);
      if (v !== 'forever' && !/^\d+$/.test(v)) return invarg(ip, `${w} value`, v);
      if (v !== 'forever') lft[w] = Number(v);
    } else if (w === 'metric') {
      i++;
    } else if (w === 'noprefixroute' || w === 'home' || w === 'nodad') {
      // Accepted; not modelled.
    } else {
      const v = w === 'local' ? next() : w;
      if (v === undefined) return incomplete(ip);
      if (local !== undefined) return duparg(ip, 'local', v);
      const p = parseLocal(ip, v);
      if (typeof p === 'number') return p;
      local = p;
    }
  }
  if (devName === undefined) {
    return err(ip, 'Not enough information: "dev" argument is required.', 1);
  }
  const dev = findDevice(ip, devName);
  if (typeof dev === 'number') return dev;
  if (local === undefined) {
    if (mode === 'del') return err(ip, 'RTNETLINK answers: Operation not supported', 2);
    return err(ip, 'RTNETLINK answers: Invalid argument', 2);
  }
  if (mode === 'del' && local.len === undefined) {
    ip.ctx.stderr.write(
      `Warning: Executing wildcard deletion to stay compatible with old scripts.\n         Explicitly specify the prefix length (${formatIpv4(local.addr)}/32) to avoid this warning.\n         This special behaviour is likely to disappear in further releases,\n         fix your scripts!\n`,
    );
  }
  const r =
    mode === 'del'
      ? addrDel(dev, local.addr, local.len)
      : addrAdd(
          dev,
          {
            addr: local.addr,
            len: peer?.len ?? local.len ?? 32,
            broadcast: brd,
            scope,
            label,
            peer: peer?.addr,
            validLft: lft.valid_lft,
            preferredLft: lft.preferred_lft,
          },
          mode === 'replace',
        );
  const failed = netlinkFailed(ip, r);
  ip.ctx.world.changed();
  return failed ?? 0;
}

/** `ip addr flush dev X` / `ip addr flush to PREFIX`. */
function flush(ip: IpContext, argv: string[]): number {
  if (argv.length === 0) {
    return err(ip, 'Flush requires arguments.', 1);
  }
  const devs = selectDevices(
    ip,
    argv.filter((a) => a !== 'to' && !a.includes('.')),
  );
  if (typeof devs === 'number') return devs;
  const family = ip.opts.family;
  for (const d of devs) {
    if (family !== 'inet6') for (const a of [...d.addrs]) addrDel(d, a.addr, a.len);
    if (family !== 'inet' && d.ipv6.length > 0) {
      // Gone until the device next goes down and up (addrconf adds the link-local then).
      d.ipv6 = [];
      d.ipv6Flushed = true;
    }
  }
  ip.ctx.world.changed();
  return 0;
}

export { formatIpv4 };
