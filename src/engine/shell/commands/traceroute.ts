/**
 * `traceroute` 2.1.2 ("Modern traceroute for Linux"), default UDP method, ported from
 * traceroute.c (`do_it`, `get_timeout`, `print_probe`) onto the virtual clock: UDP probes to
 * ports 33434 upward from a fresh ephemeral source port each, 3 per hop from TTL 1, up to 16 in
 * flight at once, 60-byte IP packets (32 bytes of 0x40, 0x41, …), DF off; a probe waits at most
 * 5 s, or 3 × the round trip of an answered probe of the same hop, or 10 × that of a later hop;
 * a port unreachable (or !H !N !X !P !S !F …) ends the trace at that hop.
 *
 * The ICMP errors reach traceroute as they reach its IP_RECVERR sockets in Linux; here a packet
 * capture on the namespace (kernel/capture.ts) hands over the ICMP errors that quote one of our
 * probes (matched by its source and destination ports), stamped with the virtual time.
 *
 * `-I` sends ICMP echo requests instead (sequence numbers from 1, or -p), ended by the echo
 * reply; `-T` sends TCP SYNs to port 80 (or -p) from a random port, ended by the target's
 * SYN-ACK or RST. Both are matched the same way: the reply, or the ICMP error quoting the probe.
 *
 * Left out: -U and the other methods, -g, -s, -i, -A, --mtu, --back, IPv6, name resolution
 * (any name fails as in a namespace without DNS).
 */

import { type Capture, captureClose, captureOpen } from '../../kernel/capture';
import { markPartial } from '../../kernel/csum-partial';
import type { NetDevice } from '../../kernel/device';
import { STRERROR } from '../../kernel/errors';
import { formatIpv4, type Ipv4 } from '../../kernel/inet';
import { ipSend } from '../../kernel/ipv4-output';
import { routeOutput } from '../../kernel/ipv4-route';
import type { Netns } from '../../kernel/netns';
import { newPacketId } from '../../kernel/trace';
import {
  emitIcmp,
  emitTcp,
  emitUdp,
  IpProtocol,
  icmpBufferLen,
  TcpFlag,
  tcpHeaderLen,
} from '../../wire';
import type { Command, CommandContext } from '../command';
import { Interrupt, type ProcBody } from '../process';
import { inetAton } from './ping';

const DEF_START_PORT = 33434;
const DEF_WAIT_PREC = 0.001;
const HEADER_LEN = 28;
const DEF_DATA_LEN = 32;

