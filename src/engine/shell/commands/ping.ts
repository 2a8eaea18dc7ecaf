/**
 * `ping` as iputils 20221126 runs it as root (a raw ICMP socket with IP_RECVERR), ported from
 * ping/ping.c and ping/ping_common.c onto the virtual clock: the same option parsing and error
 * texts, the `pinger` token bucket, `schedule_exit` (after the last probe: wait 2 × the largest
 * RTT — at least one interval — once a reply came, else the -W linger time, 10 s), the -w
 * deadline, statistics in integer microseconds (`finish`), `pipe N`, exit status 0/1/2.
 *
 * Timing as on Linux: waiting a whole interval is a blocking recvmsg with SO_RCVTIMEO, a
 * timer-wheel timer (kernel/jiffies.ts), so probes drift ~24 ms per second as real ping's do;
 * shorter waits are poll() (an hrtimer: exact). RTTs are the virtual time from send to receive,
 * read back from the timestamp in the echoed payload.
 *
 * Left out: IPv6, -R/-T, -p, -A, -D, -U, -a, -O, -l above 1, name resolution (any name fails
 * with "Temporary failure in name resolution", as in a namespace without DNS).
 */

import { STRERROR } from '../../kernel/errors';
import {
  type IcmpSocket,
  icmpSendEcho,
  icmpSocketClose,
  icmpSocketOpen,
} from '../../kernel/icmp-socket';
import { formatIpv4, type Ipv4 } from '../../kernel/inet';
import { isLocalAddr, routeOutput } from '../../kernel/ipv4-route';
import { wheelExpiry } from '../../kernel/jiffies';
import type { Netns } from '../../kernel/netns';
import type { World } from '../../kernel/world';
import { pingPayload } from '../../wire';
import type { Command, CommandContext } from '../command';
import { Interrupt, type ProcBody } from '../process';

const MAXWAIT_S = 10;
const MININTERVAL = 10;
const DEFDATALEN = 56;
const LONG_MAX = '9223372036854775807';

const USAGE = `
Usage
  ping [options] <destination>

Options:
  <destination>      dns name or ip address
  -a                 use audible ping
  -A                 use adaptive ping
  -B                 sticky source address
  -c <count>         stop after <count> replies
  -C                 call connect() syscall on socket creation
  -D                 print timestamps
  -d                 use SO_DEBUG socket option
  -e <identifier>    define identifier for ping session, default is random for
                     SOCK_RAW and kernel defined for SOCK_DGRAM
                     Imply using SOCK_RAW (for IPv4 only for identifier 0)
  -f                 flood ping
  -h                 print help and exit
  -I <interface>     either interface name or address
  -i <interval>      seconds between sending each packet
  -L                 suppress loopback of multicast packets
  -l <preload>       send <preload> number of packages while waiting replies
  -m <mark>          tag the packets going out
  -M <pmtud opt>     define mtu discovery, can be one of <do|dont|want>
  -n                 no dns name resolution
  -O                 report outstanding replies
  -p <pattern>       contents of padding byte
  -q                 quiet output
  -Q <tclass>        use quality of service <tclass> bits
  -s <size>          use <size> as number of data bytes to be sent
  -S <size>          use <size> as SO_SNDBUF socket option value
  -t <ttl>           define time to live
  -U                 print user-to-user latency
  -v                 verbose output
  -V                 print version and exit
  -w <deadline>      reply wait <deadline> in seconds
  -W <timeout>       time to wait for response

IPv4 options:
  -4                 use IPv4
  -b                 allow pinging broadcast
  -R                 record route
  -T <timestamp>     define timestamp, can be one of <tsonly|tsandaddr|tsprespec>

IPv6 options:
  -6                 use IPv6
  -F <flowlabel>     define flow label, default is random
  -N <nodeinfo opt>  use icmp6 node info query, try <help> as argument

For more details see ping(8).
`;

/** getopt's option string of iputils ping. */
const OPTSTRING = 'h?4bRT:6F:N:aABc:CdDe:fi:I:l:Lm:M:nOp:qQ:rs:S:t:UvVw:W:';

