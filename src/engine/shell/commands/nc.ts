/**
 * `nc` as Debian's netcat-openbsd 1.219 runs it, over the kernel's TCP sockets: `nc -l [-p] PORT`
 * accepts one connection, prints what arrives and exits when the peer closes; `nc HOST PORT`
 * connects and sends its input (`echo hi | nc 10.0.0.2 80` sends `hi\n`), printing what comes
 * back until the peer closes. After the end of its input it keeps reading, as without `-q`;
 * `-N` sends a FIN then. `nc -l` keeps listening while it serves its one connection. `-z` only connects (a port range `20-22` tries each port), `-v`
 * reports on stderr — a failed connect too (`nc: connect to 10.0.0.9 port 80 (tcp) failed:
 * Connection refused`), which nc leaves unsaid without it — and `-w SECS` bounds the connect and
 * idle time. Other errors use the real texts (`nc: Address already in use`, `nc: port number
 * too large: 99999`, `nc: missing port number`).
 *
 * Left out: UDP (-u, refused with a note), IPv6, name resolution (a name fails as getaddrinfo
 * does without DNS), -k, -s, -x/-X proxies, -e.
 */
import { STRERROR } from '../../kernel/errors';
import { formatIpv4, type Ipv4 } from '../../kernel/inet';
import type { Netns } from '../../kernel/netns';
import {
  TCP_STRERROR,
  type TcpErrno,
  type TcpSocket,
  tcpAccept,
  tcpBind,
  tcpClose,
  tcpConnect,
  tcpListen,
  tcpRecv,
  tcpSend,
  tcpShutdown,
  tcpSocketOpen,
  tcpTakeError,
} from '../../kernel/tcp-socket';
import type { World } from '../../kernel/world';
import type { Command, CommandContext } from '../command';
import type { ProcBody } from '../process';
import { inetAton } from './ping';
import { serviceName } from './ss/services';

/** The text of a socket errno. */
export function tcpStrerror(e: TcpErrno): string {
  return e in STRERROR
    ? STRERROR[e as keyof typeof STRERROR]
    : TCP_STRERROR[e as keyof typeof TCP_STRERROR];
}

/** UTF-8 bytes of a string (what a process writes to a socket). */
export function utf8Bytes(text: string): Uint8Array {
  const esc = encodeURIComponent(text);
  const out: number[] = [];
  for (let i = 0; i < esc.length; i++) {
    if (esc[i] === '%') {
      out.push(Number.parseInt(esc.slice(i + 1, i + 3), 16));
      i += 2;
    } else out.push(esc.charCodeAt(i));
  }
  return Uint8Array.from(out);
}

/** Bytes as text for a terminal (UTF-8 when valid, else byte by byte). */
export function bytesText(bytes: Uint8Array): string {
  let esc = '';
  for (const b of bytes) esc += `%${b.toString(16).padStart(2, '0')}`;
  try {
    return decodeURIComponent(esc);
  } catch {
    return String.fromCharCode(...bytes);
  }
}

const USAGE = `usage: nc [-46CDdFhklNnrStUuvZz] [-I length] [-i interval] [-M ttl]
	  [-m minttl] [-O length] [-P proxy_username] [-p source_port]
	  [-q seconds] [-s sourceaddr] [-T keyword] [-V rtable] [-W recvlimit]
	  [-w timeout] [-X proxy_protocol] [-x proxy_address[:port]]
	  [destination] [port]`;

interface NcOptions {
  listen: boolean;
  udp: boolean;
  verbose: boolean;
  zero: boolean;
  shutdownOnEof: boolean;
  wait: number | undefined;
  port: string | undefined;
  operands: string[];
}

const WITH_ARG = 'IiMmOPpqsTVWwXx';