/** What traceroute prints for --help or without a host (traceroute 2.1.2, on stdout). */
const USAGE = `Usage:
  traceroute [ -46dFITnreAUDV ] [ -f first_ttl ] [ -g gate,... ] [ -i device ] [ -m max_ttl ] [ -N squeries ] [ -p port ] [ -t tos ] [ -l flow_label ] [ -w MAX,HERE,NEAR ] [ -q nqueries ] [ -s src_addr ] [ -z sendwait ] [ --fwmark=num ] host [ packetlen ]
Options:
  -4                          Use IPv4
  -6                          Use IPv6
  -d  --debug                 Enable socket level debugging
  -F  --dont-fragment         Do not fragment packets
  -f first_ttl  --first=first_ttl
                              Start from the first_ttl hop (instead from 1)
  -g gate,...  --gateway=gate,...
                              Route packets through the specified gateway
                              (maximum 8 for IPv4 and 127 for IPv6)
  -I  --icmp                  Use ICMP ECHO for tracerouting
  -T  --tcp                   Use TCP SYN for tracerouting (default port is 80)
  -i device  --interface=device
                              Specify a network interface to operate with
  -m max_ttl  --max-hops=max_ttl
                              Set the max number of hops (max TTL to be
                              reached). Default is 30
  -N squeries  --sim-queries=squeries
                              Set the number of probes to be tried
                              simultaneously (default is 16)
  -n                          Do not resolve IP addresses to their domain names
  -p port  --port=port        Set the destination port to use. It is either
                              initial udp port value for "default" method
                              (incremented by each probe, default is 33434), or
                              initial seq for "icmp" (incremented as well,
                              default from 1), or some constant destination
                              port for other methods (with default of 80 for
                              "tcp", 53 for "udp", etc.)
  -t tos  --tos=tos           Set the TOS (IPv4 type of service) or TC (IPv6
                              traffic class) value for outgoing packets
  -l flow_label  --flowlabel=flow_label
                              Use specified flow_label for IPv6 packets
  -w MAX,HERE,NEAR  --wait=MAX,HERE,NEAR
                              Wait for a probe no more than HERE (default 3)
                              times longer than a response from the same hop,
                              or no more than NEAR (default 10) times than some
                              next hop, or MAX (default 5.0) seconds (float
                              point values allowed too)
  -q nqueries  --queries=nqueries
                              Set the number of probes per each hop. Default is
                              3
  -r                          Bypass the normal routing and send directly to a
                              host on an attached network
  -s src_addr  --source=src_addr
                              Use source src_addr for outgoing packets
  -z sendwait  --sendwait=sendwait
                              Minimal time interval between probes (default 0).
                              If the value is more than 10, then it specifies a
                              number in milliseconds, else it is a number of
                              seconds (float point values allowed too)
  -e  --extensions            Show ICMP extensions (if present), including MPLS
  -A  --as-path-lookups       Perform AS path lookups in routing registries and
                              print results directly after the corresponding
                              addresses
  -M name  --module=name      Use specified module (either builtin or external)
                              for traceroute operations. Most methods have
                              their shortcuts (\`-I' means \`-M icmp' etc.)
  -O OPTS,...  --options=OPTS,...
                              Use module-specific option OPTS for the
                              traceroute module. Several OPTS allowed,
                              separated by comma. If OPTS is "help", print info
                              about available options
  --sport=num                 Use source port num for outgoing packets. Implies
                              \`-N 1'
  --fwmark=num                Set firewall mark for outgoing packets
  -U  --udp                   Use UDP to particular port for tracerouting
                              (instead of increasing the port per each probe),
                              default port is 53
  -UL                         Use UDPLITE for tracerouting (default dest port
                              is 53)
  -D  --dccp                  Use DCCP Request for tracerouting (default port
                              is 33434)
  -P prot  --protocol=prot    Use raw packet of protocol prot for tracerouting
  --mtu                       Discover MTU along the path being traced. Implies
                              \`-F -N 1'
  --back                      Guess the number of hops in the backward path and
                              print if it differs
  -V  --version               Print version info and exit
  --help                      Read this help and exit

Arguments:
+     host          The host to traceroute to
      packetlen     The full packet length (default is the length of an IP
                    header plus 40). Can be ignored or increased to a minimal
                    allowed value
`;

type Method = 'udp' | 'icmp' | 'tcp';

interface Options {
  method: Method;
  /** -p as given (its default depends on the method). */
  portSet: boolean;
  numeric: boolean;
  firstHop: number;
  maxHops: number;
  nqueries: number;
  simProbes: number;
  port: number;
  waitSecs: number;
  hereFactor: number;
  nearFactor: number;
  host: string;
  hostArgc: number;
  packetLen: number | undefined;
}

class TracerouteExit {
  readonly text: string;
  readonly code: number;
  readonly toStdout: boolean;
  constructor(text: string, code = 2, toStdout = false) {
    this.text = text;
    this.code = code;
    this.toStdout = toStdout;
  }
}

const WITH_ARG = 'fgimNpqtlwsz';

function num(arg: string, what: string): number {
  const n = Number(arg);
  if (arg === '' || !Number.isFinite(n))
    throw new TracerouteExit(`Cannot handle \`${what}' option with arg \`${arg}'`);
  return n;
}