interface Options {
  npackets: number;
  interval: number;
  optInterval: boolean;
  lingertime: number;
  deadline: number;
  datalen: number;
  ttl: number | undefined;
  device: string | undefined;
  source: Ipv4 | undefined;
  pmtudisc: 'do' | 'dont' | 'want' | undefined;
  quiet: boolean;
  flood: boolean;
  broadcast: boolean;
  ident: number | undefined;
  tos: number;
  target: string;
}

/** A usage or argument error: the message for stderr (may be empty) and the exit status. */
class PingExit {
  readonly text: string;
  readonly code: number;
  constructor(text: string, code: number) {
    this.text = text;
    this.code = code;
  }
}

/** strtol_or_err. */
function strtol(
  str: string,
  what: string,
  min: number,
  max: number,
  maxText = String(max),
): number {
  if (!/^\s*[+-]?\d+$/.test(str)) throw new PingExit(`ping: ${what}: '${str}'`, 1);
  const n = Number(str);
  if (n < min || n > max)
    throw new PingExit(`ping: ${what}: '${str}': out of range: ${min} <= value <= ${maxText}`, 1);
  return n;
}

/** ping_strtod (the "garbage" warnings are not reproduced). */
function strtod(str: string, what: string): number {
  const n = Number.parseFloat(str);
  if (str === '' || Number.isNaN(n) || !Number.isFinite(n))
    throw new PingExit(`ping: ${what}: ${str}`, 2);
  return n;
}

/** inet_aton: dotted forms a, a.b, a.b.c, a.b.c.d with decimal, octal (0…) or hex (0x…) parts. */
export function inetAton(text: string): Ipv4 | undefined {
  const parts = text.split('.');
  if (parts.length > 4 || parts.some((p) => p === '')) return undefined;
  const nums: number[] = [];
  for (const p of parts) {
    let n: number;
    if (/^0x[0-9a-f]*$/i.test(p)) n = Number.parseInt(p.slice(2) || '0', 16);
    else if (/^0[0-7]*$/.test(p)) n = Number.parseInt(p, 8);
    else if (/^[1-9]\d*$/.test(p)) n = Number(p);
    else return undefined;
    nums.push(n);
  }
  const last = nums.pop() as number;
  if (nums.some((n) => n > 255) || last >= 2 ** (8 * (4 - nums.length))) return undefined;
  let v = 0;
  for (let i = 0; i < nums.length; i++) v += nums[i] * 2 ** (24 - 8 * i);
  return (v + last) >>> 0;
}

function parseArgs(argv: string[]): Options {
  const o: Options = {
    npackets: 0,
    interval: 1000,
    optInterval: false,
    lingertime: MAXWAIT_S * 1000,
    deadline: 0,
    datalen: DEFDATALEN,
    ttl: undefined,
    device: undefined,
    source: undefined,
    pmtudisc: undefined,
    quiet: false,
    flood: false,
    broadcast: false,
    ident: undefined,
    tos: 0,
    target: '',
  };
  const operands: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      operands.push(...argv.slice(i + 1));
      break;
    }
    if (!a.startsWith('-') || a === '-') {
      operands.push(a);
      continue;
    }
    for (let j = 1; j < a.length; j++) {
      const ch = a[j];
      const at = OPTSTRING.indexOf(ch);
      if (at < 0 || ch === ':')
        throw new PingExit(`ping: invalid option -- '${ch}'\n${USAGE.slice(0, -1)}`, 2);
      let arg: string | undefined;
      if (OPTSTRING[at + 1] === ':') {
        if (j + 1 < a.length) arg = a.slice(j + 1);
        else if (i + 1 < argv.length) arg = argv[++i];
        else
          throw new PingExit(
            `ping: option requires an argument -- '${ch}'\n${USAGE.slice(0, -1)}`,
            2,
          );
        j = a.length;
      }
      applyOption(o, ch, arg as string);
    }
  }
  if (operands.length === 0)
    throw new PingExit('ping: usage error: Destination address required', 1);
  o.target = operands[operands.length - 1];
  return o;
}

