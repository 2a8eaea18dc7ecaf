/**
 * The netfilter hooks the IPv4 packet path calls: one function, `nfHook`, at each of the five
 * points of net/ipv4 (ip_rcv → PREROUTING, ip_local_deliver → INPUT, ip_forward → FORWARD,
 * __ip_local_out → OUTPUT, ip_output → POSTROUTING).
 *
 * ```ts
 * const r = nfHook(ns, 'FORWARD', packet, { now, inDev: 'docker0', outDev: 'eth0' });
 * if (r.reply) sendLocal(r.reply);          // REJECT's ICMP error or TCP RST
 * if (r.verdict !== 'accept') return;       // dropped (r.trace says by which rule)
 * packet = r.packet;                        // possibly NATed (a new array; input untouched)
 * ```
 *
 * What runs at each hook, in the kernel's priority order (filter/nat only; mangle and raw
 * rules are stored and listed but not evaluated):
 *
 * | hook        | steps                                                              |
 * |-------------|--------------------------------------------------------------------|
 * | PREROUTING  | conntrack in → nat PREROUTING (DNAT) → rewrite                      |
 * | INPUT       | filter INPUT → nat INPUT (SNAT) → rewrite → conntrack confirm       |
 * | FORWARD     | filter FORWARD                                                      |
 * | OUTPUT      | conntrack in → nat OUTPUT (DNAT) → rewrite → filter OUTPUT          |
 * | POSTROUTING | nat POSTROUTING (SNAT/MASQUERADE) → rewrite → conntrack confirm     |
 *
 * The nat table is traversed only for the first packet of a connection (each of its two
 * halves, DNAT and SNAT, once); every later packet, and the replies, are rewritten from the
 * connection. ICMP errors about a connection are RELATED and rewritten inside and out.
 * `inDev`/`outDev` are device names (`-i`/`-o`); at PREROUTING a packet arriving on a
 * loopback device is not tracked again (it was at OUTPUT, like the kernel's kept skb->_nfct).
 *
 * Fast path: with no table in use (`ns.netfilter.active` false) the call returns at once;
 * the packet path may also test `nfActive(ns)` and skip the call.
 */
import type { Micros } from '../../sim/clock';
import type { Ipv4 } from '../inet';
import type { Netns } from '../netns';
import { type CtLookup, CtStatus, type Manip } from './conntrack';
import { type MatchContext, ruleMatches } from './match';
import { natPacket, natSetup } from './nat';
import { type PktInfo, pktInfo } from './packet';
import { rejectReply } from './reject';
import type { Chain, HookName, Rule, TableName, Target } from './rule';
import type { NfTable } from './tables';

export type NfVerdict = 'accept' | 'drop' | 'stolen';

/** One decision on the way: a rule (1-based) whose target fired, or the policy (rule 0). */
export interface NfTraceEntry {
  table: TableName;
  chain: string;
  rule: number;
  target: string;
}

export interface NfHookOptions {
  /** Virtual time (µs): conntrack timeouts. */
  now: Micros;
  inDev?: string;
  outDev?: string;
  /**
   * The source address for a REJECT error sent back to `to` (the kernel routes back and takes
   * the route's preferred source). Default: the rejected packet's destination at INPUT, its
   * source at OUTPUT, the primary address of `inDev` at FORWARD.
   */
  icmpSource?: (to: Ipv4) => Ipv4 | undefined;
}

export interface NfHookResult {
  verdict: NfVerdict;
  /** The packet to continue with: the input itself, or a rewritten copy after NAT. */
  packet: Uint8Array;
  /** A packet to send back (REJECT), as a locally generated IPv4 packet. */
  reply?: Uint8Array;
  trace: NfTraceEntry[];
  /** The connection state the rules saw (`NEW`, `ESTABLISHED`, …), when conntrack runs. */
  ctstate?: 'NEW' | 'ESTABLISHED' | 'RELATED' | 'INVALID';
  /** Why a packet was dropped when no rule says it: `nat: no free tuple`, `masquerade: no address`. */
  reason?: string;
}