function parseArgs(argv: string[]): Options {
  const o: Options = {
    method: 'udp',
    portSet: false,
    numeric: false,
    firstHop: 1,
    maxHops: 30,
    nqueries: 3,
    simProbes: 16,
    port: DEF_START_PORT,
    waitSecs: 5,
    hereFactor: 3,
    nearFactor: 10,
    host: '',
    hostArgc: 0,
    packetLen: undefined,
  };
  const operands: [string, number][] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--help') throw new TracerouteExit(USAGE, 0, true);
    if (!a.startsWith('-') || a === '-') {
      operands.push([a, i + 1]);
      continue;
    }
    for (let j = 1; j < a.length; j++) {
      const ch = a[j];
      let arg = '';
      if (WITH_ARG.includes(ch)) {
        if (j + 1 < a.length) arg = a.slice(j + 1);
        else if (i + 1 < argv.length) arg = argv[++i];
        else throw new TracerouteExit(`Option \`-${ch}' (argc ${i + 1}) should have an argument`);
        j = a.length;
      }
      switch (ch) {
        case 'n':
          o.numeric = true;
          break;
        case 'f':
          o.firstHop = num(arg, '-f');
          break;
        case 'm':
          o.maxHops = num(arg, '-m');
          break;
        case 'q':
          o.nqueries = num(arg, '-q');
          break;
        case 'N':
          o.simProbes = num(arg, '-N');
          break;
        case 'p':
          o.port = num(arg, '-p');
          o.portSet = true;
          break;
        case 'I':
          o.method = 'icmp';
          break;
        case 'T':
          o.method = 'tcp';
          break;
        case 'w': {
          const parts = arg.split(/[,/]/);
          o.waitSecs = num(parts[0], '-w');
          if (parts[1] !== undefined) o.hereFactor = num(parts[1], '-w');
          if (parts[2] !== undefined) o.nearFactor = num(parts[2], '-w');
          break;
        }
        case '4':
        case 'F':
        case 'd':
        case 'r':
        case 'e':
        case 'z':
        case 't':
        case 'l':
        case 's':
        case 'i':
        case 'g':
          break;
        default:
          throw new TracerouteExit(`Bad option \`-${ch}' (argc ${i + 1})`);
      }
    }
  }
  if (operands.length === 0) throw new TracerouteExit(USAGE, 0, true);
  if (!o.portSet) o.port = o.method === 'icmp' ? 1 : o.method === 'tcp' ? 80 : DEF_START_PORT;
  [o.host, o.hostArgc] = operands[0];
  if (operands.length > 1) o.packetLen = num(operands[1][0], 'packetlen');
  if (o.maxHops > 255) throw new TracerouteExit('max hops cannot be more than 255');
  if (o.firstHop < 1 || o.firstHop > o.maxHops) throw new TracerouteExit('first hop out of range');
  if (o.nqueries < 1 || o.nqueries > 10) throw new TracerouteExit('no more than 10 probes per hop');
  return o;
}

export const tracerouteCommand: Command = {
  name: 'traceroute',
  help: {
    summary: 'print the route packets trace to network host',
    usage: [
      'traceroute [-I | -T] [-n] [-f first_ttl] [-m max_ttl] [-q nqueries] [-w MAX,HERE,NEAR] [-p port] [-N squeries] host [packetlen]',
    ],
    options: [
      ['-I', 'probe with ICMP echo requests instead of UDP'],
      ['-T', 'probe with TCP SYNs (port 80 unless -p)'],
      ['-n', 'do not resolve addresses to names'],
      ['-m N', 'max number of hops (default 30)'],
      ['-f N', 'first TTL (default 1)'],
      ['-q N', 'probes per hop (default 3)'],
      ['-w MAX,HERE,NEAR', 'how long to wait for a probe (default 5,3,10)'],
      ['-p PORT', 'first destination port (default 33434)'],
      ['-N N', 'probes in flight at once (default 16)'],
    ],
    notes:
      'Output follows traceroute 2.1.2. Waiting is on the lab clock: a silent hop costs 5 virtual seconds. Host names are not resolved.',
  },
  run(argv, ctx) {
    let o: Options;
    try {
      o = parseArgs(argv);
    } catch (e) {
      if (!(e instanceof TracerouteExit)) throw e;
      (e.toStdout ? ctx.stdout : ctx.stderr).write(e.text.endsWith('\n') ? e.text : `${e.text}\n`);
      return e.code;
    }
    const ns = ctx.netns;
    if (!ns) {
      ctx.stderr.write('socket: Address family not supported by protocol\n');
      return 1;
    }
    const dst = inetAton(o.host);
    if (dst === undefined) {
      ctx.stderr.write(
        `${o.host}: Temporary failure in name resolution\nCannot handle "host" cmdline arg \`${o.host}' on position 1 (argc ${o.hostArgc})\n`,
      );
      return 2;
    }
    return startTrace(o, ns, dst, ctx);
  },
};