function applyOption(o: Options, ch: string, arg: string): void {
  switch (ch) {
    case 'c':
      o.npackets = strtol(arg, 'invalid argument', 1, Number.MAX_SAFE_INTEGER, LONG_MAX);
      return;
    case 'i': {
      const v = strtod(arg, 'bad timing interval');
      if (v > 2147483647 / 1000) throw new PingExit(`ping: bad timing interval: ${arg}`, 2);
      o.interval = Math.trunc(v * 1000);
      o.optInterval = true;
      return;
    }
    case 'W': {
      const v = strtod(arg, 'bad linger time');
      if (v < 0 || v > 2147483647 / 1000) throw new PingExit(`ping: bad linger time: ${arg}`, 2);
      o.lingertime = Math.trunc(v * 1000);
      return;
    }
    case 'w':
      o.deadline = strtol(arg, 'invalid argument', 0, 2147483647);
      return;
    case 's':
      o.datalen = strtol(arg, 'invalid argument', 0, 2147483647);
      return;
    case 't':
      o.ttl = strtol(arg, 'invalid argument', 0, 255);
      return;
    case 'e':
      o.ident = strtol(arg, 'invalid argument', 0, 0xffff);
      return;
    case 'I': {
      const addr = inetAton(arg);
      if (arg.includes(':')) throw new PingExit(`ping: invalid source address: ${arg}`, 2);
      if (addr !== undefined) o.source = addr;
      else o.device = arg;
      return;
    }
    case 'M':
      if (arg !== 'do' && arg !== 'dont' && arg !== 'want')
        throw new PingExit(`ping: invalid -M argument: ${arg}`, 2);
      o.pmtudisc = arg;
      return;
    case 'Q': {
      const v = /^0x/i.test(arg) ? Number.parseInt(arg, 16) : Number(arg);
      if (!Number.isInteger(v)) throw new PingExit(`ping: bad TOS value: ${arg}`, 2);
      if (v < 0 || v > 255)
        throw new PingExit(`ping: the decimal value of TOS bits must be in range 0-255: ${v}`, 2);
      o.tos = v;
      return;
    }
    case 'l':
      strtol(arg, 'invalid argument', 1, 65536);
      return;
    case 'q':
      o.quiet = true;
      return;
    case 'f':
      o.flood = true;
      return;
    case 'b':
      o.broadcast = true;
      return;
    case 'h':
    case '?':
      throw new PingExit(USAGE.slice(0, -1), 2);
    case 'V':
      throw new PingExit('', -1);
    default:
      // -4 -n -v -d -r -L -B -C -a -A -D -O -U -m -S -p -R -T: accepted, no effect here.
      return;
  }
}

/** The "%g" of a float, as printf prints the packet loss. */
function formatLoss(x: number): string {
  const f = Math.fround(x);
  if (f === 0) return '0';
  return String(Number(f.toPrecision(6)));
}

/** llsqrt: integer square root by Newton's method, as in ping_common.c. */
function llsqrt(a: number): number {
  let prev = Number.POSITIVE_INFINITY;
  let x = a;
  if (x > 0) {
    while (x < prev) {
      prev = x;
      x = Math.trunc((x + Math.trunc(a / x)) / 2);
    }
  }
  return x;
}

function ms3(us: number): string {
  return `${Math.trunc(us / 1000)}.${String(us % 1000).padStart(3, '0')}`;
}

/** " time=…" as gather_statistics prints it (µs in, fewer decimals as the value grows). */
export function formatTriptime(t: number): string {
  if (t >= 100000 - 50) return `${Math.trunc((t + 500) / 1000)}`;
  if (t >= 10000 - 5)
    return `${Math.trunc((t + 50) / 1000)}.${Math.trunc(((t + 50) % 1000) / 100)}`;
  if (t >= 1000)
    return `${Math.trunc((t + 5) / 1000)}.${String(Math.trunc(((t + 5) % 1000) / 10)).padStart(2, '0')}`;
  return `${Math.trunc(t / 1000)}.${String(t % 1000).padStart(3, '0')}`;
}