const NO_TRACE: NfTraceEntry[] = [];
/** Nested jumps the traversal follows (the kernel's stack is bounded by loop checks). */
const MAX_DEPTH = 64;

/** True when the namespace has any netfilter work (cheap pre-check for the packet path). */
export function nfActive(ns: Netns): boolean {
  return ns.netfilter.active;
}

/** Runs the netfilter hook `hook` on an IPv4 packet. Never throws on packet contents. */
export function nfHook(
  ns: Netns,
  hook: HookName,
  pkt: Uint8Array,
  opts: NfHookOptions,
): NfHookResult {
  const nf = ns.netfilter;
  if (!nf.active) return { verdict: 'accept', packet: pkt, trace: NO_TRACE };
  let p = pktInfo(pkt);
  if (!p) return { verdict: 'accept', packet: pkt, trace: NO_TRACE };
  nf.maybeGc(opts.now);
  const trace: NfTraceEntry[] = [];
  let ct: CtLookup | undefined;
  if (nf.ctEnabled) {
    const tracked =
      hook === 'OUTPUT' ||
      (hook === 'PREROUTING' && ns.byName(opts.inDev ?? '')?.kind !== 'loopback');
    ct = tracked ? nf.conntrack.track(p, opts.now) : nf.conntrack.peek(p, opts.now);
  }
  const ctx: MatchContext = {
    ns,
    inDev: opts.inDev,
    outDev: opts.outDev,
    ct,
    ctEnabled: nf.ctEnabled,
  };
  const res: NfHookResult = { verdict: 'accept', packet: pkt, trace };
  if (nf.ctEnabled) res.ctstate = ctStateName(ct);

  const filter = (chain: HookName): boolean => {
    const t = nf.table('filter');
    if (!t) return true;
    const tg = traverse(t, chain, p as PktInfo, ctx, trace);
    if (tg.kind === 'ACCEPT') return true;
    if (tg.kind === 'REJECT') {
      const q = p as PktInfo;
      const src =
        hook === 'INPUT' ? q.dst : (opts.icmpSource?.(q.src) ?? fallbackSource(ns, hook, q, opts));
      res.reply = rejectReply(res.packet, q, tg.with, src, () => ns.ipv4.nextIdent(ns));
    }
    return false;
  };

  const nat = (manip: Manip, chain: HookName): boolean => {
    if (!ct || ct.info === 'invalid') return true;
    const conn = ct.conn;
    const done = manip === 'src' ? CtStatus.SRC_NAT_DONE : CtStatus.DST_NAT_DONE;
    if (ct.info === 'new' && !(conn.status & done)) {
      const t = nf.table('nat');
      const tg: Target = t ? traverse(t, chain, p as PktInfo, ctx, trace) : { kind: 'ACCEPT' };
      let ok = true;
      if (tg.kind === 'DNAT' || tg.kind === 'SNAT') {
        ok = natSetup(ns, nf.conntrack, conn, manip, tg.range);
        if (!ok) res.reason = 'nat: no free tuple';
      } else if (tg.kind === 'MASQUERADE') {
        const addr = primaryAddr(ns, opts.outDev);
        if (addr === undefined) {
          res.reason = 'masquerade: no address on the out device';
          ok = false;
        } else {
          ok = natSetup(ns, nf.conntrack, conn, manip, tg.range, addr);
          if (!ok) res.reason = 'nat: no free tuple';
        }
      } else if (tg.kind === 'DROP') {
        ok = false;
      } else {
        natSetup(ns, nf.conntrack, conn, manip, undefined);
      }
      if (!ok) return false;
    }
    const before = res.packet;
    res.packet = natPacket(before, p as PktInfo, conn, ct.dir, manip, ct.info === 'related');
    if (res.packet !== before) p = pktInfo(res.packet) ?? p;
    return true;
  };

  let accepted = true;
  switch (hook) {
    case 'PREROUTING':
      accepted = nat('dst', 'PREROUTING');
      break;
    case 'INPUT':
      accepted = filter('INPUT') && nat('src', 'INPUT');
      break;
    case 'FORWARD':
      accepted = filter('FORWARD');
      break;
    case 'OUTPUT':
      accepted = nat('dst', 'OUTPUT') && filter('OUTPUT');
      break;
    case 'POSTROUTING':
      accepted = nat('src', 'POSTROUTING');
      break;
  }
  if (ct) {
    const unconfirmed = !(ct.conn.status & CtStatus.CONFIRMED);
    if (!accepted && unconfirmed && ct.dir === 'orig') nf.conntrack.remove(ct.conn);
    else if (accepted && unconfirmed && (hook === 'INPUT' || hook === 'POSTROUTING'))
      nf.conntrack.confirm(ct.conn);
  }
  if (!accepted) res.verdict = 'drop';
  return res;
}