/** One probe (struct probe). Times are virtual microseconds. */
interface Probe {
  sent: boolean;
  replied: boolean;
  sendTime: number;
  recvTime: number;
  done: boolean;
  final: boolean;
  from: Ipv4 | undefined;
  errStr: string;
  srcPort: number;
  /** UDP: the destination port; ICMP: the echo sequence number; TCP: the destination port. */
  dstPort: number;
}

function startTrace(o: Options, ns: Netns, dst: Ipv4, ctx: CommandContext): number | ProcBody {
  const dataLen = Math.max(0, (o.packetLen ?? HEADER_LEN + DEF_DATA_LEN) - HEADER_LEN);
  ctx.stdout.write(
    `traceroute to ${o.host} (${formatIpv4(dst)}), ${o.maxHops} hops max, ${HEADER_LEN + dataLen} byte packets`,
  );
  const r = routeOutput(ns, dst);
  if (!r.ok) {
    ctx.stderr.write(`\nconnect: ${STRERROR[r.errno]}\n`);
    return 1;
  }
  const trace = new Trace(o, ns, dst, r.value.src, dataLen, ctx);
  trace.capture = captureOpen(ns, undefined, (dev, frame, pkt) => {
    if (pkt !== 'outgoing' && pkt !== 'otherhost') trace.received(dev, frame);
  });
  return traceLoop(trace);
}

const u16 = (b: Uint8Array, at: number) => (b[at] << 8) | b[at + 1];
const u32 = (b: Uint8Array, at: number) =>
  ((b[at] << 24) | (b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3]) >>> 0;

/** The annotation traceroute prints for an ICMP destination unreachable code. */
function unreachMark(code: number, info: number): string {
  switch (code) {
    case 0:
    case 6:
    case 8:
    case 11:
      return '!N';
    case 1:
    case 7:
    case 12:
      return '!H';
    case 9:
    case 10:
    case 13:
      return '!X';
    case 2:
      return '!P';
    case 3:
      return '';
    case 4:
      return `!F-${info}`;
    case 5:
      return '!S';
    case 14:
      return '!V';
    case 15:
      return '!C';
    default:
      return `!<${code}>`;
  }
}

class Trace {
  readonly o: Options;
  readonly ns: Netns;
  readonly dst: Ipv4;
  readonly src: Ipv4;
  readonly dataLen: number;
  readonly ctx: CommandContext;
  readonly probes: Probe[];
  /** The ICMP method's echo identifier (traceroute's pid). */
  readonly ident: number;
  capture: Capture | undefined;

  constructor(o: Options, ns: Netns, dst: Ipv4, src: Ipv4, dataLen: number, ctx: CommandContext) {
    this.o = o;
    this.ns = ns;
    this.dst = dst;
    this.src = src;
    this.dataLen = dataLen;
    this.ctx = ctx;
    this.ident = o.method === 'icmp' ? ns.machine.rng.below(0x10000) : 0;
    this.probes = Array.from({ length: o.maxHops * o.nqueries }, () => ({
      sent: false,
      replied: false,
      sendTime: 0,
      recvTime: 0,
      done: false,
      final: false,
      from: undefined,
      errStr: '',
      srcPort: 0,
      dstPort: 0,
    }));
  }

  get now(): number {
    return this.ctx.now();
  }

