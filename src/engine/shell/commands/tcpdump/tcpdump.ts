/**
 * `tcpdump` 4.99.3 with libpcap 1.10.3, printing live in the terminal: option parsing and error
 * texts as tcpdump.c has them, the default device as pcap_findalldevs orders them (up and
 * running first, loopback after `any`), the banner lines on stderr, one line per packet as
 * format.ts prints it, `-c N`, and on Ctrl-C a newline on stdout and the three counters on
 * stderr (exit 0).
 *
 * Time stamps are the virtual clock read as a time of day: a lab starts at 00:00:00.000000.
 * A capture is a packet socket (kernel/capture.ts); the filter runs when the packet is seen, as
 * the kernel's BPF does ("received by filter" counts what it accepted), and the process is woken
 * to print. As libpcap does, outgoing copies on lo are dropped after the filter (lo shows each
 * packet once). `-i any` given by hand is LINUX_SLL2 (`eth0  Out IP …`); `any` picked by default
 * is LINUX_SLL, whose lines carry no interface.
 *
 * -t drops the time stamp, -tt prints seconds, -ttt the time since the previous line, -tttt a
 * date too (the lab's clock counts from 1970-01-01), -ttttt the time since the first line; -#
 * numbers the lines.
 *
 * Left out: -w and -r (the terminal cannot write or read files: the lab's pcap export writes
 * captures), -s (snapshot length is always 262144), name resolution.
 */
import { type Capture, captureClose, captureOpen } from '../../../kernel/capture';
import type { NetDevice } from '../../../kernel/device';
import type { Netns } from '../../../kernel/netns';
import type { Command, CommandContext } from '../../command';
import { Interrupt, type ProcBody } from '../../process';
import { compileFilter, type Filter } from './filter';
import {
  formatDate,
  formatPacket,
  formatTimestamp,
  type LinkName,
  type PrintFlags,
  type PrintPacket,
} from './format';

const VERSION = `tcpdump version 4.99.3
libpcap version 1.10.3 (with TPACKET_V3)
OpenSSL 3.0.19 27 Jan 2026
`;

const USAGE = `Usage: tcpdump [-AbdDefhHIJKlLnNOpqStuUvxX#] [ -B size ] [ -c count ] [--count]
\t\t[ -C file_size ] [ -E algo:secret ] [ -F file ] [ -G seconds ]
\t\t[ -i interface ] [ --immediate-mode ] [ -j tstamptype ]
\t\t[ -M secret ] [ --number ] [ --print ] [ -Q in|out|inout ]
\t\t[ -r file ] [ -s snaplen ] [ -T type ] [ --version ]
\t\t[ -V file ] [ -w file ] [ -W filecount ] [ -y datalinktype ]
\t\t[ --time-stamp-precision precision ] [ --micro ] [ --nano ]
\t\t[ -z postrotate-command ] [ -Z user ] [ expression ]
`;

/** getopt's option string of tcpdump 4.99.3 (letters followed by ':' take an argument). */
const OPTSTRING = 'aAbB:c:C:dDeE:fF:G:hHi:Ij:JKlLm:M:nNOpqQ:r:s:StT:uUvV:w:W:xXy:Yz:Z:#';

const LINK_TEXT: Record<LinkName, string> = {
  EN10MB: 'EN10MB (Ethernet)',
  RAW: 'RAW (Raw IP)',
  LINUX_SLL: 'LINUX_SLL (Linux cooked v1)',
  LINUX_SLL2: 'LINUX_SLL2 (Linux cooked v2)',
};

interface Options {
  device: string | undefined;
  count: number;
  flags: PrintFlags;
  t: number;
  /** -# / --number: each line starts with its number. */
  number: boolean;
  promisc: boolean;
  expression: string;
  /** -D: list the capture devices and exit. */
  listDevices: boolean;
}

/** A usage error: what goes to stderr and the exit status. */
class TcpdumpExit {
  readonly text: string;
  readonly code: number;
  readonly toStdout: boolean;
  constructor(text: string, code = 1, toStdout = false) {
    this.text = text;
    this.code = code;
    this.toStdout = toStdout;
  }
}

function usageError(first: string): TcpdumpExit {
  return new TcpdumpExit(`tcpdump: ${first}\n${VERSION}${USAGE}`);
}