export const pingCommand: Command = {
  name: 'ping',
  help: {
    summary: 'send ICMP ECHO_REQUEST to network hosts',
    usage: [
      'ping [-c count] [-i interval] [-W timeout] [-w deadline] [-s size] [-t ttl] [-I iface|addr] [-M do|dont|want] [-q] [-f] [-n] destination',
    ],
    options: [
      ['-c N', 'stop after N replies (or N probes without -w)'],
      ['-i S', 'seconds between probes (default 1)'],
      ['-W S', 'time to wait for a reply after the last probe (default 10)'],
      ['-w S', 'deadline: stop after S seconds whatever happens'],
      ['-s N', 'data bytes per probe (default 56: 84-byte IP packets)'],
      ['-t TTL', 'IP time to live'],
      ['-I X', 'send from interface X, or from address X'],
      ['-M do|dont|want', 'path MTU discovery: DF always, never, or when the packet fits'],
      ['-q', 'only print the header and the summary'],
      ['-f', 'flood: a probe as soon as the previous reply came (dots)'],
      ['-n', 'numeric output (always the case here)'],
    ],
    notes:
      'Output and exit status follow iputils 20221126 run as root. Ctrl-C prints the summary. Host names are not resolved.',
  },
  run(argv, ctx) {
    let o: Options;
    try {
      o = parseArgs(argv);
    } catch (e) {
      if (!(e instanceof PingExit)) throw e;
      if (e.code === -1) {
        ctx.stdout.write(
          'ping from iputils 20221126\nlibcap: yes, IDN: yes, NLS: no, error.h: yes, getrandom(): yes, __fpending(): yes\n',
        );
        return 0;
      }
      ctx.stderr.write(`${e.text}\n`);
      return e.code;
    }
    const ns = ctx.netns;
    if (!ns) {
      ctx.stderr.write('ping: socket: Address family not supported by protocol\n');
      return 2;
    }
    return startPing(o, ns, ctx);
  },
};

function startPing(o: Options, ns: Netns, ctx: CommandContext): ProcBody | number {
  const err = (text: string, code = 2): number => {
    ctx.stderr.write(`ping: ${text}\n`);
    return code;
  };
  let dst = inetAton(o.target);
  if (dst === undefined) return err(`${o.target}: Temporary failure in name resolution`);
  const world = ctx.world;
  const dev = o.device === undefined ? undefined : ns.byName(o.device);
  if (o.device !== undefined && !dev) return err(`SO_BINDTODEVICE ${o.device}: ${STRERROR.ENODEV}`);
  if (o.source !== undefined && !isLocalAddr(ns, o.source))
    return err(`bind: ${STRERROR.EADDRNOTAVAIL}`);
  let src = o.source;
  if (src === undefined) {
    const r = routeOutput(ns, dst === 0 ? 0x7f000001 : dst, dev);
    if (!r.ok) {
      // iputils explains EACCES (a `prohibit` route, or a broadcast without -b) its own way.
      if (r.errno === 'EACCES') {
        return err(
          'Do you want to ping broadcast? Then -b. If not, check your local firewall rules',
        );
      }
      return err(`connect: ${STRERROR[r.errno]}`);
    }
    if (r.value.type === 'broadcast' || dst === 0xffffffff) {
      if (!o.broadcast)
        return err(
          'Do you want to ping broadcast? Then -b. If not, check your local firewall rules',
        );
      ctx.stderr.write('WARNING: pinging broadcast address\n');
    }
    src = r.value.src;
    if (dev && !dev.addrs.some((a) => a.addr === src)) {
      ctx.stderr.write(
        `ping: Warning: source address might be selected on device other than: ${dev.name}\n`,
      );
    }
  }
  if (dst === 0) dst = src;
  const ident = o.ident ?? ns.machine.rng.below(0x10000);
  const sock = icmpSocketOpen(ns, ident);
  sock.onReadable = ctx.wake;
  if (o.ttl !== undefined) sock.ttl = o.ttl;
  sock.tos = o.tos;
  const multicast = o.broadcast || dst >>> 28 === 0xe;
  sock.pmtudisc = o.pmtudisc ?? (multicast ? 'do' : 'want');
  sock.bindDev = dev;
  if (o.source !== undefined) sock.bindAddr = o.source;
  const from =
    o.device !== undefined || o.source !== undefined
      ? `from ${formatIpv4(src)} ${o.device ?? ''}: `
      : '';
  ctx.stdout.write(
    `PING ${o.target} (${formatIpv4(dst)}) ${from}${o.datalen}(${o.datalen + 28}) bytes of data.\n`,
  );
  return pingLoop(new PingRun(o, world, sock, dst, ctx));
}

