/**
 * Which process holds a socket, for `ss -p` and `netstat -p`. The lab has no process table, so
 * this keeps a small deterministic one per machine: every user-space socket opener gets a holder
 * — the machine's next pid (from 4000 up; no random numbers, so nothing else in the lab changes)
 * and, for each socket it opens or accepts, the lowest free file descriptor from 3 up (a closed
 * socket's descriptor is free again), as a small C program's would. A command (`nc`, `curl`) is one holder per socket it opens (a connection accepted on a
 * listener belongs to the listener's holder); a daemon passes one holder for all its listeners.
 * Kernel sockets (owner `kernel …`, the VXLAN device's) have no holder: pid 0.
 *
 * Real pids and descriptors differ (a real etcd or nginx has other files open first); `ss` shows
 * the pids of daemons that print their own (flanneld, a container's nginx) from those daemons.
 */
import type { Machine } from './machine';

/** The first pid the lab hands out on a machine. */
export const FIRST_SOCKET_PID = 4000;

/** A process as far as sockets care: its pid and the descriptors its sockets use. */
export interface SockHolder {
  readonly pid: number;
  readonly fds: Set<number>;
}

const nextPid = new WeakMap<Machine, number>();

/** A kernel socket (no process holds it). */
export function isKernelOwner(owner: string): boolean {
  return owner.startsWith('kernel');
}

/** A new process on `m`: the machine's next pid, descriptors from 3. */
export function newSockHolder(m: Machine): SockHolder {
  const pid = nextPid.get(m) ?? FIRST_SOCKET_PID;
  nextPid.set(m, pid + 1);
  return { pid, fds: new Set() };
}

/** The lowest free descriptor of `h` (0, 1 and 2 are stdin, stdout and stderr), now in use. */
export function sockFdAlloc(h: SockHolder): number {
  let fd = 3;
  while (h.fds.has(fd)) fd++;
  h.fds.add(fd);
  return fd;
}

/** close(): the descriptor is free again. */
export function sockFdFree(h: SockHolder | undefined, fd: number): void {
  h?.fds.delete(fd);
}

/** The holder, pid and descriptor of a socket `owner` opens (none for the kernel). */
export function sockHolderFor(
  m: Machine,
  owner: string,
  holder: SockHolder | undefined,
): { holder: SockHolder | undefined; pid: number; fd: number } {
  if (isKernelOwner(owner)) return { holder: undefined, pid: 0, fd: 0 };
  const h = holder ?? newSockHolder(m);
  return { holder: h, pid: h.pid, fd: sockFdAlloc(h) };
}

/** What `ss -p` reads off a socket: its holder, pid and descriptor. */
export interface HeldSocket {
  holder: SockHolder | undefined;
  pid: number;
  fd: number;
}

/** Give a new socket `s` of `owner` its holder, pid and descriptor (see `sockHolderFor`). */
export function holdSocket<S extends HeldSocket>(
  s: S,
  m: Machine,
  owner: string,
  holder: SockHolder | undefined,
): S {
  const p = sockHolderFor(m, owner, holder);
  s.holder = p.holder;
  s.pid = p.pid;
  s.fd = p.fd;
  return s;
}
