/**
 * Which process holds a socket, for `ss -p` and `netstat -p`. The lab has no process table, so
 * this keeps a small deterministic one per machine: every user-space socket opener gets a holder
 * — the machine's next pid (from 4000 up; no random numbers, so nothing else in the lab changes)
 * and file descriptors 3, 4, … in the order it opens or accepts sockets, as a small C program's
 * would. A command (`nc`, `curl`) is one holder per socket it opens (a connection accepted on a
 * listener belongs to the listener's holder); a daemon passes one holder for all its listeners.
 * Kernel sockets (owner `kernel …`, the VXLAN device's) have no holder: pid 0.
 *
 * Real pids and descriptors differ (a real etcd or nginx has other files open first); `ss` shows
 * the pids of daemons that print their own (flanneld, a container's nginx) from those daemons.
 */
import type { Machine } from './machine';

/** The first pid the lab hands out on a machine. */
export const FIRST_SOCKET_PID = 4000;

/** A process as far as sockets care: its pid and the next free descriptor. */
export interface SockHolder {
  readonly pid: number;
  nextFd: number;
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
  return { pid, nextFd: 3 };
}

/** The holder, pid and descriptor of a socket `owner` opens (none for the kernel). */
export function sockHolderFor(
  m: Machine,
  owner: string,
  holder: SockHolder | undefined,
): { holder: SockHolder | undefined; pid: number; fd: number } {
  if (isKernelOwner(owner)) return { holder: undefined, pid: 0, fd: 0 };
  const h = holder ?? newSockHolder(m);
  return { holder: h, pid: h.pid, fd: h.nextFd++ };
}