/** The state of one ping run (struct ping_rts). */
class PingRun {
  readonly o: Options;
  readonly world: World;
  readonly sock: IcmpSocket;
  readonly dst: Ipv4;
  readonly ctx: CommandContext;
  interval: number;
  ntransmitted = 0;
  nreceived = 0;
  nrepeats = 0;
  nerrors = 0;
  acked = 0;
  pipesize = -1;
  tmin = Number.MAX_SAFE_INTEGER;
  tmax = 0;
  tsum = 0;
  tsum2 = 0;
  rtt = 0;
  tokens = 0;
  startTime: number;
  curTime: number | undefined;
  exiting = false;
  /** SIGALRM: the -w deadline or schedule_exit's timer (an itimer: exact). */
  alarmAt: number | undefined;
  waittime: number | undefined;
  /** rcvd_tbl: one flag per 16-bit sequence number, set when its reply came (dups). */
  readonly rcvd = new Uint8Array(0x10000);
  readonly timing: boolean;

  constructor(o: Options, world: World, sock: IcmpSocket, dst: Ipv4, ctx: CommandContext) {
    this.o = o;
    this.world = world;
    this.sock = sock;
    this.dst = dst;
    this.ctx = ctx;
    this.interval = o.flood && !o.optInterval ? 0 : o.interval;
    this.startTime = world.sched.now;
    this.timing = o.datalen >= 16;
    if (o.deadline) this.alarmAt = this.startTime + o.deadline * 1_000_000;
  }

  get now(): number {
    return this.world.sched.now;
  }

  inFlight(): number {
    const diff = (this.ntransmitted - this.acked) & 0xffff;
    return diff <= 0x7fff ? diff : this.ntransmitted - this.nreceived - this.nerrors;
  }

  acknowledge(seq: number): void {
    const diff = (this.ntransmitted - seq) & 0xffff;
    if (diff <= 0x7fff) {
      if (diff + 1 > this.pipesize) this.pipesize = diff + 1;
      const ahead = ((seq - this.acked) << 16) >> 16;
      if (ahead > 0 || ((this.ntransmitted - this.acked) & 0xffff) > 0x7fff) this.acked = seq;
    }
  }

  advanceNtransmitted(): void {
    this.ntransmitted++;
    if (((this.ntransmitted - this.acked) & 0xffff) > 0x7fff)
      this.acked = (this.ntransmitted + 1) & 0xffff;
  }

  payload(): Uint8Array {
    if (this.timing) return pingPayload(this.now, this.o.datalen);
    const out = new Uint8Array(this.o.datalen);
    for (let i = 0; i < out.length; i++) out[i] = i & 0xff;
    return out;
  }

  /** pinger: send a probe if one is due; returns ms until the next one. */
  pinger(): number {
    const o = this.o;
    if (this.exiting || (o.npackets && this.ntransmitted >= o.npackets && !o.deadline)) return 1000;
    if (this.curTime === undefined) {
      this.curTime = this.now;
      this.tokens = 0;
    } else {
      let ntokens = Math.trunc((this.now - this.curTime) / 1000);
      if (!this.interval && ntokens < MININTERVAL && this.inFlight() >= 1)
        return MININTERVAL - ntokens;
      ntokens += this.tokens;
      if (this.interval < ntokens) ntokens = this.interval;
      if (ntokens < this.interval) return this.interval - ntokens;
      this.curTime = this.now;
      this.tokens = ntokens - this.interval;
    }
    const seq = (this.ntransmitted + 1) & 0xffff;
    this.rcvd[seq] = 0;
    const r = icmpSendEcho(this.world, this.sock, this.dst, seq, this.payload());
    if (r.ok) {
      this.advanceNtransmitted();
      if (!o.quiet && o.flood) this.ctx.stdout.write('.');
      return this.interval - this.tokens;
    }
    // Hard local error: the error queue holds the EMSGSIZE, reported when drained.
    this.drainLocalError();
    this.advanceNtransmitted();
    this.tokens = 0;
    return Math.max(this.interval, MININTERVAL);
  }

