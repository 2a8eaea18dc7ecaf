/**
 * `ss` (iproute2 6.1): the namespace's TCP and UDP sockets (inet_diag's view), with the options
 * a student uses — `-t -u -l -a -n -p -4 -6 -H -e -r` and filters (`state established`,
 * `sport = :80`, filter.ts) (so `ss -tlnp`, `ss -ulnp`, `ss -tulpn`,
 * `ss -tan`, `ss -an`) — laid out as ss lays out output that is not a terminal (columns.ts).
 * Without -t/-u the kernel's own netlink sockets are listed too, after ss's "RTNETLINK answers:
 * Invalid argument" (a diag family the kernel refuses), as on Debian 12.
 *
 * Processes (`-p`) come from the lab's per-machine process table (kernel/sock-procs.ts): the
 * pids differ from a real host's, the layout does not. etcd's wildcard listener is IPv6 dual-stack,
 * as Go opens it (`*:2379`). Left out: other IPv6, UNIX, RAW and PACKET
 * sockets (there are none in the lab), -o, -m, -i, -s,
 * -K, -N. Port names come from Debian's /etc/services, ports in 32768–60999 stay numeric.
 */
import { formatIpv4 } from '../../../kernel/inet';
import type { Netns } from '../../../kernel/netns';
import { newSockHolder } from '../../../kernel/sock-procs';
import { TCP_SS_STATE } from '../../../kernel/tcp-socket';
import { type Command, fail } from '../../command';
import { renderColumns } from './columns';
import { parseSsFilter } from './filter';
import { serviceName } from './services';
import { type SockRow, tcpRows, udpRows } from './sockets';
import { SS_USAGE } from './usage';

interface SsOptions {
  tcp: boolean;
  udp: boolean;
  /** Other socket tables asked for: -x (3 UNIX ones), -0 (2 PACKET), -w (RAW); all empty. */
  other: number;
  listening: boolean;
  all: boolean;
  numeric: boolean;
  processes: boolean;
  v4: boolean;
  v6: boolean;
  noHeader: boolean;
  extended: boolean;
  resolve: boolean;
  filter: string[];
}

const LONG: Record<string, string> = {
  '--tcp': 't',
  '--udp': 'u',
  '--listening': 'l',
  '--all': 'a',
  '--numeric': 'n',
  '--processes': 'p',
  '--ipv4': '4',
  '--ipv6': '6',
  '--no-header': 'H',
  '--help': 'h',
  '--version': 'V',
  '--unix': 'x',
  '--raw': 'w',
  '--packet': '0',
  '--resolve': 'r',
  '--extended': 'e',
};
const FLAGS = 'tulanp46HhVxw0rdSMoemiTsbEZzKO';
const WITH_ARG = 'fADFN';
const NOT_SIMULATED = 'omiTsbEZzKdSMfADFN';

type Parsed = SsOptions | { out: string; err: string; code: number };

function bad(err: string): Parsed {
  return { out: '', err: `${err}\n${SS_USAGE}`, code: 255 };
}

function parseSs(argv: string[]): Parsed {
  const o: SsOptions = {
    tcp: false,
    udp: false,
    other: 0,
    listening: false,
    all: false,
    numeric: false,
    processes: false,
    v4: false,
    v6: false,
    noHeader: false,
    extended: false,
    resolve: false,
    filter: [],
  };
  const letters: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a.startsWith('--') && a.length > 2) {
      const l = LONG[a];
      if (!l) return bad(`ss: unrecognized option '${a}'`);
      letters.push(l);
    } else if (a.startsWith('-') && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const ch = a[j];
        if (WITH_ARG.includes(ch)) {
          if (j + 1 === a.length && i + 1 === argv.length)
            return bad(`ss: option requires an argument -- '${ch}'`);
          if (j + 1 === a.length) i++;
          letters.push(ch);
          break;
        }
        if (!FLAGS.includes(ch)) return bad(`ss: invalid option -- '${ch}'`);
        letters.push(ch);
      }
    } else o.filter.push(a);
  }
  for (const ch of letters) {
    if (ch === 'h') return { out: SS_USAGE, err: '', code: 0 };
    if (ch === 'V') return { out: 'ss utility, iproute2-6.1.0\n', err: '', code: 0 };
    if (NOT_SIMULATED.includes(ch))
      return { out: '', err: `ss: -${ch} is not simulated in cnlab\n`, code: 1 };
    if (ch === 't') o.tcp = true;
    else if (ch === 'u') o.udp = true;
    else if (ch === 'x') o.other += 3;
    else if (ch === '0') o.other += 2;
    else if (ch === 'w') o.other += 1;
    else if (ch === 'l') o.listening = true;
    else if (ch === 'a') o.all = true;
    else if (ch === 'n') o.numeric = true;
    else if (ch === 'p') o.processes = true;
    else if (ch === '4') o.v4 = true;
    else if (ch === '6') o.v6 = true;
    else if (ch === 'H') o.noHeader = true;
    else if (ch === 'e') o.extended = true;
    else if (ch === 'r') o.resolve = true;
  }
  return o;
}

