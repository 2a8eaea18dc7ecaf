/**
 * The files a command can read on a machine: /proc/sys/net/** of the current namespace,
 * /etc/hostname, and the machine's modelled files (/etc/resolv.conf, daemon files, files
 * written with `>`; kernel/vfs.ts).
 */
import { keyFromPath, readSysctl } from '../kernel/procfs';
import { pathNormalize } from '../kernel/vfs';
import type { CommandContext } from './command';

/** `path` made absolute: the lab's shells work in /root (`.`/`..` resolved, /var/run is /run). */
export function absolutePath(path: string): string {
  return pathNormalize(path);
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
  const abs = absolutePath(path);
  if (abs === '/etc/hostname' && ctx.machine) return `${ctx.machine.hostname}\n`;
  return ctx.machine?.files.get(abs);
}
