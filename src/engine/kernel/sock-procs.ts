/**
 * Which process holds a socket, for `ss -p` and `netstat -p`. The lab has no process table, so
 * this keeps a small deterministic one per machine: a user-space owner (`nc`, `curl`, `etcd`,
 * `flanneld`, …) that opens a socket while it holds none gets the machine's next pid (from 4000
 * up; no random numbers, so nothing else in the lab changes), and its sockets get file
 * descriptors 3, 4, … in the order it opens or accepts them, as a small C program's would. An
 * owner holding sockets keeps its pid (etcd's listeners and connections share one). Kernel
 * sockets (owner `kernel …`, the VXLAN device's) have no process: pid 0.
 *
 * The real numbers differ (a real etcd or nginx has other files open first); `ss` shows pids
 * of daemons that print their own (flanneld, a container's nginx) from those daemons instead.
 */
import type { Machine } from './machine';

/** The first pid the lab hands out on a machine. */
export const FIRST_SOCKET_PID = 4000;

interface Holder {
  pid: number;
  nextFd: number;
  open: number;
}

interface Table {
  next: number;
  holders: Map<string, Holder>;
}

const tables = new WeakMap<Machine, Table>();

function table(m: Machine): Table {
  let t = tables.get(m);
  if (!t) {
    t = { next: FIRST_SOCKET_PID, holders: new Map() };
    tables.set(m, t);
  }
  return t;
}

/** A kernel socket (no process holds it). */
export function isKernelOwner(owner: string): boolean {
  return owner.startsWith('kernel');
}

/** A socket is opened (or accepted) by `owner`: its pid and fd (0, 0 for the kernel). */
export function sockProcOpen(m: Machine, owner: string): { pid: number; fd: number } {
  if (isKernelOwner(owner)) return { pid: 0, fd: 0 };
  const t = table(m);
  let h = t.holders.get(owner);
  if (!h || h.open === 0) {
    h = { pid: t.next++, nextFd: 3, open: 0 };
    t.holders.set(owner, h);
  }
  h.open++;
  return { pid: h.pid, fd: h.nextFd++ };
}

/** The process closed a socket it held. */
export function sockProcClose(m: Machine, owner: string, pid: number): void {
  if (pid === 0) return;
  const h = table(m).holders.get(owner);
  if (h && h.pid === pid && h.open > 0) h.open--;
}
