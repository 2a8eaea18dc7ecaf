/**
 * Kernel errors as netlink returns them: an errno and, often, an extended-ack message. iproute2
 * prints the message as `Error: MSG.` when there is one, else `RTNETLINK answers: STRERROR`.
 */

export const STRERROR = {
  EPERM: 'Operation not permitted',
  EACCES: 'Permission denied',
  ENOENT: 'No such file or directory',
  ESRCH: 'No such process',
  EBUSY: 'Device or resource busy',
  EEXIST: 'File exists',
  ENODEV: 'No such device',
  EINVAL: 'Invalid argument',
  ERANGE: 'Numerical result out of range',
  EOPNOTSUPP: 'Operation not supported',
  EADDRINUSE: 'Address already in use',
  EADDRNOTAVAIL: 'Cannot assign requested address',
  ENETDOWN: 'Network is down',
  ENETUNREACH: 'Network is unreachable',
  EHOSTUNREACH: 'No route to host',
  EMSGSIZE: 'Message too long',
  ELOOP: 'Too many levels of symbolic links',
} as const;

export type Errno = keyof typeof STRERROR;

export interface KernelError {
  errno: Errno;
  /** The extack message (without the final period iproute2 adds). */
  msg?: string;
}

export type KResult<T = undefined> = { ok: true; value: T } | { ok: false; error: KernelError };

export function kerr(errno: Errno, msg?: string): { ok: false; error: KernelError } {
  return { ok: false, error: msg === undefined ? { errno } : { errno, msg } };
}

export function kok<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}

/** How iproute2 reports a failed netlink request. */
export function formatNetlinkError(e: KernelError): string {
  if (e.msg !== undefined) return `Error: ${e.msg}${e.msg.endsWith('.') ? '' : '.'}`;
  return `RTNETLINK answers: ${STRERROR[e.errno]}`;
}
