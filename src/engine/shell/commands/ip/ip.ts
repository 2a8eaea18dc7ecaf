/**
 * `ip` from iproute2 6.1: global options (matched by prefix in ip.c's order), object dispatch,
 * and `-n NS` / `ip netns exec`. The objects live in their own files.
 */
import type { Command, CommandContext, CommandResult } from '../../command';
import { ipAddr } from './addr';
import type { IpContext } from './context';
import { ipLink } from './link';
import { matches } from './matches';
import { ipNeigh } from './neigh';
import { ipNetns } from './netns';
import { ipRoute } from './route';
import { ipRule } from './rule';
import { ipTuntap } from './tuntap';

const OBJECTS = [
  'address',
  'addrlabel',
  'maddress',
  'route',
  'rule',
  'neighbor',
  'neighbour',
  'ntable',
  'ntbl',
  'link',
  'l2tp',
  'fou',
  'ila',
  'macsec',
  'tunnel',
  'tunl',
  'tuntap',
  'tap',
  'token',
  'tcpmetrics',
  'tcp_metrics',
  'monitor',
  'xfrm',
  'mroute',
  'mrule',
  'netns',
  'netconf',
  'vrf',
  'sr',
  'nexthop',
  'mptcp',
  'ioam',
  'help',
  'stats',
] as const;

export const IP_USAGE = `Usage: ip [ OPTIONS ] OBJECT { COMMAND | help }
       ip [ -force ] -batch filename
where  OBJECT := { address | addrlabel | amt | fou | help | ila | ioam | l2tp |
                   link | macsec | maddress | monitor | mptcp | mroute | mrule |
                   neighbor | neighbour | netconf | netns | nexthop | ntable |
                   ntbl | route | rule | sr | tap | tcpmetrics |
                   token | tunnel | tuntap | vrf | xfrm }
       OPTIONS := { -V[ersion] | -s[tatistics] | -d[etails] | -r[esolve] |
                    -h[uman-readable] | -iec | -j[son] | -p[retty] |
                    -f[amily] { inet | inet6 | mpls | bridge | link } |
                    -4 | -6 | -M | -B | -0 |
                    -l[oops] { maximum-addr-flush-attempts } | -br[ief] |
                    -o[neline] | -t[imestamp] | -ts[hort] | -b[atch] [filename] |
                    -rc[vbuf] [size] | -n[etns] name | -N[umeric] | -a[ll] |
                    -c[olor]}
`;

/** Options that take a value, and flags, in ip.c's matching order. */
const GLOBAL_OPTIONS = [
  '-loops',
  '-family',
  '-human',
  '-human-readable',
  '-iec',
  '-stats',
  '-statistics',
  '-details',
  '-resolve',
  '-oneline',
  '-timestamp',
  '-tshort',
  '-Version',
  '-force',
  '-batch',
  '-brief',
  '-json',
  '-pretty',
  '-rcvbuf',
  '-color',
  '-help',
  '-netns',
  '-Numeric',
  '-all',
] as const;

export function runIp(argv: string[], ctx: CommandContext): CommandResult {
  if (!ctx.machine || !ctx.netns) return err0(ctx, 'ip: not available in the lab console', 1);
  let ns = ctx.netns;
  const opts: IpContext['opts'] = {
    brief: false,
    oneline: false,
    details: false,
    stats: 0,
    json: false,
    pretty: false,
  };
  let i = 0;
  for (; i < argv.length; i++) {
    let opt = argv[i];
    if (opt === '--') {
      i++;
      break;
    }
    if (!opt.startsWith('-')) break;
    if (opt[1] === '-') opt = opt.slice(1);
    if (opt === '-4') opts.family = 'inet';
    else if (opt === '-6') opts.family = 'inet6';
    else if (opt === '-0') opts.family = 'link';
    else {
      const name =
        GLOBAL_OPTIONS.find((o) => matches(opt, o)) ?? (opt === '-echo' ? '-echo' : undefined);
      switch (name) {
        case '-family': {
          const f = argv[++i];
          if (f === undefined) return usage(ctx);
          if (f === 'inet' || f === 'inet6' || f === 'link') opts.family = f;
          else return err0(ctx, `Error: argument "${f}" is wrong: invalid protocol family`, 255);
          break;
        }
        case '-stats':
        case '-statistics':
          opts.stats++;
          break;
        case '-details':
          opts.details = true;
          break;
        case '-oneline':
          opts.oneline = true;
          break;
        case '-brief':
          opts.brief = true;
          break;
        case '-json':
          opts.json = true;
          break;
        case '-pretty':
          opts.pretty = true;
          break;
        case '-Version':
          ctx.stdout.write('ip utility, iproute2-6.1.0, libbpf 1.1.2\n');
          return 0;
        case '-help':
          return usage(ctx);
        case '-all':
          opts.all = true;
          break;
        case '-netns': {
          const name = argv[++i];
          if (name === undefined)
            return err0(ctx, 'Command line is not complete. Try option "help"', 255);
          const target = ctx.machine.named.get(name);
          if (!target) {
            return err0(
              ctx,
              `Cannot open network namespace "${name}": No such file or directory`,
              255,
            );
          }
          ns = target;
          break;
        }
        case '-loops':
        case '-batch':
        case '-rcvbuf':
          i++;
          break;
        case undefined:
          return err0(ctx, `Option "${opt}" is unknown, try "ip -help".`, 255);
        default:
          break;
      }
    }
  }
  const rest = argv.slice(i);
  if (rest.length === 0) return usage(ctx);
  const ip: IpContext = { ctx, ns, opts };
  const object = OBJECTS.find((o) => matches(rest[0], o));
  switch (object) {
    case 'address':
      return ipAddr(ip, rest.slice(1));
    case 'link':
      return ipLink(ip, rest.slice(1));
    case 'route':
      return ipRoute(ip, rest.slice(1));
    case 'netns':
      return ipNetns(ip, rest.slice(1));
    case 'tuntap':
    case 'tap':
      return ipTuntap(ip, rest.slice(1));
    case 'neighbor':
    case 'neighbour':
      return ipNeigh(ip, rest.slice(1));
    case 'rule':
      return ipRule(ip, rest.slice(1));
    case 'help':
      return usage(ctx);
    case undefined:
      return err0(ctx, `Object "${rest[0]}" is unknown, try "ip help".`, 1);
    default:
      return err0(ctx, `ip ${object}: not simulated in cnlab yet`, 1);
  }
}