function parseNc(argv: string[]): NcOptions | string {
  const o: NcOptions = {
    listen: false,
    udp: false,
    verbose: false,
    zero: false,
    shutdownOnEof: false,
    wait: undefined,
    port: undefined,
    operands: [],
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('-') || a === '-') {
      o.operands.push(a);
      continue;
    }
    for (let j = 1; j < a.length; j++) {
      const ch = a[j];
      let arg = '';
      if (WITH_ARG.includes(ch)) {
        if (j + 1 < a.length) arg = a.slice(j + 1);
        else if (i + 1 < argv.length) arg = argv[++i];
        else return `nc: option requires an argument -- '${ch}'\n${USAGE}`;
        j = a.length;
      }
      if (ch === 'l') o.listen = true;
      else if (ch === 'v') o.verbose = true;
      else if (ch === 'z') o.zero = true;
      else if (ch === 'u') o.udp = true;
      else if (ch === 'N') o.shutdownOnEof = true;
      else if (ch === 'p') o.port = arg;
      else if (ch === 'w') {
        const n = Number(arg);
        if (!/^\d+$/.test(arg)) return `nc: timeout is invalid: ${arg}`;
        o.wait = n;
      } else if (!'46CDdFhknrStUuZ'.includes(ch) && !WITH_ARG.includes(ch))
        return `nc: invalid option -- '${ch}'\n${USAGE}`;
    }
  }
  return o;
}

/** build_ports: a port or a range `LO-HI` (either order), checked like strtonum(1, 65535). */
function parsePorts(p: string): number[] | string {
  const range = /^([^-]+)-([^-]+)$/.exec(p);
  const one = (text: string): number | string => {
    if (!/^[+-]?\d+$/.test(text)) return `nc: port number invalid: ${text}`;
    const n = Number(text);
    if (n < 1) return `nc: port number too small: ${text}`;
    if (n > 65535) return `nc: port number too large: ${text}`;
    return n;
  };
  if (!range) {
    const n = one(p);
    return typeof n === 'string' ? n : [n];
  }
  const lo = one(range[1]);
  if (typeof lo === 'string') return lo;
  const hi = one(range[2]);
  if (typeof hi === 'string') return hi;
  const [a, b] = lo <= hi ? [lo, hi] : [hi, lo];
  return Array.from({ length: b - a + 1 }, (_, i) => a + i);
}

export const ncCommand: Command = {
  name: 'nc',
  help: {
    summary: 'arbitrary TCP connections and listens (netcat-openbsd)',
    usage: ['nc [-v] [-z] [-N] [-w SECS] HOST PORT', 'nc -l [-v] [-p] PORT'],
    options: [
      ['-l', 'listen for one incoming connection'],
      ['-p PORT', 'the port to listen on'],
      ['-v', 'report connections on stderr'],
      ['-z', 'only connect (a port scan), send nothing'],
      ['-N', 'shut down the sending side at the end of the input'],
      ['-w SECS', 'give up connecting, or an idle connection, after SECS'],
    ],
    notes:
      'TCP only. Received data is printed; the input is sent. Ctrl-C ends it. Host names are not resolved.',
  },
  run(argv, ctx) {
    const o = parseNc(argv);
    if (typeof o === 'string') {
      ctx.stderr.write(`${o}\n`);
      return 1;
    }
    const ns = ctx.netns;
    if (!ns) {
      ctx.stderr.write('nc: socket: Address family not supported by protocol\n');
      return 1;
    }
    if (o.udp) {
      ctx.stderr.write('nc: UDP (-u) is not simulated in cnlab yet; TCP only\n');
      return 1;
    }
    if (!o.listen && o.operands.length === 0) {
      ctx.stderr.write(`${USAGE}\n`);
      return 1;
    }
    const p = o.listen ? (o.port ?? o.operands[o.operands.length - 1]) : o.operands[1];
    if (p === undefined) {
      ctx.stderr.write('nc: missing port number\n');
      return 1;
    }
    const ports = parsePorts(p);
    if (typeof ports === 'string') {
      ctx.stderr.write(`${ports}\n`);
      return 1;
    }
    if (o.listen) return listenNc(o, ns, ports[0], ctx);
    const host = o.operands[0];
    const dst = inetAton(host);
    if (dst === undefined) {
      ctx.stderr.write(
        `nc: getaddrinfo for host "${host}" port ${p}: Temporary failure in name resolution\n`,
      );
      return 1;
    }
    return connectEach(o, ns, dst, host, ports, ctx);
  },
};

/** Each port in turn (a scan with -z); the exit status is 0 when any connection was made. */
function* connectEach(
  o: NcOptions,
  ns: Netns,
  dst: Ipv4,
  host: string,
  ports: number[],
  ctx: CommandContext,
): ProcBody {
  let status = 1;
  for (const port of ports) {
    const r = connectNc(o, ns, dst, host, port, ctx);
    const code = typeof r === 'number' ? r : yield* r;
    if (code === 0) status = 0;
    if (code === 0 && !o.zero) break;
  }
  return status;
}

