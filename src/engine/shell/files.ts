/**
 * The files a command can read on a machine: /proc/sys/net/** of the current namespace,
 * /etc/hostname, and the machine's modelled files (/etc/resolv.conf, daemon files).
 */
import { keyFromPath, readSysctl } from '../kernel/procfs';
import type { CommandContext } from './command';

/** `path` made absolute: the lab's shells work in /root. */
export function absolutePath(path: string): string {
  return path.startsWith('/') ? path : `/root/${path.replace(/^\.\//, '')}`;
}

export function readFile(
  ctx: Pick<CommandContext, 'machine' | 'netns'>,
  path: string,
): string | undefined {
  const key = keyFromPath(path);
  if (key !== undefined && ctx.netns) {
    const v = readSysctl(ctx.netns, key);
    return v === undefined ? undefined : `${v}\n`;
  }
  if (path === '/etc/hostname' && ctx.machine) return `${ctx.machine.hostname}\n`;
  return ctx.machine?.files.get(absolutePath(path));
}
