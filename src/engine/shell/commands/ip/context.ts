/** What every `ip` subcommand gets: the namespace, the global options, and output helpers. */
import type { NetDevice } from '../../../kernel/device';
import { formatNetlinkError, type KResult } from '../../../kernel/errors';
import type { Netns } from '../../../kernel/netns';
import type { CommandContext } from '../../command';
import type { ShowOptions } from './format';

export interface IpContext {
  ctx: CommandContext;
  ns: Netns;
  /** `all`: `ip -all netns exec` (run in every named namespace). */
  opts: ShowOptions & { json: boolean; pretty: boolean; all?: boolean };
}

export function out(ip: IpContext, text: string): void {
  ip.ctx.stdout.write(text);
}

export function err(ip: IpContext, text: string, code: number): number {
  ip.ctx.stderr.write(`${text}\n`);
  return code;
}

/** A failed netlink request, reported as iproute2 does, with exit status 2. */
export function netlinkFailed(ip: IpContext, r: KResult<unknown>): number | undefined {
  if (r.ok) return undefined;
  return err(ip, formatNetlinkError(r.error), 2);
}

/** `Cannot find device "X"` (exit 1), the usual answer for a `dev X` that does not exist. */
export function findDevice(ip: IpContext, name: string): NetDevice | number {
  return ip.ns.byName(name) ?? err(ip, `Cannot find device "${name}"`, 1);
}

/** iproute2's invarg(): `Error: argument "X" is wrong: MSG`, exit 255. */
export function invarg(ip: IpContext, msg: string, arg: string): number {
  return err(ip, `Error: argument "${arg}" is wrong: ${msg}`, 255);
}

/** iproute2's incomplete_command(). */
export function incomplete(ip: IpContext): number {
  return err(ip, 'Command line is not complete. Try option "help"', 255);
}

/** duparg(): `Error: either "X" is duplicate, or "Y" is a garbage.` */
export function duparg(ip: IpContext, key: string, arg: string): number {
  return err(ip, `Error: either "${key}" is duplicate, or "${arg}" is a garbage.`, 255);
}