  /** The probe of `index` with `ttl`: udp_send_probe, icmp_send_probe or tcp_send_probe. */
  send(index: number, ttl: number): void {
    const pb = this.probes[index];
    const w = this.ctx.world;
    const { src, dst, dataLen, o } = this;
    if (o.method === 'icmp') {
      pb.srcPort = this.ident;
      pb.dstPort = (o.port + index) & 0xffff;
    } else {
      pb.srcPort = 32768 + this.ns.machine.rng.below(61000 - 32768);
      pb.dstPort = o.method === 'tcp' ? o.port : (o.port + index) & 0xffff;
    }
    const id = newPacketId(w);
    pb.sent = true;
    pb.sendTime = this.now;
    const data = new Uint8Array(dataLen);
    for (let i = 0; i < dataLen; i++) data[i] = 0x40 + (i & 0x3f);
    let protocol: number;
    let len: number;
    let emit: (buf: Uint8Array) => void;
    if (o.method === 'icmp') {
      const repr = { kind: 'echoRequest' as const, id: pb.srcPort, seq: pb.dstPort, data };
      protocol = IpProtocol.ICMP;
      len = icmpBufferLen(repr);
      emit = (buf) => emitIcmp(repr, buf);
    } else if (o.method === 'tcp') {
      const repr = {
        srcPort: pb.srcPort,
        dstPort: pb.dstPort,
        seq: this.ns.machine.rng.nextU32(),
        ack: 0,
        flags: TcpFlag.SYN,
        window: 5840,
        urgent: 0,
        options: [],
        payloadLen: 0,
      };
      protocol = IpProtocol.TCP;
      len = tcpHeaderLen(repr);
      emit = (buf) => emitTcp(repr, buf, src, dst);
    } else {
      protocol = IpProtocol.UDP;
      len = 8 + dataLen;
      emit = (buf) => {
        buf.set(data, 8);
        emitUdp(
          { srcPort: pb.srcPort, dstPort: pb.dstPort, payloadLen: dataLen, checksum: 'full' },
          buf,
          src,
          dst,
        );
      };
    }
    // The UDP method sends from a UDP socket: its checksum is left to the device.
    if (protocol === IpProtocol.UDP) markPartial(w, id, 'outer');
    const r = ipSend(
      w,
      this.ns,
      dst,
      protocol,
      len,
      emit,
      { ttl, tos: 0, pmtudisc: 'dont', src },
      id,
    );
    if (!r.ok) {
      pb.done = true;
      pb.errStr = `!${r.errno}`;
    }
  }

  /** The probe a packet's ports (or ICMP id and sequence) name, if it is one of ours in flight. */
  private probeFor(protocol: number, l4: Uint8Array): Probe | undefined {
    const method = this.o.method;
    let sport: number;
    let dport: number;
    if (protocol === IpProtocol.ICMP && method === 'icmp') {
      if (l4[0] !== 8 && l4[0] !== 0) return undefined;
      sport = u16(l4, 4);
      dport = u16(l4, 6);
    } else if (
      (protocol === IpProtocol.UDP && method === 'udp') ||
      (protocol === IpProtocol.TCP && method === 'tcp')
    ) {
      sport = u16(l4, 0);
      dport = u16(l4, 2);
    } else return undefined;
    return this.probes.find((p) => p.sent && !p.done && p.srcPort === sport && p.dstPort === dport);
  }

  /**
   * recv_reply and the method's matching: an ICMP error quoting one of our probes, or (ICMP and
   * TCP methods) the target's own answer — an echo reply, a SYN-ACK or a RST.
   */
  received(dev: NetDevice, frame: Uint8Array): void {
    const l3 = dev.kind === 'tun' ? 0 : 14;
    if (l3 === 14 && (frame.length < 14 || u16(frame, 12) !== 0x0800)) return;
    const ip = frame.subarray(l3);
    if (ip.length < 20 || u32(ip, 16) !== this.src) return;
    const hl = (ip[0] & 0x0f) * 4;
    const l4 = ip.subarray(hl);
    const from = u32(ip, 12);
    if (ip[9] === IpProtocol.TCP && this.o.method === 'tcp' && from === this.dst) {
      if (l4.length < 14 || !(l4[13] & (TcpFlag.RST | TcpFlag.SYN))) return;
      // The answer comes back with the ports swapped.
      const swapped = Uint8Array.of(l4[2], l4[3], l4[0], l4[1]);
      this.reply(this.probeFor(IpProtocol.TCP, swapped), from, true, '');
      return;
    }
    if (ip[9] !== IpProtocol.ICMP || l4.length < 8) return;
    const type = l4[0];
    if (type === 0 && this.o.method === 'icmp' && from === this.dst) {
      const echo = Uint8Array.of(8, 0, 0, 0, l4[4], l4[5], l4[6], l4[7]);
      this.reply(this.probeFor(IpProtocol.ICMP, echo), from, true, '');
      return;
    }
    if ((type !== 3 && type !== 11) || l4.length < 8 + 28) return;
    const q = l4.subarray(8);
    const qhl = (q[0] & 0x0f) * 4;
    if (u32(q, 16) !== this.dst || q.length < qhl + 8) return;
    const pb = this.probeFor(q[9], q.subarray(qhl));
    this.reply(pb, from, type === 3, type === 3 ? unreachMark(l4[1], u16(l4, 6)) : '');
  }

