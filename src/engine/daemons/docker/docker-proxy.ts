/**
 * docker-proxy, Docker's userland proxy for a published TCP port (`-p 8080:80`): a process that
 * listens on the host port and relays each connection to the container's port. Traffic from
 * other hosts never reaches it (the DOCKER chain's DNAT sends it straight to the container); it
 * serves what DNAT leaves alone — above all the host's own `curl 127.0.0.1:8080`. Like Docker's,
 * it listens with Go's backlog (4096) on the descriptor after the runtime's epoll one.
 *
 * Left out: the second proxy Docker starts for `[::]` (the lab has no IPv6 sockets to serve),
 * UDP ports.
 */
import type { Ipv4 } from '../../kernel/inet';
import type { Netns } from '../../kernel/netns';
import { newSockHolder, sockFdAlloc } from '../../kernel/sock-procs';
import {
  type TcpSocket,
  tcpAccept,
  tcpBind,
  tcpClose,
  tcpConnect,
  tcpListen,
  tcpRecv,
  tcpSend,
  tcpShutdown,
  tcpSocketOpen,
} from '../../kernel/tcp-socket';
import type { World } from '../../kernel/world';

export interface DockerProxy {
  stop(): void;
}

/** Go's listen backlog (net.core.somaxconn's default on current kernels). */
const GO_BACKLOG = 4096;

/** Start a proxy for host `hostIp:hostPort` → `containerIp:containerPort`, or undefined. */
export function startDockerProxy(
  w: World,
  root: Netns,
  hostIp: Ipv4,
  hostPort: number,
  containerIp: Ipv4,
  containerPort: number,
): DockerProxy | undefined {
  const holder = newSockHolder(root.machine);
  sockFdAlloc(holder); // the Go runtime's epoll descriptor comes first
  const l = tcpSocketOpen(root, 'docker-proxy', holder);
  l.reuseAddr = true;
  const bound = tcpBind(l, hostIp, hostPort);
  if (!bound.ok || !tcpListen(w, l, GO_BACKLOG).ok) {
    tcpClose(w, l);
    return undefined;
  }
  const open = new Set<TcpSocket>();
  /** Sockets whose peer has finished sending (their FIN was passed on). */
  const ended = new Set<TcpSocket>();
  const relay = (from: TcpSocket, to: TcpSocket) => {
    if (ended.has(from)) return;
    for (;;) {
      const r = tcpRecv(w, from);
      if (!r.ok) {
        closeBoth(from, to);
        return;
      }
      if (r.value === undefined) return;
      if (r.value === null) {
        // Pass the FIN on (half-close), as io.Copy's CloseWrite does; both done: close.
        ended.add(from);
        tcpShutdown(w, to);
        if (ended.has(to)) closeBoth(from, to);
        return;
      }
      tcpSend(w, to, r.value);
    }
  };
  const closeBoth = (a: TcpSocket, b: TcpSocket) => {
    for (const s of [a, b]) {
      open.delete(s);
      ended.delete(s);
      tcpClose(w, s);
    }
  };
  l.onReadable = () =>
    w.sched.after(0, () => {
      for (;;) {
        const a = tcpAccept(w, l);
        if (!a.ok || !a.value) return;
        const client = a.value;
        const backend = tcpSocketOpen(root, 'docker-proxy', holder);
        open.add(client);
        open.add(backend);
        if (!tcpConnect(w, backend, containerIp, containerPort).ok) {
          closeBoth(client, backend);
          continue;
        }
        // Like io.Copy after net.Dial: the client's bytes wait until the container answered.
        const pump = () => {
          if (backend.state === 'SYN_SENT') return;
          relay(backend, client);
          if (open.has(client)) relay(client, backend);
        };
        client.onReadable = () => w.sched.after(0, pump);
        backend.onReadable = () => w.sched.after(0, pump);
      }
    });
  return {
    stop() {
      tcpClose(w, l);
      for (const s of open) tcpClose(w, s);
      open.clear();
    },
  };
}
