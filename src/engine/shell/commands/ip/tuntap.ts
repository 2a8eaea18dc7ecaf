/**
 * `ip tuntap` from iproute2 6.1 (ip/iptuntap.c): `add` opens /dev/net/tun with IFF_TUN_EXCL and
 * makes the device persistent, `del` attaches, clears persistence and closes (a name that does
 * not exist is created and deleted again: no error), `show` lists every tun/tap device as
 * `NAME: tun|tap [pi] [persist]` (6.1 ignores its arguments). ioctl failures print
 * `ioctl(TUNSETIFF): STRERROR` and exit 1.
 *
 * Left out: `user`/`group` ownership, `one_queue`, `vnet_hdr`, `multi_queue` (accepted, not
 * shown), `-d` (the attached processes), JSON.
 */
import { STRERROR } from '../../../kernel/errors';
import { linkAddTun, linkDel } from '../../../kernel/rtnl';
import type { TunMode } from '../../../kernel/tun';
import type { CommandResult } from '../../command';
import { err, type IpContext, incomplete, invarg, out } from './context';
import { matches } from './matches';

const USAGE = `Usage: ip tuntap { add | del | show | list | lst | help } [ dev PHYS_DEV ]
       [ mode { tun | tap } ] [ user USER ] [ group GROUP ]
       [ one_queue ] [ pi ] [ vnet_hdr ] [ multi_queue ] [ name NAME ]

Where: USER  := { STRING | NUMBER }
       GROUP := { STRING | NUMBER }
`;

interface TuntapArgs {
  name: string;
  mode: TunMode;
}

function usage(ip: IpContext): number {
  ip.ctx.stderr.write(USAGE);
  return 255;
}

/** check_ifname. */
function badIfname(name: string): boolean {
  return name.length === 0 || name.length >= 16 || /[/\s]/.test(name);
}

/** parse_args: a mode is required; `dev`/`name` or a bare word names the device. */
function parseArgs(ip: IpContext, argv: string[]): TuntapArgs | number {
  let mode: TunMode | undefined;
  let name = '';
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (matches(a, 'mode')) {
      const v = argv[++i];
      if (v === undefined) return incomplete(ip);
      const m: TunMode | undefined = matches(v, 'tun')
        ? 'tun'
        : matches(v, 'tap')
          ? 'tap'
          : undefined;
      if (m === undefined) return err(ip, `Unknown tunnel mode "${v}"`, 255);
      if (mode !== undefined && mode !== m)
        return err(ip, 'You managed to ask for more than one tunnel mode.', 255);
      mode = m;
    } else if (a === 'user' || a === 'group') {
      if (argv[++i] === undefined) return incomplete(ip);
    } else if (
      matches(a, 'pi') ||
      matches(a, 'one_queue') ||
      matches(a, 'vnet_hdr') ||
      matches(a, 'multi_queue')
    ) {
      // Accepted; not modelled.
    } else if (matches(a, 'dev')) {
      const v = argv[++i];
      if (v === undefined) return incomplete(ip);
      if (badIfname(v)) return invarg(ip, '"dev" not a valid ifname', v);
      name = v;
    } else {
      let v: string | undefined = a;
      if (matches(a, 'name')) v = argv[++i];
      else if (matches(a, 'help')) return usage(ip);
      if (v === undefined) return incomplete(ip);
      if (name !== '')
        return err(ip, `Error: either "name" is duplicate, or "${v}" is a garbage.`, 255);
      if (badIfname(v)) return invarg(ip, '"name" not a valid ifname', v);
      name = v;
    }
  }
  if (mode === undefined) return err(ip, 'You failed to specify a tunnel mode', 1);
  return { name, mode };
}

function templateName(ip: IpContext, mode: TunMode): string {
  for (let i = 0; ; i++) if (!ip.ns.byName(`${mode}${i}`)) return `${mode}${i}`;
}

function ioctlFailed(ip: IpContext, errno: keyof typeof STRERROR): number {
  return err(ip, `ioctl(TUNSETIFF): ${STRERROR[errno]}`, 1);
}

function add(ip: IpContext, argv: string[]): number {
  const a = parseArgs(ip, argv);
  if (typeof a === 'number') return a;
  const name = a.name === '' ? templateName(ip, a.mode) : a.name;
  const made = linkAddTun(ip.ns, name, a.mode, true);
  if (!made.ok) return ioctlFailed(ip, made.error.errno);
  ip.ctx.world.changed();
  return 0;
}

function del(ip: IpContext, argv: string[]): number {
  const a = parseArgs(ip, argv);
  if (typeof a === 'number') return a;
  if (a.name === '') return 0;
  const dev = ip.ns.byName(a.name);
  if (!dev) return 0;
  if (dev.kind !== 'tun' || (dev.tun?.mode ?? 'tun') !== a.mode) return ioctlFailed(ip, 'EINVAL');
  if ((dev.tun?.files.length ?? 0) > 0) return ioctlFailed(ip, 'EBUSY');
  linkDel(dev);
  ip.ctx.world.changed();
  return 0;
}

function show(ip: IpContext): number {
  let s = '';
  for (const d of ip.ns.devices) {
    if (d.kind !== 'tun') continue;
    const t = d.tun;
    s += `${d.name}: ${t?.mode ?? 'tun'}${t?.persist ? ' persist' : ''}\n`;
  }
  out(ip, s);
  return 0;
}

export function ipTuntap(ip: IpContext, argv: string[]): CommandResult {
  const [sub, ...rest] = argv;
  if (sub === undefined) return show(ip);
  if (matches(sub, 'add')) return add(ip, rest);
  if (matches(sub, 'delete')) return del(ip, rest);
  if (matches(sub, 'show') || matches(sub, 'lst') || matches(sub, 'list')) return show(ip);
  if (matches(sub, 'help')) return usage(ip);
  return err(ip, `Command "${sub}" is unknown, try "ip tuntap help".`, 255);
}
