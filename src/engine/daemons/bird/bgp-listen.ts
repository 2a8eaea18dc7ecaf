/**
 * BIRD's BGP listening socket: 0.0.0.0:179 for every bgp protocol of one daemon. An accepted
 * connection goes to the protocol whose neighbor it comes from; BIRD closes one from anybody
 * else at once.
 */
import type { Netns } from '../../kernel/netns';
import type { SockHolder } from '../../kernel/sock-procs';
import {
  type TcpSocket,
  tcpAccept,
  tcpBind,
  tcpClose,
  tcpListen,
  tcpSocketOpen,
} from '../../kernel/tcp-socket';
import type { World } from '../../kernel/world';
import { BGP_PORT } from '../../wire/bgp';

/** IPTOS_PREC_INTERNETCONTROL, which BIRD sets on every BGP socket. */
export const BGP_TOS = 0xc0;

export interface BgpListener {
  close(): void;
}

/** Listens on port 179; `take` gets each connection and says whether it kept it. */
export function listenBgp(
  w: World,
  ns: Netns,
  holder: SockHolder,
  take: (s: TcpSocket) => boolean,
): BgpListener | undefined {
  const l = tcpSocketOpen(ns, 'bird', holder);
  l.reuseAddr = true;
  // BIRD's BGP sockets: IP_TOS internetwork control; the listener answers with TTL 255.
  l.tos = BGP_TOS;
  l.ttl = 255;
  if (!tcpBind(l, 0, BGP_PORT).ok || !tcpListen(w, l, 5).ok) {
    tcpClose(w, l);
    return undefined;
  }
  l.onReadable = () =>
    w.sched.after(0, () => {
      for (;;) {
        const a = tcpAccept(w, l);
        if (!a.ok || !a.value) return;
        if (!take(a.value)) tcpClose(w, a.value);
      }
    });
  return { close: () => tcpClose(w, l) };
}
