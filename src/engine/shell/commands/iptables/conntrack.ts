/**
 * `conntrack` from conntrack-tools 1.4.7: `-L` and `-D` (filtered by `-p PROTO`, `-s`/`-d`
 * ADDRESS[/LEN] of the original direction), `-C` (count), `-F` (flush), and the tool's usage
 * text when no command is given. Lines print as the tool does: protocol name padded to 8, number, seconds left,
 * TCP state, the original tuple, `[UNREPLIED]`, the reply tuple, `[ASSURED]`, `mark=0 use=1`;
 * the summary goes to stderr. Entries list in creation order (the kernel's is hash order).
 */

import { formatIpv4, maskOf, type Prefix, parsePrefix } from '../../../kernel/inet';
import { type Conn, CtStatus, TCP_STATE_NAMES, type Tuple } from '../../../kernel/netfilter';
import { type Command, type CommandContext, println } from '../../command';
import { PROTOCOL_NAMES } from './names';

const PROG = 'conntrack v1.4.7 (conntrack-tools)';

function tupleText(t: Tuple): string {
  const base = `src=${formatIpv4(t.src)} dst=${formatIpv4(t.dst)}`;
  if (t.proto === 6 || t.proto === 17) return `${base} sport=${t.sport} dport=${t.dport}`;
  if (t.proto === 1) return `${base} type=${t.icmpType} code=0 id=${t.sport}`;
  return base;
}

/** One `conntrack -L` line. */
export function conntrackLine(c: Conn, now: number): string {
  const o = c.orig;
  const name =
    o.proto === 6 || o.proto === 17 || o.proto === 1 ? PROTOCOL_NAMES[o.proto] : 'unknown';
  const secs = Math.max(0, Math.floor((c.expires - now) / 1_000_000));
  let s = `${name.padEnd(8)} ${o.proto} ${secs} `;
  if (o.proto === 6) s += `${TCP_STATE_NAMES[c.tcpState]} `;
  s += tupleText(o);
  if (!(c.status & CtStatus.SEEN_REPLY)) s += ' [UNREPLIED]';
  s += ` ${tupleText(c.reply)}`;
  if (c.status & CtStatus.ASSURED) s += ' [ASSURED]';
  return `${s} mark=0 use=1`;
}

/** What `conntrack` alone prints (on stdout, exit status 0). */
const USAGE = `Command line interface for the connection tracking system. Version 1.4.7
Usage: conntrack [commands] [options]

Commands:
  -L [table] [options]\t\tList conntrack or expectation table
  -G [table] parameters\t\tGet conntrack or expectation
  -D [table] parameters\t\tDelete conntrack or expectation
  -I [table] parameters\t\tCreate a conntrack or expectation
  -U [table] parameters\t\tUpdate a conntrack
  -E [table] [options]\t\tShow events
  -F [table]\t\t\tFlush table
  -C [table]\t\t\tShow counter
  -S\t\t\t\tShow statistics

Tables: conntrack, expect, dying, unconfirmed

Conntrack parameters and options:
  -n, --src-nat ip\t\t\tsource NAT ip
  -g, --dst-nat ip\t\t\tdestination NAT ip
  -j, --any-nat ip\t\t\tsource or destination NAT ip
  -m, --mark mark\t\t\tSet mark
  -c, --secmark secmark\t\t\tSet selinux secmark
  -e, --event-mask eventmask\t\tEvent mask, eg. NEW,DESTROY
  -z, --zero \t\t\t\tZero counters while listing
  -o, --output type[,...]\t\tOutput format, eg. xml
  -l, --label label[,...]\t\tconntrack labels

Expectation parameters and options:
  --tuple-src ip\tSource address in expect tuple
  --tuple-dst ip\tDestination address in expect tuple

Updating parameters and options:
  --label-add label\tAdd label
  --label-del label\tDelete label

Common parameters and options:
  -s, --src, --orig-src ip\t\tSource address from original direction
  -d, --dst, --orig-dst ip\t\tDestination address from original direction
  -r, --reply-src ip\t\tSource addres from reply direction
  -q, --reply-dst ip\t\tDestination address from reply direction
  -p, --protonum proto\t\tLayer 4 Protocol, eg. 'tcp'
  -f, --family proto\t\tLayer 3 Protocol, eg. 'ipv6'
  -t, --timeout timeout\t\tSet timeout
  -u, --status status\t\tSet status, eg. ASSURED
  -w, --zone value\t\tSet conntrack zone
  --orig-zone value\t\tSet zone for original direction
  --reply-zone value\t\tSet zone for reply direction
  -b, --buffer-size\t\tNetlink socket buffer size
  --mask-src ip\t\t\tSource mask address
  --mask-dst ip\t\t\tDestination mask address

`;

const TRY = "Try `conntrack -h' or 'conntrack --help' for more information.\n";

class ConntrackExit {
  readonly text: string;
  readonly code: number;
  constructor(text: string, code = 2) {
    this.text = text;
    this.code = code;
  }
}

type Cmd = 'L' | 'C' | 'F' | 'D';