  private drainLocalError(): void {
    const q = this.sock.queue;
    const i = q.findIndex((m) => m.kind === 'localError');
    if (i < 0) return;
    const m = q.splice(i, 1)[0];
    if (m.kind !== 'localError') return;
    if (this.o.quiet) return;
    if (this.o.flood) this.ctx.stdout.write('E');
    else if (m.errno === 'EMSGSIZE')
      this.ctx.stderr.write(`ping: local error: message too long, mtu=${m.info}\n`);
    else this.ctx.stderr.write(`ping: local error: ${STRERROR[m.errno]}\n`);
    this.nerrors++;
  }

  /** __schedule_exit. */
  scheduleExit(next: number): number {
    const o = this.o;
    if (!(o.npackets && this.ntransmitted >= o.npackets && !o.deadline)) return next;
    if (this.waittime !== undefined) return next;
    let waittime: number;
    if (this.nreceived) {
      waittime = 2 * this.tmax;
      if (waittime < 1000 * this.interval) waittime = 1000 * this.interval;
    } else waittime = o.lingertime * 1000;
    this.waittime = waittime;
    if (next < 0 || next < waittime / 1000) next = Math.trunc(waittime / 1000);
    this.alarmAt = this.now + waittime;
    return next;
  }

  /** Handle everything queued on the socket (parse_reply / receive_error_msg). */
  drain(): void {
    const q = this.sock.queue;
    while (q.length > 0) {
      const m = q.shift();
      if (!m) break;
      if (m.kind === 'echoReply') this.onReply(m.seq, m.from, m.ttl, m.data, m.icmpLen);
      else if (m.kind === 'icmpError') {
        if (m.target !== this.dst) continue;
        this.acknowledge(m.seq);
        this.nerrors++;
        if (this.o.quiet) continue;
        if (this.o.flood) this.ctx.stdout.write('\bE');
        else
          this.ctx.stdout.write(
            `From ${formatIpv4(m.offender)} icmp_seq=${m.seq} ${icmpErrorText(m.type, m.code, m.info)}\n`,
          );
      } else {
        q.unshift(m);
        this.drainLocalError();
      }
    }
  }

  private onReply(seq: number, from: Ipv4, ttl: number, data: Uint8Array, cc: number): void {
    const o = this.o;
    this.nreceived++;
    this.acknowledge(seq);
    let triptime = 0;
    if (this.timing && data.length >= 16) {
      const sent = le32(data, 0) * 1_000_000 + le32(data, 8);
      triptime = Math.max(0, this.now - sent);
      this.tsum += triptime;
      this.tsum2 += triptime * triptime;
      if (triptime < this.tmin) this.tmin = triptime;
      if (triptime > this.tmax) this.tmax = triptime;
      this.rtt = this.rtt ? this.rtt + triptime - Math.trunc(this.rtt / 8) : triptime * 8;
    }
    let dup = false;
    if (this.rcvd[seq] === 1) {
      this.nrepeats++;
      this.nreceived--;
      dup = true;
    } else this.rcvd[seq] = 1;
    if (o.quiet) return;
    if (o.flood) {
      this.ctx.stdout.write('\b \b');
      return;
    }
    let line = `${cc} bytes from ${formatIpv4(from)}: icmp_seq=${seq} ttl=${ttl}`;
    if (cc < o.datalen + 8) {
      this.ctx.stdout.write(`${line} (truncated)\n`);
      return;
    }
    if (this.timing) line += ` time=${formatTriptime(triptime)} ms`;
    if (dup) line += ' (DUP!)';
    if (from !== this.dst && !o.broadcast) line += ' (DIFFERENT ADDRESS!)';
    this.ctx.stdout.write(`${line}\n`);
  }