function parseArgs(argv: string[]): Options {
  const o: Options = {
    device: undefined,
    count: 0,
    flags: { n: 0, e: false, v: 0, q: false, x: 0, X: 0, A: 0, S: false, seqs: new Map() },
    t: 0,
    number: false,
    promisc: true,
    expression: '',
    listDevices: false,
  };
  const operands: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      operands.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith('--')) {
      if (a === '--help') throw new TcpdumpExit(`${VERSION}${USAGE}`, 0, true);
      if (a === '--version') throw new TcpdumpExit(VERSION, 0, true);
      if (a === '--immediate-mode' || a === '--print' || a === '--micro') continue;
      if (a === '--number') {
        o.number = true;
        continue;
      }
      throw usageError(`unrecognized option '${a}'`);
    }
    if (!a.startsWith('-') || a === '-') {
      operands.push(a);
      continue;
    }
    for (let j = 1; j < a.length; j++) {
      const ch = a[j];
      const at = OPTSTRING.indexOf(ch);
      if (at < 0 || ch === ':') throw usageError(`invalid option -- '${ch}'`);
      let arg = '';
      if (OPTSTRING[at + 1] === ':') {
        if (j + 1 < a.length) arg = a.slice(j + 1);
        else if (i + 1 < argv.length) arg = argv[++i];
        else throw usageError(`option requires an argument -- '${ch}'`);
        j = a.length;
      }
      applyOption(o, ch, arg);
    }
  }
  o.expression = operands.join(' ');
  return o;
}

function applyOption(o: Options, ch: string, arg: string): void {
  const f = o.flags;
  switch (ch) {
    case 'i':
      o.device = arg;
      return;
    case 'c': {
      const n = /^\d+$/.test(arg) ? Number(arg) : 0;
      if (n <= 0 || n > 2147483647) throw new TcpdumpExit(`tcpdump: invalid packet count ${arg}`);
      o.count = n;
      return;
    }
    case 'n':
      f.n++;
      return;
    case 'e':
      f.e = true;
      return;
    case 'v':
      f.v++;
      return;
    case 'q':
      f.q = true;
      return;
    case 'x':
      f.x++;
      return;
    case 'X':
      f.X++;
      return;
    case 't':
      o.t++;
      return;
    case 'p':
      o.promisc = false;
      return;
    case 'S':
      f.S = true;
      return;
    case 'A':
      f.A++;
      return;
    case '#':
      o.number = true;
      return;
    case 'h':
      throw new TcpdumpExit(`${VERSION}${USAGE}`, 0, true);
    case 'w':
    case 'r':
      throw new TcpdumpExit(
        `tcpdump: -${ch} is not supported in the lab terminal: packets print live here; use the lab's pcap export to get a capture file`,
      );
    case 'D':
      o.listDevices = true;
      return;
    default:
      // -l -U -S -K -N -O -A -# … and options whose argument changes nothing here.
      return;
  }
}

/** get_figure_of_merit (libpcap 1.10): lower sorts first; `any` after the non-loopback devices. */
function figureOfMerit(dev: NetDevice | undefined): number {
  if (!dev) return 0x1fffffff;
  const digits = /\d+/.exec(dev.name);
  let n = digits ? Number(digits[0]) & 0x0fffffff : 0;
  if (!dev.adminUp) n += 0x80000000;
  if (!dev.running) n += 0x40000000;
  if (dev.kind === 'loopback') n += 0x20000000;
  return n;
}

/** pcap_findalldevs' first entry: the device tcpdump opens without -i (undefined = `any`). */
export function defaultDevice(ns: Netns): NetDevice | undefined {
  const all: (NetDevice | undefined)[] = [...ns.devices, undefined];
  let best: NetDevice | undefined;
  let bestMerit = Number.POSITIVE_INFINITY;
  for (const d of all) {
    const m = figureOfMerit(d);
    if (m < bestMerit) {
      best = d;
      bestMerit = m;
    }
  }
  return best;
}

function plural(n: number, what: string): string {
  return `${n} packet${n === 1 ? '' : 's'} ${what}`;
}

