/**
 * net-tools 2.10 `netstat` for sockets: `-t -u -l -a -n -p -4 -6 -W` (so `netstat -tulpn`,
 * `netstat -an`), read from the same kernel state as `ss` (ss/sockets.ts) and printed with
 * netstat's printf widths. Without -t/-u/-x the UNIX section follows, empty: the lab has no UNIX
 * sockets. As root (the lab's only user) netstat never prints "(Not all processes could be
 * identified …)": that note needs a /proc/PID/fd it may not read. Kernel sockets and TIME_WAIT
 * ones show `-`. Host names are not looked up, except 127.0.0.1 (localhost, from /etc/hosts)
 * without -n; port names come from /etc/services. -r, -i, -s, -e, -o, -c are not simulated
 * here (use `route -n`, `ip -s link`).
 */
import { formatIpv4 } from '../../../kernel/inet';
import type { TcpState } from '../../../kernel/tcp-socket';
import { type Command, fail } from '../../command';
import { serviceName } from '../ss/services';
import { type SockRow, tcpRows, udpRows } from '../ss/sockets';
import { NETSTAT_AF_LIST, NETSTAT_USAGE } from './netstat-usage';

const STATE: Record<TcpState, string> = {
  CLOSED: 'CLOSE',
  LISTEN: 'LISTEN',
  SYN_SENT: 'SYN_SENT',
  SYN_RECV: 'SYN_RECV',
  ESTABLISHED: 'ESTABLISHED',
  FIN_WAIT1: 'FIN_WAIT1',
  FIN_WAIT2: 'FIN_WAIT2',
  CLOSE_WAIT: 'CLOSE_WAIT',
  CLOSING: 'CLOSING',
  LAST_ACK: 'LAST_ACK',
  TIME_WAIT: 'TIME_WAIT',
};

const LONG: Record<string, string> = {
  '--tcp': 't',
  '--udp': 'u',
  '--unix': 'x',
  '--raw': 'w',
  '--listening': 'l',
  '--all': 'a',
  '--numeric': 'n',
  '--programs': 'p',
  '--wide': 'W',
  '--help': 'h',
  '--version': 'V',
  '--inet': '4',
  '--inet6': '6',
};

const VERSION = `net-tools 2.10
Fred Baumgarten, Alan Cox, Bernd Eckenfels, Phil Blundell, Tuan Hoang, Brian Micek and others
+NEW_ADDRT +RTF_IRTT +RTF_REJECT +FW_MASQUERADE +I18N +SELINUX
AF: (inet) +UNIX +INET +INET6 +IPX +AX25 +NETROM +X25 +ATALK +ECONET +ROSE -BLUETOOTH
HW:  +ETHER +ARC +SLIP +PPP +TUNNEL -TR +AX25 +NETROM +X25 +FR +ROSE +ASH +SIT +FDDI +HIPPI +HDLC/LAPB +EUI64 
`;

interface NetstatOptions {
  tcp: boolean;
  udp: boolean;
  unix: boolean;
  raw: boolean;
  listening: boolean;
  all: boolean;
  numeric: boolean;
  programs: boolean;
  v4: boolean;
  v6: boolean;
}

function endpoint(
  o: NetstatOptions,
  r: SockRow,
  proto: 'tcp' | 'udp',
  addr: number,
  port: number,
): string {
  // An IPv6 socket's wildcard is `::`; its v4-mapped peers print as IPv4.
  const host =
    !o.numeric && addr === 0x7f000001 ? 'localhost' : r.v6 && addr === 0 ? '::' : formatIpv4(addr);
  const p =
    port === 0 ? '*' : o.numeric ? String(port) : (serviceName(proto, port) ?? String(port));
  return `${host}:${p}`;
}

function line(o: NetstatOptions, r: SockRow): string {
  const state = r.proto === 'udp' ? '' : STATE[r.state];
  const local = endpoint(o, r, r.proto, r.localAddr, r.localPort);
  const remote = endpoint(o, r, r.proto, r.remoteAddr, r.remotePort);
  const proto = r.v6 ? `${r.proto}6` : r.proto;
  // /proc/net/tcp gives a listener's accept queue as rx_queue and 0 as tx_queue.
  const sendQ = r.state === 'LISTEN' ? 0 : r.sendQ;
  let text = `${proto.padEnd(4)}  ${String(r.recvQ).padStart(6)} ${String(sendQ).padStart(6)} ${local.padEnd(23)} ${remote.padEnd(23)} ${state.padEnd(11)}`;
  if (o.programs) {
    // prg_cache_get: the first process found for the inode (lowest pid), as PID/cmdline in a
    // 20-byte buffer (19 characters and the NUL).
    const u = r.users[r.users.length - 1];
    text += ` ${(u ? `${u.pid}/${u.cmdline ?? u.name}`.slice(0, 19) : '-').padEnd(20)}`;
  }
  return `${text}\n`;
}