  private reply(pb: Probe | undefined, from: Ipv4, final: boolean, errStr: string): void {
    if (!pb) return;
    pb.recvTime = this.now;
    pb.replied = true;
    pb.from = from;
    pb.done = true;
    if (final) {
      pb.final = true;
      pb.errStr = errStr;
    }
    this.ctx.wake();
  }

  /** get_timeout, in microseconds. */
  timeout(index: number): number {
    const o = this.o;
    const wait = o.waitSecs * 1_000_000;
    const scaled = (p: Probe, factor: number) => {
      const v = ((p.recvTime - p.sendTime) / 1_000_000 + DEF_WAIT_PREC) * factor * 1_000_000;
      return Math.min(v, wait);
    };
    if (o.hereFactor) {
      const first = index - (index % o.nqueries);
      for (let i = first; i < first + o.nqueries; i++) {
        const p = this.probes[i];
        if (p.replied && p.recvTime - p.sendTime > 0) return scaled(p, o.hereFactor);
      }
    }
    if (o.nearFactor) {
      for (let i = index + 1; i < this.probes.length; i++) {
        const p = this.probes[i];
        if (p.replied && p.recvTime - p.sendTime > 0) return scaled(p, o.nearFactor);
      }
    }
    return wait;
  }

  /** print_probe. */
  print(index: number): void {
    const o = this.o;
    const pb = this.probes[index];
    const np = index % o.nqueries;
    let out = '';
    if (np === 0) out += `\n${String(Math.floor(index / o.nqueries) + 1).padStart(2)} `;
    if (pb.from === undefined) out += ' *';
    else {
      let prn = np === 0;
      if (np) {
        let k = np;
        let p = index - 1;
        while (k && this.probes[p].from === undefined) {
          p--;
          k--;
        }
        if (!k || this.probes[p].from !== pb.from) prn = true;
      }
      if (prn) {
        const a = formatIpv4(pb.from);
        out += o.numeric ? ` ${a}` : ` ${a} (${a})`;
      }
    }
    if (pb.replied) out += `  ${((pb.recvTime - pb.sendTime) / 1000).toFixed(3)} ms`;
    if (pb.errStr) out += ` ${pb.errStr}`;
    this.ctx.stdout.write(out);
  }
}

/** do_it on the virtual clock. */
function* traceLoop(t: Trace): ProcBody {
  const o = t.o;
  const probes = t.probes;
  let start = (o.firstHop - 1) * o.nqueries;
  let end = probes.length;
  try {
    while (start < end) {
      let num = 0;
      let maxTime = 0;
      const now = t.now;
      for (let n = start; n < end; n++) {
        const pb = probes[n];
        if (n === start && !pb.done && pb.sent) {
          const expire = pb.sendTime + t.timeout(n);
          if (expire > now) maxTime = expire;
          else pb.done = true;
        }
        if (pb.done) {
          if (n === start) {
            t.print(n);
            start++;
          }
          if (pb.final) end = (Math.floor(n / o.nqueries) + 1) * o.nqueries;
          continue;
        }
        if (!pb.sent) {
          t.send(n, Math.floor(n / o.nqueries) + 1);
          if (pb.done) continue;
        }
        if (pb.sendTime > maxTime) maxTime = pb.sendTime;
        num++;
        if (num >= o.simProbes) break;
      }
      // do_poll(max_time - now): wait for a reply or until the first outstanding probe
      // expires; a zero timeout (just sent) returns at once and the next pass finds the expiry.
      if (maxTime > now) yield { until: maxTime };
    }
    t.ctx.stdout.write('\n');
  } catch (e) {
    if (t.capture) captureClose(t.capture);
    if (e instanceof Interrupt) t.ctx.stdout.write('\n');
    throw e;
  }
  if (t.capture) captureClose(t.capture);
  return 0;
}