function ctStateName(ct: CtLookup | undefined): NfHookResult['ctstate'] {
  if (!ct) return 'INVALID';
  return ct.info === 'new'
    ? 'NEW'
    : ct.info === 'related'
      ? 'RELATED'
      : ct.info === 'established'
        ? 'ESTABLISHED'
        : 'INVALID';
}

/** The first (primary) address of a device: what MASQUERADE uses. */
function primaryAddr(ns: Netns, dev: string | undefined): Ipv4 | undefined {
  if (dev === undefined) return undefined;
  return ns.byName(dev)?.addrs.find((a) => !a.secondary)?.addr;
}

function fallbackSource(ns: Netns, hook: HookName, p: PktInfo, opts: NfHookOptions): Ipv4 {
  if (hook === 'OUTPUT') return p.src;
  return primaryAddr(ns, opts.inDev) ?? p.dst;
}

/** The name a trace shows for a target. */
function targetName(t: Target): string {
  return t.kind === 'jump' ? t.chain : t.kind === 'none' ? '' : t.kind;
}

/**
 * ipt_do_table for one chain and the chains it jumps to: the first terminal target, or the
 * built-in chain's policy. Counters of matching rules (and of the policy) are updated.
 */
function traverse(
  t: NfTable,
  chainName: HookName,
  p: PktInfo,
  ctx: MatchContext,
  trace: NfTraceEntry[],
): Target {
  const base = t.chains.get(chainName);
  if (!base?.hooked) return { kind: 'ACCEPT' };
  const stack: { chain: Chain; next: number }[] = [];
  let chain: Chain = base;
  let i = 0;
  for (;;) {
    if (i >= chain.rules.length) {
      const back = stack.pop();
      if (back) {
        chain = back.chain;
        i = back.next;
        continue;
      }
      return policy(t, base, p, trace);
    }
    const rule: Rule = chain.rules[i++];
    if (!ruleMatches(rule, p, ctx)) continue;
    rule.counters.packets++;
    rule.counters.bytes += p.len;
    const tg = rule.target;
    if (tg.kind !== 'none')
      trace.push({ table: t.name, chain: chain.name, rule: i, target: targetName(tg) });
    switch (tg.kind) {
      case 'none':
      case 'LOG':
        continue;
      case 'RETURN': {
        const back = stack.pop();
        if (!back) return policy(t, base, p, trace);
        chain = back.chain;
        i = back.next;
        continue;
      }
      case 'jump': {
        const next = t.chains.get(tg.chain);
        if (!next || stack.length >= MAX_DEPTH) return { kind: 'DROP' };
        stack.push({ chain, next: i });
        chain = next;
        i = 0;
        continue;
      }
      default:
        return tg;
    }
  }
}

function policy(t: NfTable, base: Chain, p: PktInfo, trace: NfTraceEntry[]): Target {
  if (base.policyCounted) {
    base.policyCounters.packets++;
    base.policyCounters.bytes += p.len;
  }
  const pol = base.policy ?? 'ACCEPT';
  trace.push({ table: t.name, chain: base.name, rule: 0, target: pol });
  return { kind: pol };
}