/** tcp_do_one / udp_do_one: which sockets -l, -a or neither shows. */
function shown(o: NetstatOptions, r: SockRow): boolean {
  if (o.all) return true;
  const server = r.proto === 'tcp' ? r.state === 'LISTEN' : r.remotePort === 0;
  return o.listening ? server : !server;
}

export const netstatCommand: Command = {
  name: 'netstat',
  help: {
    summary: 'list sockets (net-tools; prefer `ss`)',
    usage: ['netstat [-t] [-u] [-l|-a] [-n] [-p] [-4|-6]'],
    options: [
      ['-t, -u', 'TCP / UDP sockets (default: both, and the UNIX section)'],
      ['-l', 'only servers (TCP LISTEN, unconnected UDP)'],
      ['-a', 'servers and connections'],
      ['-n', 'numeric addresses and ports'],
      ['-p', 'PID/Program name of each socket (- for kernel sockets)'],
    ],
    notes:
      'Without -l or -a only connections are shown. Pids come from the lab’s own process table (see `help ss`). ' +
      'The routing (-r), interface (-i) and statistics (-s) tables are not simulated: use `route -n`, `ip -s link`.',
  },
  complete(_before, partial) {
    const words = partial.startsWith('--')
      ? Object.keys(LONG)
      : ['-t', '-u', '-l', '-a', '-n', '-p', '-4', '-6', '-tulpn', '-tanp', '-an'];
    return words.filter((w) => w.startsWith(partial));
  },
  run(argv, ctx) {
    const o: NetstatOptions = {
      tcp: false,
      udp: false,
      unix: false,
      raw: false,
      listening: false,
      all: false,
      numeric: false,
      programs: false,
      v4: false,
      v6: false,
    };
    const letters: string[] = [];
    for (const a of argv) {
      if (a.startsWith('--') && a.length > 2) {
        const l = LONG[a];
        if (!l)
          return fail(
            ctx,
            `netstat: unrecognized option '${a}'\n${NETSTAT_USAGE}${NETSTAT_AF_LIST.slice(0, -1)}`,
            3,
          );
        letters.push(l);
      } else if (a.startsWith('-') && a.length > 1) {
        for (const ch of a.slice(1)) {
          if (!'tuxwlanpWhV46risevocgMNCFZUS'.includes(ch))
            return fail(
              ctx,
              `netstat: invalid option -- '${ch}'\n${NETSTAT_USAGE}${NETSTAT_AF_LIST.slice(0, -1)}`,
              3,
            );
          letters.push(ch);
        }
      }
    }
    for (const ch of letters) {
      if (ch === 'h') {
        ctx.stdout.write(NETSTAT_USAGE);
        ctx.stderr.write(NETSTAT_AF_LIST);
        return 0;
      }
      if (ch === 'V') {
        ctx.stdout.write(VERSION);
        return 0;
      }
      if ('riseocgMNCFZUS'.includes(ch))
        return fail(ctx, `netstat: -${ch} is not simulated in cnlab`);
      if (ch === 't') o.tcp = true;
      else if (ch === 'u') o.udp = true;
      else if (ch === 'x') o.unix = true;
      else if (ch === 'w') o.raw = true;
      else if (ch === 'l') o.listening = true;
      else if (ch === 'a') o.all = true;
      else if (ch === 'n') o.numeric = true;
      else if (ch === 'p') o.programs = true;
      else if (ch === '4') o.v4 = true;
      else if (ch === '6') o.v6 = true;
    }
    const ns = ctx.netns;
    if (!ns) return fail(ctx, 'netstat: not available in the lab console');
    const chosen = o.tcp || o.udp || o.unix || o.raw;
    const inet = o.tcp || o.udp || o.raw || (!chosen && true);
    const unix = o.unix || (!chosen && !o.v4 && !o.v6);
    const which = o.all ? 'servers and established' : o.listening ? 'only servers' : 'w/o servers';
    let out = '';
    if (inet) {
      out += `Active Internet connections (${which})\n`;
      out += `Proto Recv-Q Send-Q Local Address           Foreign Address         State      ${o.programs ? ' PID/Program name    ' : ''}\n`;
      // tcp, tcp6, udp, udp6: the /proc/net files in netstat's order.
      const family = (r: SockRow) => (r.v6 ? !o.v4 || o.v6 : !o.v6 || o.v4);
      const byFamily = (rows: SockRow[]) => [
        ...rows.filter((r) => !r.v6),
        ...rows.filter((r) => r.v6),
      ];
      const rows = [
        ...(o.tcp || !chosen ? byFamily(tcpRows(ns)) : []),
        ...(o.udp || !chosen ? byFamily(udpRows(ns)) : []),
      ];
      for (const r of rows) if (family(r) && shown(o, r)) out += line(o, r);
    }
    if (unix) {
      out += `Active UNIX domain sockets (${which})\n`;
      out += `Proto RefCnt Flags       Type       State         I-Node   ${o.programs ? 'PID/Program name     ' : ''}Path\n`;
    }
    ctx.stdout.write(out);
    return 0;
  },
};