  /** finish: the statistics; returns the exit status. */
  finish(): number {
    const o = this.o;
    const out = this.ctx.stdout;
    const elapsed = (this.curTime ?? this.startTime) - this.startTime;
    let text = `\n--- ${o.target} ping statistics ---\n`;
    text += `${this.ntransmitted} packets transmitted, ${this.nreceived} received`;
    if (this.nrepeats) text += `, +${this.nrepeats} duplicates`;
    if (this.nerrors) text += `, +${this.nerrors} errors`;
    if (this.ntransmitted) {
      text += `, ${formatLoss(((this.ntransmitted - this.nreceived) * 100) / this.ntransmitted)}% packet loss`;
      text += `, time ${Math.trunc((elapsed + 500) / 1000)}ms`;
    }
    text += '\n';
    let comma = '';
    if (this.nreceived && this.timing) {
      const total = this.nreceived + this.nrepeats;
      const tmavg = Math.trunc(this.tsum / total);
      const tmvar = Math.trunc((this.tsum2 - Math.trunc((this.tsum * this.tsum) / total)) / total);
      const tmdev = llsqrt(tmvar);
      text += `rtt min/avg/max/mdev = ${ms3(this.tmin)}/${ms3(tmavg)}/${ms3(this.tmax)}/${ms3(tmdev)} ms`;
      comma = ', ';
    }
    if (this.pipesize > 1) {
      text += `${comma}pipe ${this.pipesize}`;
      comma = ', ';
    }
    if (this.nreceived && (!this.interval || o.flood) && this.ntransmitted > 1) {
      const ipg = Math.trunc(elapsed / (this.ntransmitted - 1));
      text += `${comma}ipg/ewma ${ms3(ipg)}/${ms3(Math.trunc(this.rtt / 8))} ms`;
    }
    out.write(`${text}\n`);
    return !this.nreceived || (o.deadline && this.nreceived < o.npackets) ? 1 : 0;
  }
}

/** The little-endian u32 at `b[at..at+4)` (a timeval field in the echoed payload). */
function le32(b: Uint8Array, at: number): number {
  return (b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24)) >>> 0;
}

/** pr_icmph for the errors a ping can get. */
export function icmpErrorText(type: number, code: number, info: number): string {
  if (type === 3) {
    const texts: Record<number, string> = {
      0: 'Destination Net Unreachable',
      1: 'Destination Host Unreachable',
      2: 'Destination Protocol Unreachable',
      3: 'Destination Port Unreachable',
      5: 'Source Route Failed',
      6: 'Destination Net Unknown',
      7: 'Destination Host Unknown',
      8: 'Source Host Isolated',
      9: 'Destination Net Prohibited',
      10: 'Destination Host Prohibited',
      11: 'Destination Net Unreachable for Type of Service',
      12: 'Destination Host Unreachable for Type of Service',
      13: 'Packet filtered',
      14: 'Precedence Violation',
      15: 'Precedence Cutoff',
    };
    if (code === 4) return `Frag needed and DF set (mtu = ${info})`;
    return texts[code] ?? `Dest Unreachable, Bad Code: ${code}`;
  }
  if (type === 11) {
    if (code === 0) return 'Time to live exceeded';
    if (code === 1) return 'Frag reassembly time exceeded';
    return `Time exceeded, Bad Code: ${code}`;
  }
  return `Bad ICMP type: ${type}`;
}

/** main_loop on the virtual clock. */
function* pingLoop(run: PingRun): ProcBody {
  try {
    for (;;) {
      if (run.alarmAt !== undefined && run.now >= run.alarmAt) run.exiting = true;
      if (run.exiting) break;
      if (run.o.npackets && run.nreceived + run.nerrors >= run.o.npackets) break;
      if (run.o.deadline && run.nerrors) break;
      let next: number;
      do {
        next = run.scheduleExit(run.pinger());
      } while (next <= 0);
      // Wait for input or the next probe: a blocking recvmsg() bounded by SO_RCVTIMEO, which
      // ping sets to one interval (a jiffies timer), or, for a shorter wait, a poll() (exact).
      // So even during the final linger ping wakes every interval and re-checks whether errors
      // already account for every probe.
      const schint = Math.max(run.interval, MININTERVAL);
      const until = next >= schint ? wheelExpiry(run.now, schint * 1000) : run.now + next * 1000;
      while (run.sock.queue.length === 0 && run.now < until) {
        const alarm = run.alarmAt ?? Number.POSITIVE_INFINITY;
        if (run.now >= alarm) break;
        // The socket wakes us when a message arrives (onReadable → ctx.wake).
        yield { until: Math.min(until, alarm) };
      }
      run.drain();
    }
  } catch (e) {
    if (!(e instanceof Interrupt)) {
      icmpSocketClose(run.sock);
      throw e;
    }
  }
  icmpSocketClose(run.sock);
  return run.finish();
}