/** A socket state ss shows under the chosen -l / -a (the default is "connected" minus TIME-WAIT). */
function stateShown(o: SsOptions, state: string): boolean {
  if (o.all) return true;
  const unconnected = state === 'LISTEN' || state === 'CLOSED';
  if (o.listening) return unconnected;
  return !unconnected && state !== 'TIME_WAIT' && state !== 'SYN_RECV';
}

function port(o: SsOptions, proto: 'tcp' | 'udp', p: number): string {
  if (p === 0) return '*';
  if (o.numeric || (p >= 32768 && p <= 60999)) return String(p);
  return serviceName(proto, p) ?? String(p);
}

/**
 * An address as ss prints it: numeric, or with -r the name /etc/hosts gives 127.0.0.1; an IPv6
 * socket's wildcard is `*`, an IPv4 peer of one is v4-mapped in brackets.
 */
function host(o: SsOptions, addr: number, v6: boolean): string {
  if (o.resolve && addr === 0x7f000001) return 'localhost';
  if (v6) return addr === 0 ? '*' : `[::ffff:${formatIpv4(addr)}]`;
  return formatIpv4(addr);
}

function rowFields(o: SsOptions, r: SockRow): string[] {
  const users = r.users.map((u) => `("${u.name}",pid=${u.pid},fd=${u.fd})`).join(',');
  let ext = o.processes && users ? ` users:(${users})` : '';
  // sock_details_print (uid 0 is left out; the lab's processes all run in cgroup /), then the
  // shutdown state: <-> while both directions are open.
  if (o.extended) ext += ` ino:${r.ino} sk:${r.cookie.toString(16)} cgroup:/ <->`;
  return [
    r.proto,
    r.proto === 'udp' && r.state === 'CLOSED' ? 'UNCONN' : TCP_SS_STATE[r.state],
    String(r.recvQ).padEnd(6),
    String(r.sendQ).padEnd(6),
    `${host(o, r.localAddr, r.v6)}:`,
    port(o, r.proto, r.localPort),
    `${host(o, r.remoteAddr, r.v6)}:`,
    port(o, r.proto, r.remotePort),
    ext,
    '',
  ];
}

/** The kernel's netlink sockets of a namespace (protocol number, name), as ss -a lists them. */
const KERNEL_NETLINK: [number, string][] = [
  [0, 'rtnl'],
  [4, 'tcpdiag'],
  [6, 'xfrm'],
  [9, 'audit'],
  [10, 'fiblookup'],
  [12, 'nft'],
  [15, 'uevent'],
  [16, 'genl'],
];

/** nl rows: the kernel's, and ss's own sock_diag socket (its dump still queued). */
function netlinkRows(o: SsOptions, ns: Netns): string[][] {
  const self = newSockHolder(ns.machine);
  const nl = (proto: number, name: string, who: string, id: number, recvQ: number) => [
    'nl',
    'UNCONN',
    String(recvQ).padEnd(6),
    '0     ',
    o.numeric ? `${proto}:` : `${name}:`,
    o.numeric ? String(id) : who,
    '*',
    '',
    '',
    '',
  ];
  const rows: string[][] = [];
  for (const [proto, name] of KERNEL_NETLINK) {
    // ss's own socket usually comes first in its protocol's hash bucket.
    if (proto === 4) rows.push(nl(4, name, `ss/${self.pid}`, self.pid, 4352));
    rows.push(nl(proto, name, 'kernel', 0, proto === 4 ? 832 : 0));
  }
  return rows;
}

