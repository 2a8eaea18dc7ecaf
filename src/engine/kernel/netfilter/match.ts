/**
 * Rule matching: the fixed IPv4 part (ip_packet_match in net/ipv4/netfilter/ip_tables.c) and
 * the match extensions (xt_tcpudp, xt_icmp in ip_tables.c, xt_conntrack, xt_state,
 * xt_addrtype, xt_comment, xt_multiport), each with its own inversion.
 *
 * Address types come from the namespace's own addresses (what its local routing table holds):
 * LOCAL for an address of any device (all of 127.0.0.0/8 through `lo`'s /8), BROADCAST for
 * 255.255.255.255, 0.0.0.0 and configured broadcast addresses, MULTICAST for 224.0.0.0/4,
 * UNICAST otherwise. Left out: BLACKHOLE/UNREACHABLE/PROHIBIT route types.
 */
import type { NetDevice } from '../device';
import { type Ipv4, inPrefix } from '../inet';
import type { Netns } from '../netns';
import type { CtLookup } from './conntrack';
import { CtStatus } from './conntrack';
import type { PktInfo } from './packet';
import { AddrType, CtState, type IfaceMatch, type Match, type Rule } from './rule';

export interface MatchContext {
  ns: Netns;
  inDev?: string;
  outDev?: string;
  /** The packet's connection, when conntrack runs (undefined = INVALID or untracked). */
  ct?: CtLookup;
  ctEnabled: boolean;
}

function ifaceMatches(m: IfaceMatch, dev: string | undefined): boolean {
  const name = dev ?? '';
  const hit = m.wildcard ? name.startsWith(m.name) : name === m.name;
  return hit !== m.inv;
}

/** True when the packet matches every part of the rule. */
export function ruleMatches(rule: Rule, p: PktInfo, ctx: MatchContext): boolean {
  const { src, dst, inIface, outIface, proto } = rule;
  if (src && ((p.src & src.mask) >>> 0 === src.addr) === src.inv) return false;
  if (dst && ((p.dst & dst.mask) >>> 0 === dst.addr) === dst.inv) return false;
  if (inIface && !ifaceMatches(inIface, ctx.inDev)) return false;
  if (outIface && !ifaceMatches(outIface, ctx.outDev)) return false;
  if (proto && proto.num !== 0 && (p.proto === proto.num) === proto.inv) return false;
  for (const m of rule.matches) if (!extensionMatches(m, p, ctx)) return false;
  return true;
}

function inRange(v: number, lo: number, hi: number): boolean {
  return v >= lo && v <= hi;
}

function extensionMatches(m: Match, p: PktInfo, ctx: MatchContext): boolean {
  switch (m.kind) {
    case 'tcp':
    case 'udp': {
      if (p.laterFragment) return false;
      if (m.sport && inRange(p.sport, m.sport.lo, m.sport.hi) === m.sport.inv) return false;
      if (m.dport && inRange(p.dport, m.dport.lo, m.dport.hi) === m.dport.inv) return false;
      return true;
    }
    case 'icmp': {
      if (p.laterFragment || p.icmpType < 0) return false;
      const hit =
        m.type === 0xff || (p.icmpType === m.type && inRange(p.icmpCode, m.codeLo, m.codeHi));
      return hit !== m.inv;
    }
    case 'conntrack':
    case 'state':
      return ((ctStateBits(ctx, m.kind === 'conntrack') & m.states) !== 0) !== m.inv;
    case 'addrtype': {
      if (m.src) {
        const dev = m.limitIn ? ctx.inDev : m.limitOut ? ctx.outDev : undefined;
        const hit = (addrTypeBits(ctx.ns, p.src, dev) & m.src.types) !== 0;
        if (hit === m.src.inv) return false;
      }
      if (m.dst) {
        const dev = m.limitIn ? ctx.inDev : m.limitOut ? ctx.outDev : undefined;
        const hit = (addrTypeBits(ctx.ns, p.dst, dev) & m.dst.types) !== 0;
        if (hit === m.dst.inv) return false;
      }
      return true;
    }
    case 'comment':
      return true;
    case 'mark':
      // Nothing in the lab sets skb->mark: every packet carries 0.
      return ((0 & m.mask) === m.value) !== m.inv;
    case 'multiport': {
      if (p.laterFragment) return false;
      let hit = false;
      for (const r of m.ports) {
        if (
          (m.dir !== 'dst' && inRange(p.sport, r.lo, r.hi)) ||
          (m.dir !== 'src' && inRange(p.dport, r.lo, r.hi))
        ) {
          hit = true;
          break;
        }
      }
      return hit !== m.inv;
    }
  }
}

/** The xt_conntrack / xt_state bits of the packet's connection. */
export function ctStateBits(ctx: MatchContext, withNat: boolean): number {
  const ct = ctx.ct;
  if (!ct) return ctx.ctEnabled ? CtState.INVALID : CtState.UNTRACKED;
  let bits: number =
    ct.info === 'new'
      ? CtState.NEW
      : ct.info === 'related'
        ? CtState.RELATED
        : ct.info === 'established'
          ? CtState.ESTABLISHED
          : CtState.INVALID;
  if (withNat) {
    if (ct.conn.status & CtStatus.SRC_NAT) bits |= CtState.SNAT;
    if (ct.conn.status & CtStatus.DST_NAT) bits |= CtState.DNAT;
  }
  return bits;
}

/** The address type bits (1 << RTN_*) of `addr` in `ns`, optionally limited to one device. */
export function addrTypeBits(ns: Netns, addr: Ipv4, devName?: string): number {
  if (addr === 0xffffffff || addr === 0) return 1 << AddrType.BROADCAST;
  if (addr >>> 28 === 0xe) return 1 << AddrType.MULTICAST;
  const devices: NetDevice[] = [];
  if (devName !== undefined) {
    const d = ns.byName(devName);
    if (d) devices.push(d);
  } else devices.push(...ns.devices);
  for (const d of devices) {
    for (const a of d.addrs) {
      if (a.addr === addr) return 1 << AddrType.LOCAL;
      if (d.kind === 'loopback' && inPrefix(addr, { addr: a.addr, len: a.len }))
        return 1 << AddrType.LOCAL;
      if (a.broadcast !== undefined && a.broadcast === addr) return 1 << AddrType.BROADCAST;
    }
  }
  return 1 << AddrType.UNICAST;
}