function usage(ctx: CommandContext): number {
  ctx.stderr.write(IP_USAGE);
  return 255;
}

function err0(ctx: CommandContext, text: string, code: number): number {
  ctx.stderr.write(`${text}\n`);
  return code;
}

/** Global options that take a value (they must be skipped to find the object). */
const OPTIONS_WITH_VALUE = ['-netns', '-family', '-batch', '-rcvbuf', '-loops'];
const VERBS = ['add', 'change', 'replace', 'prepend', 'append', 'delete', 'set', 'flush', 'attach'];

/**
 * Whether an `ip` command line changes the lab (and so belongs in the scenario): the verb after
 * the object, matched by prefix as iproute2 matches it (`ip a a` adds an address). For
 * `ip netns exec NS CMD`, the inner command decides.
 */
export function ipMutates(
  argv: string[],
  inner: (cmd: string[]) => boolean = () => false,
): boolean {
  let i = 0;
  while (i < argv.length && argv[i].startsWith('-')) {
    const opt = argv[i].startsWith('--') ? argv[i].slice(1) : argv[i];
    i += OPTIONS_WITH_VALUE.some((o) => matches(opt, o)) ? 2 : 1;
  }
  const object = OBJECTS.find((o) => matches(argv[i], o));
  const verb = argv[i + 1];
  if (object === undefined || verb === undefined) return false;
  if (object === 'netns' && matches(verb, 'exec')) {
    const cmd = argv.slice(i + 3);
    return cmd[0] === 'ip' ? ipMutates(cmd.slice(1), inner) : inner(cmd);
  }
  if (object === 'netns' && (matches(verb, 'add') || matches(verb, 'delete') || verb === 'set'))
    return true;
  return VERBS.some((v) => matches(verb, v));
}

export const ipCommand: Command = {
  name: 'ip',
  help: {
    summary: 'show and change network devices, addresses, routes and namespaces (iproute2)',
    usage: [
      'ip [ OPTIONS ] OBJECT { COMMAND | help }',
      'OBJECT := { link | address | route | neighbour | netns }',
      'OPTIONS := { -br[ief] | -d[etails] | -s[tatistics] | -o[neline] | -4 | -6 | -n[etns] NAME }',
    ],
    notes:
      'Examples: ip -br addr; ip link add veth0 type veth peer name eth0 netns c1; ip route add default via 10.0.0.1',
  },
  mutates: (argv) =>
    ipMutates(
      argv,
      (cmd) => cmd[0] === 'sysctl' && cmd.slice(1).some((a) => a === '-w' || a.includes('=')),
    ),
  run: runIp,
  complete: (before, partial, ctx) => {
    const words = before.filter((w) => !w.startsWith('-'));
    const ns = ctx.netns;
    let options: string[] = [];
    if (words.length === 0) options = ['address', 'link', 'route', 'neighbour', 'netns'];
    else if (matches(words[0], 'link'))
      options =
        words.length === 1
          ? ['show', 'add', 'set', 'delete']
          : (ns?.devices.map((d) => d.name) ?? []);
    else if (matches(words[0], 'address'))
      options =
        words.length === 1
          ? ['show', 'add', 'del', 'flush']
          : ['dev', ...(ns?.devices.map((d) => d.name) ?? [])];
    else if (matches(words[0], 'route'))
      options =
        words.length === 1
          ? ['show', 'add', 'del', 'replace', 'get', 'flush']
          : ['via', 'dev', 'src', 'metric', 'table', ...(ns?.devices.map((d) => d.name) ?? [])];
    else if (matches(words[0], 'netns'))
      options =
        words.length === 1
          ? ['list', 'add', 'del', 'exec']
          : [...(ctx.machine?.named.keys() ?? [])];
    return options.filter((o) => o.startsWith(partial));
  },
};