export const tcpdumpCommand: Command = {
  name: 'tcpdump',
  help: {
    summary: 'dump traffic on a network',
    usage: ['tcpdump [-enqvxXlp] [-c count] [-i interface|any] [expression]'],
    options: [
      ['-i IF', 'capture on interface IF, or on all of them with `any`'],
      ['-n, -nn', "don't convert addresses or ports to names"],
      ['-e', 'print the link-level header (MAC addresses, ethertype)'],
      ['-v, -vv', 'more detail: IP header fields, quoted datagrams, UDP checksums'],
      ['-c N', 'exit after N packets'],
      ['-q', 'quick (shorter) output'],
      ['-x, -X', 'print each packet in hex (and ASCII); doubled: with the link header'],
      [
        '-t',
        "don't print a time stamp (-tt seconds, -ttt delta, -tttt date, -ttttt since the first)",
      ],
      ['-A', 'print each packet in ASCII (-AA: with the link header)'],
      ['-#', 'number the lines'],
      ['-S', 'print absolute TCP sequence numbers'],
      ['-p', "don't put the interface in promiscuous mode"],
    ],
    notes:
      'Output follows tcpdump 4.99.3 / libpcap 1.10.3. Time stamps are the lab clock as a time of day (a lab starts at 00:00:00). Expressions: host, src/dst host, net N/len, port, src/dst port, portrange, ip, arp, icmp, udp, tcp, ether host, broadcast, packet bytes (icmp[icmptype] = icmp-echo, tcp[tcpflags] & tcp-syn != 0, len > 100), with and/or/not and parentheses. -w is not supported: use the pcap export. Ctrl-C stops it.',
  },
  run(argv, ctx) {
    let o: Options;
    try {
      o = parseArgs(argv);
    } catch (e) {
      if (!(e instanceof TcpdumpExit)) throw e;
      (e.toStdout ? ctx.stdout : ctx.stderr).write(e.text.endsWith('\n') ? e.text : `${e.text}\n`);
      return e.code;
    }
    const ns = ctx.netns;
    if (!ns) {
      ctx.stderr.write('tcpdump: no interfaces available for capture\n');
      return 1;
    }
    if (o.listDevices) {
      ctx.stdout.write(captureDevices(ns));
      return 0;
    }
    return startCapture(o, ns, ctx);
  },
};

function startCapture(o: Options, ns: Netns, ctx: CommandContext): number | ProcBody {
  const err = (text: string) => {
    ctx.stderr.write(`tcpdump: ${text}\n`);
    return 1;
  };
  let dev: NetDevice | undefined;
  let link: LinkName;
  let name: string;
  if (o.device === undefined) {
    dev = defaultDevice(ns);
    name = dev?.name ?? 'any';
    link = dev ? (dev.kind === 'tun' ? 'RAW' : 'EN10MB') : 'LINUX_SLL';
  } else if (o.device === 'any') {
    name = 'any';
    link = 'LINUX_SLL2';
  } else {
    dev = ns.byName(o.device);
    if (!dev) return err(`${o.device}: No such device exists\n(No such device exists)`);
    name = dev.name;
    link = dev.kind === 'tun' ? 'RAW' : 'EN10MB';
  }
  if (dev && !dev.adminUp) return err(`${name}: That device is not up`);
  if (o.device === 'any') ctx.stderr.write('tcpdump: data link type LINUX_SLL2\n');
  const compiled = compileFilter(o.expression);
  if (!compiled.ok) return err(compiled.error);
  const banner = `listening on ${name}, link-type ${LINK_TEXT[link]}, snapshot length 262144 bytes\n`;
  ctx.stderr.write(
    o.flags.v > 0
      ? `tcpdump: ${banner}`
      : `tcpdump: verbose output suppressed, use -v[v]... for full protocol decode\n${banner}`,
  );
  const run = new CaptureRun(o, link, compiled.filter, ctx);
  run.capture = captureOpen(ns, dev, (d, frame, pkt) => run.seen(d, frame, pkt), o.promisc);
  return captureLoop(run);
}

interface Queued {
  t: number;
  packet: PrintPacket;
}

class CaptureRun {
  readonly o: Options;
  readonly link: LinkName;
  readonly filter: Filter;
  readonly ctx: CommandContext;
  capture: Capture | undefined;
  readonly queue: Queued[] = [];
  received = 0;
  captured = 0;
  lastPrinted: number | undefined;
  /** The time -ttt / -ttttt count from. */
  reference: number | undefined;

  constructor(o: Options, link: LinkName, filter: Filter, ctx: CommandContext) {
    this.o = o;
    this.link = link;
    this.filter = filter;
    this.ctx = ctx;
  }

  /** The packet socket's receive path: filter, count, copy, wake the process. */
  seen(dev: NetDevice, frame: Uint8Array, pkttype: PrintPacket['pkttype']): void {
    const raw = dev.kind === 'tun';
    if (!this.filter({ frame, raw })) return;
    this.received++;
    if (dev.kind === 'loopback' && pkttype === 'outgoing') return;
    this.queue.push({
      t: this.ctx.now(),
      packet: {
        frame: frame.slice(),
        raw,
        ifname: dev.name,
        ifindex: dev.ifindex,
        loopback: dev.kind === 'loopback',
        pkttype,
      },
    });
    this.ctx.wake();
  }