interface Filter {
  proto?: number;
  src?: Prefix;
  dst?: Prefix;
}

const COMMANDS: Record<string, Cmd> = {
  '-L': 'L',
  '--dump': 'L',
  '-C': 'C',
  '--count': 'C',
  '-F': 'F',
  '--flush': 'F',
  '-D': 'D',
  '--delete': 'D',
};

/** getopt_long's unambiguous prefixes of the long options taken here. */
function longOption(w: string): string | undefined {
  if (!w.startsWith('--') || w.length < 3) return undefined;
  const names = ['--protonum', '--src', '--dst', '--orig-src', '--orig-dst', '--output'];
  const hits = names.filter((n) => n.startsWith(w));
  return hits.length === 1 ? hits[0] : names.includes(w) ? w : undefined;
}

function parse(argv: string[]): { cmd: Cmd | undefined; filter: Filter } {
  let cmd: Cmd | undefined;
  const filter: Filter = {};
  const value = (i: number, opt: string): string => {
    const v = argv[i];
    if (v === undefined)
      throw new ConntrackExit(`${PROG}: option \`${opt}' requires an argument\n${TRY}`);
    return v;
  };
  const address = (text: string): Prefix => {
    const p = parsePrefix(text);
    if (!p) throw new ConntrackExit(`${PROG}: Invalid IP address \`${text}'\n${TRY}`);
    return p;
  };
  for (let i = 0; i < argv.length; i++) {
    const w = argv[i];
    const long = longOption(w) ?? w;
    if (COMMANDS[w] !== undefined) cmd = COMMANDS[w];
    else if (long === '-p' || long === '--protonum') {
      const p = value(++i, w);
      const num =
        Object.entries(PROTOCOL_NAMES).find(([, n]) => n === p)?.[0] ??
        (/^\d+$/.test(p) ? p : undefined);
      if (num === undefined)
        throw new ConntrackExit(`${PROG}: \`${p}' unsupported protocol\n${TRY}`);
      filter.proto = Number(num);
    } else if (long === '-s' || long === '--src' || long === '--orig-src') {
      filter.src = address(value(++i, w));
    } else if (long === '-d' || long === '--dst' || long === '--orig-dst') {
      filter.dst = address(value(++i, w));
    } else if (w === '-n') {
      // (taken as a plain flag, as before)
    } else if (long === '-o' || long === '--output') {
      i++;
    } else {
      throw new ConntrackExit(`${PROG}: unknown option \`${w}'\n${TRY}`);
    }
  }
  if (cmd === 'C' && filter.proto !== undefined)
    throw new ConntrackExit(`${PROG}: Illegal option \`--protonum' with this command\n${TRY}`);
  return { cmd, filter };
}

function matches(c: Conn, f: Filter): boolean {
  const o = c.orig;
  if (f.proto !== undefined && o.proto !== f.proto) return false;
  if (f.src && !inPrefix(o.src, f.src)) return false;
  if (f.dst && !inPrefix(o.dst, f.dst)) return false;
  return true;
}

function inPrefix(addr: number, p: Prefix): boolean {
  return ((addr ^ p.addr) & maskOf(p.len)) === 0;
}

function run(argv: string[], ctx: CommandContext): number {
  const ns = ctx.netns;
  if (!ns) {
    ctx.stderr.write(`${PROG}: not available in the lab console\n`);
    return 1;
  }
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (e) {
    if (!(e instanceof ConntrackExit)) throw e;
    ctx.stderr.write(e.text);
    return e.code;
  }
  const { cmd, filter } = parsed;
  if (cmd === undefined) {
    ctx.stdout.write(USAGE);
    return 0;
  }
  const ct = ns.netfilter.conntrack;
  const now = ctx.now();
  if (cmd === 'F') {
    ct.flush();
    ctx.stderr.write(`${PROG}: connection tracking table has been emptied.\n`);
    return 0;
  }
  const conns = ct.list(now).filter((c) => matches(c, filter));
  if (cmd === 'C') {
    println(ctx, String(conns.length));
    return 0;
  }
  for (const c of conns) println(ctx, conntrackLine(c, now));
  if (cmd === 'D') {
    for (const c of conns) ct.remove(c);
    ctx.stderr.write(`${PROG}: ${conns.length} flow entries have been deleted.\n`);
    return conns.length > 0 ? 0 : 1;
  }
  ctx.stderr.write(`${PROG}: ${conns.length} flow entries have been shown.\n`);
  return 0;
}

export const conntrackCommand: Command = {
  name: 'conntrack',
  help: {
    summary: 'list, delete and flush connection tracking entries (conntrack-tools 1.4.7)',
    usage: [
      'conntrack -L [-p PROTO] [-s ADDR] [-d ADDR]',
      'conntrack -D [-p PROTO] [-s ADDR] [-d ADDR]',
      'conntrack -C',
      'conntrack -F',
    ],
    notes: 'Entries are listed in creation order; marks are always 0.',
  },
  mutates: (argv) => argv.some((a) => ['-F', '--flush', '-D', '--delete'].includes(a)),
  run,
};