function listenNc(o: NcOptions, ns: Netns, port: number, ctx: CommandContext): ProcBody | number {
  const w = ctx.world;
  const l = tcpSocketOpen(ns, 'nc');
  l.reuseAddr = true;
  const b = tcpBind(l, 0, port);
  const li = b.ok ? tcpListen(w, l, 1) : b;
  if (!li.ok) {
    tcpClose(w, l);
    ctx.stderr.write(`nc: ${tcpStrerror(li.errno)}\n`);
    return 1;
  }
  if (o.verbose) ctx.stderr.write(`Listening on 0.0.0.0 ${port}\n`);
  l.onReadable = ctx.wake;
  return (function* (): ProcBody {
    let conn: TcpSocket | undefined;
    try {
      while (!conn) {
        const a = tcpAccept(w, l);
        if (a.ok && a.value) conn = a.value;
        else yield {};
      }
      // netcat-openbsd keeps the listening socket open while it serves the connection (ss shows
      // both); later connections wait in its accept queue and are reset when nc exits.
      if (o.verbose)
        ctx.stderr.write(
          `Connection received on ${formatIpv4(conn.remoteAddr)} ${conn.remotePort}\n`,
        );
      return yield* pump(o, w, conn, ctx);
    } finally {
      tcpClose(w, l);
      if (conn) tcpClose(w, conn);
    }
  })();
}

function connectNc(
  o: NcOptions,
  ns: Netns,
  dst: Ipv4,
  host: string,
  port: number,
  ctx: CommandContext,
): ProcBody | number {
  const w = ctx.world;
  const s = tcpSocketOpen(ns, 'nc');
  s.onReadable = ctx.wake;
  const failed = (e: TcpErrno): number => {
    if (o.verbose)
      ctx.stderr.write(`nc: connect to ${host} port ${port} (tcp) failed: ${tcpStrerror(e)}\n`);
    return 1;
  };
  const r = tcpConnect(w, s, dst, port);
  if (!r.ok) {
    tcpClose(w, s);
    return failed(r.errno);
  }
  return (function* (): ProcBody {
    try {
      const deadline = o.wait === undefined ? undefined : w.sched.now + o.wait * 1_000_000;
      while (s.state === 'SYN_SENT') {
        if (deadline !== undefined && w.sched.now >= deadline) {
          if (o.verbose)
            ctx.stderr.write(
              `nc: connect to ${host} port ${port} (tcp) timed out: Operation now in progress\n`,
            );
          return 1;
        }
        yield deadline === undefined ? {} : { until: deadline };
      }
      const e = tcpTakeError(s);
      if (e || s.state === 'CLOSED') return failed(e ?? 'ECONNREFUSED');
      if (o.verbose) {
        ctx.stderr.write(
          `Connection to ${host} ${port} port [tcp/${serviceName('tcp', port) ?? '*'}] succeeded!\n`,
        );
      }
      if (o.zero) return 0;
      return yield* pump(o, w, s, ctx);
    } finally {
      tcpClose(w, s);
    }
  })();
}

/** readwrite(): input to the socket, socket to output, until the peer closes. */
function* pump(o: NcOptions, w: World, s: TcpSocket, ctx: CommandContext): ProcBody {
  s.onReadable = ctx.wake;
  let inputDone = false;
  const idle = o.wait === undefined ? undefined : o.wait * 1_000_000;
  let last = w.sched.now;
  for (;;) {
    let busy = false;
    if (!inputDone) {
      const chunk = ctx.stdin.read();
      if (chunk === null) {
        inputDone = true;
        if (o.shutdownOnEof) tcpShutdown(w, s);
      } else if (chunk !== undefined) {
        tcpSend(w, s, utf8Bytes(chunk));
        busy = true;
      }
    }
    const r = tcpRecv(w, s);
    if (!r.ok || r.value === null) return 0;
    if (r.value !== undefined) {
      ctx.stdout.write(bytesText(r.value));
      busy = true;
    }
    if (busy) {
      last = w.sched.now;
      continue;
    }
    if (idle !== undefined && inputDone && w.sched.now - last >= idle) return 0;
    yield idle !== undefined && inputDone ? { until: last + idle } : {};
  }
}