  print(q: Queued): void {
    this.captured++;
    const num = this.o.number ? `${String(this.captured).padStart(5)}  ` : '';
    const ts = this.timestamp(q.t);
    this.ctx.stdout.write(`${num}${ts}${formatPacket(q.packet, this.link, this.o.flags)}\n`);
  }

  /** ts_print: -t none, -tt seconds, -ttt since the previous line, -tttt date, -ttttt since the first. */
  private timestamp(t: number): string {
    switch (this.o.t) {
      case 0:
        return `${formatTimestamp(t)} `;
      case 1:
        return '';
      case 2:
        return `${Math.floor(t / 1_000_000)}.${String(t % 1_000_000).padStart(6, '0')} `;
      case 4:
        return `${formatDate(t)} ${formatTimestamp(t)} `;
      default: {
        this.reference ??= t;
        const delta = t - this.reference;
        if (this.o.t === 3) this.reference = t;
        // 4.99 pads a time difference with a space in front ("  00:00:00.000022").
        return ` ${formatTimestamp(delta)} `;
      }
    }
  }

  summary(): void {
    this.ctx.stderr.write(
      `${plural(this.captured, 'captured')}\n${plural(this.received, 'received by filter')}\n0 packets dropped by kernel\n`,
    );
  }
}

function* captureLoop(run: CaptureRun): ProcBody {
  try {
    for (;;) {
      while (run.queue.length > 0) {
        const q = run.queue.shift() as Queued;
        run.print(q);
        if (run.o.count > 0 && run.captured >= run.o.count) {
          if (run.capture) captureClose(run.capture);
          run.summary();
          return 0;
        }
      }
      yield {};
    }
  } catch (e) {
    if (run.capture) captureClose(run.capture);
    if (!(e instanceof Interrupt)) throw e;
    run.ctx.stdout.write('\n');
    run.summary();
    return 0;
  }
}

/** The pseudo-devices Debian's libpcap 1.10.3 offers besides the namespace's interfaces. */
const PSEUDO_DEVICES: [string, string][] = [
  ['bluetooth-monitor (Bluetooth Linux Monitor)', 'Wireless'],
  ['nflog (Linux netfilter log (NFLOG) interface)', 'none'],
  ['nfqueue (Linux netfilter queue (NFQUEUE) interface)', 'none'],
  ['dbus-system (D-Bus system bus)', 'none'],
  ['dbus-session (D-Bus session bus)', 'none'],
];

/**
 * `tcpdump -D`: pcap_findalldevs' list — the interfaces (ifindex order), then `any` and the
 * pseudo-devices — sorted stably by libpcap's figure of merit: down after up, not running after
 * running, disconnected after the rest, loopback after the others.
 */
function captureDevices(ns: Netns): string {
  const rows: { text: string; merit: number }[] = [];
  for (const d of [...ns.devices].sort((a, b) => a.ifindex - b.ifindex)) {
    const up = d.adminUp;
    const running = up && d.running;
    const loop = d.kind === 'loopback';
    const flags = [up ? 'Up' : '', running ? 'Running' : '', loop ? 'Loopback' : ''].filter(
      Boolean,
    );
    let text = flags.length > 0 ? flags.join(', ') : 'none';
    const connected = d.carrier && up;
    if (!loop) text += connected ? ', Connected' : ', Disconnected';
    let merit = 0;
    if (!up) merit |= 0x80000000;
    if (!running) merit |= 0x40000000;
    if (!loop && !connected) merit |= 0x20000000;
    if (loop) merit |= 0x10000000;
    rows.push({ text: `${d.name} [${text}]`, merit: merit >>> 0 });
  }
  rows.push({
    text: 'any (Pseudo-device that captures on all interfaces) [Up, Running]',
    merit: 0,
  });
  for (const [name, flags] of PSEUDO_DEVICES)
    rows.push({ text: `${name} [${flags}]`, merit: 0xc0000000 });
  return rows
    .map((r, i) => ({ ...r, i }))
    .sort((a, b) => a.merit - b.merit || a.i - b.i)
    .map((r, n) => `${n + 1}.${r.text}\n`)
    .join('');
}
