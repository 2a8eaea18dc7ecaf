/**
 * Per-namespace IPv4 state that is not configuration: the IP identification counter, the
 * path-MTU exceptions learnt from ICMP "fragmentation needed" (what `ip route get` shows as
 * `cache expires …sec mtu N`), the reassembly queues and the open ICMP, UDP and TCP sockets.
 */
import type { Micros } from '../sim/clock';
import { Reassembler } from '../wire';
import type { IcmpSocket } from './icmp-socket';
import type { Ipv4 } from './inet';
import type { Netns } from './netns';
import type { TcpSocket } from './tcp-socket';
import type { UdpSocket } from './udp-socket';

/** net.ipv4.route.mtu_expires: 600 s. */
export const PMTU_EXPIRES_US: Micros = 600_000_000;

export interface PmtuException {
  mtu: number;
  expires: Micros;
}

export class Ipv4State {
  /** Next IP id; drawn from the machine's rng on first use (the kernel hashes per destination). */
  private ident: number | undefined;
  readonly pmtu = new Map<Ipv4, PmtuException>();
  readonly reasm = new Reassembler();
  readonly icmpSockets = new Set<IcmpSocket>();
  /** Bound UDP sockets by local port (kernel/udp-socket.ts), in bind order. */
  readonly udpPorts = new Map<number, UdpSocket[]>();
  /** TCP sockets by local port (kernel/tcp-socket.ts): listeners, connections, TIME-WAIT. */
  readonly tcpPorts = new Map<number, TcpSocket[]>();

  nextIdent(ns: Netns): number {
    if (this.ident === undefined) this.ident = ns.machine.rng.below(0x10000);
    const id = this.ident;
    this.ident = (id + 1) & 0xffff;
    return id;
  }

  /** The learnt path MTU towards `dst`, if still valid at `now`. */
  pathMtu(dst: Ipv4, now: Micros): number | undefined {
    const e = this.pmtu.get(dst);
    if (!e) return undefined;
    if (e.expires <= now) {
      this.pmtu.delete(dst);
      return undefined;
    }
    return e.mtu;
  }
}
