/**
 * ICMP error rate limiting per destination (net/ipv4/icmp.c icmpv4_xrlim_allow with
 * inet_peer_xrlim_allow): each peer has a token bucket refilled with elapsed time, capped at
 * XRLIM_BURST_FACTOR (6) × icmp_ratelimit (1000 ms); an error costs icmp_ratelimit. So a burst
 * of 6 errors, then one a second — why traceroute's later probes go unanswered in the docker0
 * reference capture. Only the types in icmp_ratemask (6168: destination unreachable, source
 * quench, time exceeded, parameter problem) are limited, and never toward loopback.
 *
 * A forwarding failure (no route) first passes ip_error's own check on the same bucket (capped
 * at ip_rt_error_burst, 5 s; cost ip_rt_error_cost, 1 s), so such errors cost twice: two
 * unreachables, then silence — traceroute's `!H !H *`.
 *
 * Left out: the global icmp_msgs_per_sec limit.
 */
import type { Micros } from '../sim/clock';
import type { Ipv4 } from './inet';

export const ICMP_RATELIMIT_US: Micros = 1_000_000;
const BURST_FACTOR = 6;
/** icmp_ratemask 6168 = bits 3, 4, 11, 12. */
const RATEMASK = 6168;
/** ip_rt_error_burst and ip_rt_error_cost. */
const IP_ERROR_BURST_US: Micros = 5_000_000;
const IP_ERROR_COST_US: Micros = 1_000_000;

interface Peer {
  tokens: Micros;
  last: Micros;
}

export class IcmpRateLimiter {
  private peers = new Map<Ipv4, Peer>();

  /** Whether an ICMP error of `type` may be sent to `dst` now (and spend its token). */
  allow(dst: Ipv4, type: number, now: Micros, toLoopback: boolean): boolean {
    if (type > 31 || !(RATEMASK & (1 << type)) || toLoopback) return true;
    return this.spend(dst, now, BURST_FACTOR * ICMP_RATELIMIT_US, ICMP_RATELIMIT_US);
  }

  /** ip_error's check before it reports a forwarding failure to `dst`. */
  allowIpError(dst: Ipv4, now: Micros): boolean {
    return this.spend(dst, now, IP_ERROR_BURST_US, IP_ERROR_COST_US);
  }

  private spend(dst: Ipv4, now: Micros, cap: Micros, cost: Micros): boolean {
    let p = this.peers.get(dst);
    if (!p) {
      // A new peer's last refill is far in the past, so its first bucket is full.
      p = { tokens: 0, last: now - 60_000_000 };
      this.peers.set(dst, p);
    }
    let tokens = Math.min(p.tokens + (now - p.last), cap);
    p.last = now;
    const ok = tokens >= cost;
    if (ok) tokens -= cost;
    p.tokens = tokens;
    return ok;
  }
}