export const ssCommand: Command = {
  name: 'ss',
  help: {
    summary: 'list the sockets of this namespace (listening, connected)',
    usage: ['ss [-t] [-u] [-l|-a] [-n] [-p] [-e] [-4|-6] [-H] [state NAME] [sport = :PORT]'],
    options: [
      ['-t', 'TCP sockets'],
      ['-u', 'UDP sockets'],
      ['-l', 'only listening sockets (TCP LISTEN, unconnected UDP)'],
      ['-a', 'all sockets (listening, connected, TIME-WAIT)'],
      ['-n', 'numeric ports (no /etc/services names)'],
      ['-p', 'the process holding each socket: users:(("name",pid=N,fd=N))'],
      ['-4, -6', 'only IPv4 / IPv6 sockets (IPv6: the dual-stack listeners Go daemons open)'],
      ['-H', 'no header line'],
      ['-e', 'details: inode, socket cookie, cgroup'],
      ['-r', 'resolve host names (only localhost: the lab has no DNS)'],
    ],
    notes:
      'Without -l or -a only connected sockets are shown (ESTAB, SYN-SENT, FIN-WAIT, …; not TIME-WAIT). ' +
      'Columns are as compact as ss makes them when its output is not a terminal. ' +
      'The lab keeps its own small process table: pids start at 4000 on each machine (flanneld and containers keep their own), each socket takes the lowest free descriptor from 3. ' +
      'The VXLAN device’s UDP socket belongs to the kernel and has no process. ' +
      'Filters: state NAME, exclude NAME, sport/dport = :PORT, src/dst ADDR, with and/or/not. ' +
      'Inodes and cookies (-e) are the lab’s own numbers. -s and UNIX sockets are not simulated.',
  },
  complete(_before, partial) {
    const words = partial.startsWith('--')
      ? Object.keys(LONG)
      : [
          '-t',
          '-u',
          '-l',
          '-a',
          '-n',
          '-p',
          '-4',
          '-6',
          '-H',
          '-tlnp',
          '-ulnp',
          '-tulpn',
          '-tan',
          '-an',
        ];
    return words.filter((w) => w.startsWith(partial));
  },
  run(argv, ctx) {
    const o = parseSs(argv);
    if ('code' in o) {
      ctx.stdout.write(o.out);
      ctx.stderr.write(o.err);
      return o.code;
    }
    const ns = ctx.netns;
    if (!ns) return fail(ctx, 'ss: not available in the lab console');
    const f = parseSsFilter(o.filter);
    if ('error' in f) return fail(ctx, f.error, f.code);
    const states = f.states;
    const shown = (r: SockRow) =>
      (states ? states.has(r.state) : stateShown(o, r.state)) && f.test(r);
    const typed = o.tcp || o.udp || o.other > 0;
    if (!typed) ctx.stderr.write('RTNETLINK answers: Invalid argument\n');
    const family = (r: SockRow) => (r.v6 ? !o.v4 || o.v6 : !o.v6 || o.v4);
    const rows: string[][] = [];
    const nlShown = states ? states.has('CLOSED') : stateShown(o, 'CLOSED');
    if (!typed && !o.v4 && !o.v6 && nlShown && o.filter.length === 0)
      rows.push(...netlinkRows(o, ns));
    if (o.udp || !typed)
      for (const r of udpRows(ns)) if (family(r) && shown(r)) rows.push(rowFields(o, r));
    if (o.tcp || !typed)
      for (const r of tcpRows(ns)) if (family(r) && shown(r)) rows.push(rowFields(o, r));
    const dbs = Number(o.tcp) + Number(o.udp) + o.other;
    const disabled = new Set<number>(typed && dbs === 1 ? [0] : []);
    // One state asked for: no State column. UDP alone keeps only its one connected state (ESTAB)
    // of the default filter.
    if (states ? states.size === 1 : o.udp && !o.tcp && !o.other && !o.all && !o.listening)
      disabled.add(1);
    ctx.stdout.write(renderColumns(rows, disabled, o.noHeader));
    return 0;
  },
};
