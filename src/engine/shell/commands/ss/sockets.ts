/**
 * The sockets of a namespace as `ss` and `netstat` list them (what inet_diag and /proc/net/tcp,
 * /proc/net/udp report): IPv4 sockets before IPv6 ones, listeners before connections, each group
 * in port order (the kernel walks hash buckets, so a real listing with several sockets may come
 * in another order), with the queue sizes and the processes that hold each socket. A UDP
 * socket's Recv-Q is the bytes queued (the kernel counts buffer truesize, larger).
 */
import { Dockerd } from '../../../daemons/docker/dockerd';
import { Flanneld } from '../../../daemons/flannel/flanneld';
import type { Ipv4 } from '../../../kernel/inet';
import type { Netns } from '../../../kernel/netns';
import { isKernelOwner } from '../../../kernel/sock-procs';
import { type TcpSocket, type TcpState, tcpSockets } from '../../../kernel/tcp-socket';
import type { UdpSocket } from '../../../kernel/udp-socket';

/** One process holding a socket: `("nc",pid=4000,fd=3)`. */
export interface SockUser {
  /** The command name (/proc/PID/comm), what ss prints. */
  name: string;
  pid: number;
  fd: number;
  /** /proc/PID/cmdline when it is not the name (netstat prints it): nginx retitles itself. */
  cmdline?: string;
}

export interface SockRow {
  proto: 'tcp' | 'udp';
  /** An IPv6 socket taking IPv4 too (ss: `*`, `[::ffff:…]`; netstat: tcp6). */
  v6: boolean;
  /** TCP: the kernel state; UDP: ESTABLISHED when connected, else CLOSED. */
  state: TcpState;
  recvQ: number;
  sendQ: number;
  localAddr: Ipv4;
  localPort: number;
  remoteAddr: Ipv4;
  remotePort: number;
  /** Highest pid first, as ss prints them. */
  users: SockUser[];
  /** The socket's inode and cookie (`ss -e`). */
  ino: number;
  cookie: number;
}

/**
 * Inode and cookie numbers: the lab has no inodes, so a socket gets the next pair of its
 * machine's counters the first time a listing shows it (inodes from 30000, cookies from 1).
 */
const ids = new WeakMap<object, { ino: number; cookie: number }>();
const nextIds = new WeakMap<object, { ino: number; cookie: number }>();

function idsOf(ns: Netns, s: object): { ino: number; cookie: number } {
  let v = ids.get(s);
  if (!v) {
    const n = nextIds.get(ns.machine) ?? { ino: 30000, cookie: 1 };
    v = { ...n };
    nextIds.set(ns.machine, { ino: n.ino + 1, cookie: n.cookie + 1 });
    ids.set(s, v);
  }
  return v;
}

/** The nginx worker's pid: the container's pid + 28, as its log says ("start worker process"). */
const NGINX_WORKER_OFFSET = 28;

function usersOf(ns: Netns, owner: string, pid: number, fd: number, listener: boolean): SockUser[] {
  if (pid === 0 || isKernelOwner(owner)) return [];
  const m = ns.machine;
  if (owner === 'flanneld') {
    const f = Flanneld.running(m);
    return [{ name: owner, pid: f ? f.pid : pid, fd }];
  }
  if (owner === 'nginx') {
    const c = [...(Dockerd.running(m)?.containers.values() ?? [])].find(
      (x) => x.state === 'running' && x.netns === ns && x.pid > 0,
    );
    if (c) {
      const worker = {
        name: owner,
        pid: c.pid + NGINX_WORKER_OFFSET,
        fd,
        cmdline: 'nginx: worker process',
      };
      const master = {
        name: owner,
        pid: c.pid,
        fd,
        cmdline: 'nginx: master process nginx -g daemon off;',
      };
      return listener ? [worker, master] : [worker];
    }
  }
  return [{ name: owner, pid, fd }];
}

function bytes(chunks: readonly Uint8Array[]): number {
  let n = 0;
  for (const c of chunks) n += c.length;
  return n;
}

function tcpRow(ns: Netns, s: TcpSocket): SockRow {
  const listen = s.state === 'LISTEN';
  return {
    proto: 'tcp',
    v6: s.v6,
    state: s.state,
    // A listener: the accept queue and its limit; a connection: unread and unacknowledged bytes.
    recvQ: listen ? s.acceptQueue.length : bytes(s.recvQueue),
    sendQ: listen ? s.backlog : ((s.sndNxt - s.sndUna) >>> 0) + s.pending.length,
    localAddr: s.localAddr,
    localPort: s.localPort,
    remoteAddr: s.remoteAddr,
    remotePort: s.remotePort,
    users: s.orphan ? [] : usersOf(ns, s.owner, s.pid, s.fd, listen),
    ...idsOf(ns, s),
  };
}

function udpRow(ns: Netns, s: UdpSocket): SockRow {
  return {
    proto: 'udp',
    v6: false,
    state: 'CLOSED',
    recvQ: bytes(s.queue.map((d) => d.data)),
    sendQ: 0,
    localAddr: s.localAddr,
    localPort: s.localPort,
    remoteAddr: 0,
    remotePort: 0,
    users: s.closed ? [] : usersOf(ns, s.owner, s.pid, s.fd, false),
    ...idsOf(ns, s),
  };
}

/** TCP sockets: IPv4 ones, then IPv6 ones; in each, listeners first, then by port. */
export function tcpRows(ns: Netns): SockRow[] {
  const all = tcpSockets(ns).map((s) => tcpRow(ns, s));
  const order = (rows: SockRow[]) => [
    ...rows.filter((r) => r.state === 'LISTEN'),
    ...rows.filter((r) => r.state !== 'LISTEN'),
  ];
  return [...order(all.filter((r) => !r.v6)), ...order(all.filter((r) => r.v6))];
}

/** UDP sockets in port order. */
export function udpRows(ns: Netns): SockRow[] {
  return [...ns.ipv4.udpPorts.keys()]
    .sort((a, b) => a - b)
    .flatMap((p) => ns.ipv4.udpPorts.get(p) ?? [])
    .map((s) => udpRow(ns, s));
}
