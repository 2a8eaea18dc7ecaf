/**
 * `tc` from iproute2 6.1 (tc/tc.c, tc_qdisc.c, q_netem.c, lib/utils*.c), for root qdiscs:
 * `tc qdisc add|change|replace|del dev IF root netem …` and `tc [-s] qdisc show [dev IF]`.
 * Option parsing, argument errors and output are tc's own (time and rate parsing, psched
 * ticks, `%g` percentages, `sprint_size` backlogs, trailing spaces); the kernel's answers come
 * from kernel/qdisc.ts. netem's output lines are derived from q_netem.c (the reference kernel
 * has no sch_netem); default qdisc lines and every error path were recorded on Linux.
 *
 * Left out: classes, filters, actions, monitor, batch files, -json, stab/estimator, ingress and
 * clsact, qdisc kinds other than netem (their options are not parsed), and netem's duplicate,
 * corrupt, reorder/gap, slot, ecn, distribution tables and GI/GE loss models.
 */
import type { NetDevice } from '../../kernel/device';
import { formatNetlinkError, type KResult } from '../../kernel/errors';
import type { Netns } from '../../kernel/netns';
import {
  type NetemParams,
  type NetemRequest,
  type QdiscInfo,
  type QdiscVerb,
  qdiscDelete,
  qdiscInfo,
  qdiscModify,
  TC_H_ROOT,
} from '../../kernel/qdisc';
import type { Command, CommandContext } from '../command';
import { matches } from './ip/matches';

const TC_USAGE = `Usage:\ttc [ OPTIONS ] OBJECT { COMMAND | help }
\ttc [-force] -batch filename
where  OBJECT := { qdisc | class | filter | chain |
\t\t    action | monitor | exec }
       OPTIONS := { -V[ersion] | -s[tatistics] | -d[etails] | -r[aw] |
\t\t    -o[neline] | -j[son] | -p[retty] | -c[olor]
\t\t    -b[atch] [filename] | -n[etns] name | -N[umeric] |
\t\t     -nm | -nam[es] | { -cf | -conf } path
\t\t     -br[ief] }
`;

const QDISC_USAGE = `Usage: tc qdisc [ add | del | replace | change | show ] dev STRING
       [ handle QHANDLE ] [ root | ingress | clsact | parent CLASSID ]
       [ estimator INTERVAL TIME_CONSTANT ]
       [ stab [ help | STAB_OPTIONS] ]
       [ ingress_block BLOCK_INDEX ] [ egress_block BLOCK_INDEX ]
       [ [ QDISC_KIND ] [ help | OPTIONS ] ]

       tc qdisc { show | list } [ dev STRING ] [ QDISC_ID ] [ invisible ]
Where:
QDISC_KIND := { [p|b]fifo | tbf | prio | cbq | red | etc. }
OPTIONS := ... try tc qdisc add <desired QDISC_KIND> help
STAB_OPTIONS := ... try tc qdisc add stab help
QDISC_ID := { root | ingress | handle QHANDLE | parent CLASSID }
`;

const NETEM_USAGE = `Usage: ... netem [ limit PACKETS ]
                 [ delay TIME [ JITTER [CORRELATION]]]
                 [ distribution {uniform|normal|pareto|paretonormal} ]
                 [ corrupt PERCENT [CORRELATION]]
                 [ duplicate PERCENT [CORRELATION]]
                 [ loss random PERCENT [CORRELATION]]
                 [ loss state P13 [P31 [P32 [P23 P14]]]
                 [ loss gemodel PERCENT [R [1-H [1-K]]]
                 [ ecn ]
                 [ reorder PERCENT [CORRELATION] [ gap DISTANCE ]]
                 [ rate RATE [PACKETOVERHEAD] [CELLSIZE] [CELLOVERHEAD]]
                 [ slot MIN_DELAY [MAX_DELAY] [packets MAX_PACKETS] [bytes MAX_BYTES]]
                 [ slot distribution {uniform|normal|pareto|paretonormal|custom}
                   DELAY JITTER [packets MAX_PACKETS] [bytes MAX_BYTES]]
`;

const INCOMPLETE = 'Command line is not complete. Try option "help"';

/** Qdisc kinds tc 6.1 has an option parser for (tc/q_*.c). */
const KNOWN_KINDS = new Set([
  'atm',
  'cake',
  'cbq',
  'cbs',
  'choke',
  'clsact',
  'codel',
  'drr',
  'dsmark',
  'etf',
  'ets',
  'bfifo',
  'pfifo',
  'pfifo_head_drop',
  'pfifo_fast',
  'fq',
  'fq_codel',
  'fq_pie',
  'gred',
  'hfsc',
  'hhf',
  'htb',
  'ingress',
  'mqprio',
  'multiq',
  'netem',
  'pie',
  'plug',
  'prio',
  'qfq',
  'red',
  'rr',
  'sfb',
  'sfq',
  'skbprio',
  'taprio',
  'tbf',
]);

/** netem keywords tc parses that the lab does not simulate. */
const NETEM_UNSIMULATED = [
  'ecn',
  'reorder',
  'corrupt',
  'gap',
  'duplicate',
  'distribution',
  'slot',
] as const;

/** Global options in tc.c's matching order; true when it takes a value. */
const GLOBAL_OPTIONS: [string, boolean][] = [
  ['-stats', false],
  ['-statistics', false],
  ['-details', false],
  ['-raw', false],
  ['-pretty', false],
  ['-graph', false],
  ['-Version', false],
  ['-iec', false],
  ['-help', false],
  ['-force', false],
  ['-batch', true],
  ['-netns', true],
  ['-Numeric', false],
  ['-names', false],
  ['-nm', false],
  ['-cf', true],
  ['-conf', true],
  ['-color', false],
  ['-timestamp', false],
  ['-tshort', false],
  ['-json', false],
  ['-oneline', false],
  ['-brief', false],
];

/** A failure: text for stderr and tc's exit status (-1 → 255). */
class TcExit {
  readonly text: string;
  readonly code: number;
  constructor(text: string, code: number) {
    this.text = text;
    this.code = code;
  }
}

interface Tc {
  ctx: CommandContext;
  ns: Netns;
  stats: boolean;
}

/** A parsed C double prefix (strtod): the value and the unparsed rest, or undefined. */
function strtod(s: string): { value: number; rest: string } | undefined {
  const m = /^\s*[+-]?(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)/.exec(s);
  if (!m) return undefined;
  return { value: Number.parseFloat(m[0]), rest: s.slice(m[0].length) };
}

/** C's rint (round half to even). */
function rint(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** get_time: microseconds (TIME_UNITS_PER_SEC = 10⁶). */
function getTime(s: string): number | undefined {
  const d = strtod(s);
  if (!d) return undefined;
  let t = d.value;
  const unit = d.rest.toLowerCase();
  if (unit !== '') {
    if (unit === 's' || unit === 'sec' || unit === 'secs') t *= 1e6;
    else if (unit === 'ms' || unit === 'msec' || unit === 'msecs') t *= 1e3;
    else if (unit !== 'us' && unit !== 'usec' && unit !== 'usecs') return undefined;
  }
  if (t < 0) return undefined;
  return Math.trunc(t);
}

/** psched ticks per microsecond, from /proc/net/psched on the reference kernel (1000/64). */
const TICK_IN_USEC = 1000 / 64;

/** get_ticks: time → psched ticks, or the error text. */
function getTicks(s: string): number | string {
  const t = getTime(s);
  if (t === undefined) return '';
  if (t * TICK_IN_USEC >= 2 ** 32) return `Illegal ${t} time (too large)\n`;
  return Math.trunc(t * TICK_IN_USEC);
}

/** get_percent: a fraction scaled to u32, or undefined. */
function getPercent(s: string): number | undefined {
  const d = strtod(s);
  const per = d ? d.value / 100 : 0;
  if (per > 1 || per < 0) return undefined;
  if (d === undefined ? s !== '' && s !== '%' : d.rest !== '' && d.rest !== '%') return undefined;
  return rint(per * 0xffffffff);
}

const RATE_SUFFIXES: [string, number][] = [
  ['bit', 1],
  ['Kibit', 1024],
  ['kbit', 1000],
  ['mibit', 1024 * 1024],
  ['mbit', 1_000_000],
  ['gibit', 1024 ** 3],
  ['gbit', 1e9],
  ['tibit', 1024 ** 4],
  ['tbit', 1e12],
  ['Bps', 8],
  ['KiBps', 8 * 1024],
  ['KBps', 8000],
  ['MiBps', 8 * 1024 * 1024],
  ['MBps', 8_000_000],
  ['GiBps', 8 * 1024 ** 3],
  ['GBps', 8e9],
  ['TiBps', 8 * 1024 ** 4],
  ['TBps', 8e12],
];

/** get_rate64: bytes per second. */
function getRate64(s: string): number | undefined {
  const d = strtod(s);
  if (!d) return undefined;
  let bps = d.value;
  if (d.rest !== '') {
    const suffix = RATE_SUFFIXES.find(([n]) => n.toLowerCase() === d.rest.toLowerCase());
    if (!suffix) return undefined;
    bps *= suffix[1];
  }
  if (bps < 0) return undefined;
  return Math.floor(bps / 8);
}

/** get_size: bytes (or packets, for netem's limit). */
function getSize(s: string): number | undefined {
  const d = strtod(s);
  if (!d) return undefined;
  let sz = d.value;
  const unit = d.rest.toLowerCase();
  if (unit === 'kb' || unit === 'k') sz *= 1024;
  else if (unit === 'gb' || unit === 'g') sz *= 1024 ** 3;
  else if (unit === 'gbit') sz *= 1024 ** 3 / 8;
  else if (unit === 'mb' || unit === 'm') sz *= 1024 * 1024;
  else if (unit === 'mbit') sz *= (1024 * 1024) / 8;
  else if (unit === 'kbit') sz *= 1024 / 8;
  else if (unit !== '' && unit !== 'b') return undefined;
  if (sz < 0 || sz >= 2 ** 32) return undefined;
  return Math.trunc(sz);
}

/** A signed or unsigned C integer (get_s32/get_u32 with base 0). */
function getInt(s: string, signed: boolean): number | undefined {
  if (!/^[+-]?(0x[0-9a-f]+|0[0-7]*|[1-9]\d*)$/i.test(s)) return undefined;
  const neg = s.startsWith('-');
  const body = s.replace(/^[+-]/, '');
  const v = /^0x/i.test(body)
    ? Number.parseInt(body, 16)
    : body.length > 1 && body.startsWith('0')
      ? Number.parseInt(body, 8)
      : Number.parseInt(body, 10);
  const n = neg ? -v : v;
  if (signed ? n < -(2 ** 31) || n >= 2 ** 31 : neg || n >= 2 ** 32) return undefined;
  return n;
}

/** C printf's `%g` with the given precision. */
export function formatG(x: number, precision = 6): string {
  if (x === 0) return '0';
  const exp = Number(x.toExponential(precision - 1).split('e')[1]);
  if (exp < -4 || exp >= precision) {
    const [m, e] = x.toExponential(precision - 1).split('e');
    const mant = m.includes('.') ? m.replace(/\.?0+$/, '') : m;
    const n = Number(e);
    return `${mant}e${n < 0 ? '-' : '+'}${String(Math.abs(n)).padStart(2, '0')}`;
  }
  const fixed = x.toFixed(Math.max(0, precision - 1 - exp));
  return fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed;
}

/** sprint_time: microseconds as tc prints them. */
export function formatTime(us: number): string {
  if (us >= 1e6) return `${formatG(us / 1e6, 3)}s`;
  if (us >= 1e3) return `${formatG(us / 1e3, 3)}ms`;
  return `${us}us`;
}

/** print_rate: bytes per second as `1Mbit`, `100Kbit`, `1500Kbit`. */
export function formatRate(bytesPerSec: number): string {
  const units = ['', 'K', 'M', 'G', 'T'];
  let rate = bytesPerSec * 8;
  let i = 0;
  for (; i < units.length - 1; i++) {
    if (rate < 1000) break;
    if (rate % 1000 !== 0 && rate < 1000 * 1000) break;
    rate = Math.floor(rate / 1000);
  }
  return `${rate.toFixed(0)}${units[i]}bit`;
}

/** sprint_size: `0b`, `1514b`, `10Kb`, `32Mb`. */
export function formatSize(sz: number): string {
  const kilo = 1024;
  const mega = kilo * kilo;
  if (sz >= mega && Math.abs(mega * rint(sz / mega) - sz) < 1024)
    return `${formatG(rint(sz / mega))}Mb`;
  if (sz >= kilo && Math.abs(kilo * rint(sz / kilo) - sz) < 16)
    return `${formatG(rint(sz / kilo))}Kb`;
  return `${sz}b`;
}

/** __print_percent: a u32-scaled probability in percentage points. */
function formatPercent(per: number): string {
  return `${formatG((100 * per) / 0xffffffff)}%`;
}

/** psched ticks as `delay` prints them (sprint_ticks). */
function ticksText(ns: number): string {
  const ticks = Math.min(Math.floor(ns / 64), 0xffffffff);
  return formatTime(Math.trunc(ticks / TICK_IN_USEC));
}

/** netem_print_opt. */
function netemOptions(p: NetemParams): string {
  let s = `limit ${p.limit}`;
  if (p.latencyNs) {
    s += ` delay ${ticksText(p.latencyNs)}`;
    if (p.jitterNs) s += `  ${ticksText(p.jitterNs)}`;
    if (p.jitterNs && p.delayCorr) s += ` ${formatPercent(p.delayCorr)}`;
  }
  if (p.loss) {
    s += ` loss ${formatPercent(p.loss)}`;
    if (p.lossCorr) s += ` ${formatPercent(p.lossCorr)}`;
  }
  if (p.rate) {
    s += ` rate ${formatRate(p.rate)}`;
    if (p.packetOverhead) s += ` packetoverhead ${p.packetOverhead}`;
    if (p.cellSize) s += ` cellsize ${p.cellSize}`;
    if (p.cellOverhead) s += ` celloverhead ${p.cellOverhead}`;
  }
  return s;
}

/** print_qdisc: one qdisc, plus its statistics with -s. */
function formatQdisc(dev: NetDevice, q: QdiscInfo, showDev: boolean, stats: boolean): string {
  let s = `qdisc ${q.kind} ${(q.handle >>> 16).toString(16)}: `;
  if (showDev) s += `dev ${dev.name} `;
  s += 'root ';
  if (q.refcnt !== 1) s += `refcnt ${q.refcnt} `;
  switch (q.kind) {
    case 'netem':
      s += netemOptions(q.netem as NetemParams);
      break;
    case 'pfifo_fast':
      s += 'bands 3 priomap 1 2 2 2 1 2 0 0 1 1 1 1 1 1 1 1';
      break;
    case 'fq_codel':
      s +=
        `limit 10240p flows 1024 quantum ${dev.mtu + 14} target 5ms interval 100ms ` +
        'memory_limit 32Mb ecn drop_batch 64 ';
      break;
    default:
      break;
  }
  s += '\n';
  if (stats) {
    const st = q.stats;
    s +=
      ` Sent ${st.bytes} bytes ${st.packets} pkt (dropped ${st.drops}, overlimits ${st.overlimits} requeues ${st.requeues}) \n` +
      ` backlog ${formatSize(q.backlog)} ${q.qlen}p requeues ${st.requeues}\n`;
    if (q.kind === 'fq_codel') {
      s +=
        '  maxpacket 0 drop_overlimit 0 new_flow_count 0 ecn_mark 0\n' +
        '  new_flows_len 0 old_flows_len 0\n';
    }
  }
  return s;
}

/** tc_qdisc_list. */
function qdiscList(tc: Tc, argv: string[]): number {
  let devName: string | undefined;
  let filterParent = 0;
  let filterHandle = 0;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === 'dev') {
      if (++i >= argv.length) throw new TcExit(INCOMPLETE, 255);
      devName = argv[i];
    } else if (a === 'root' || a === 'ingress' || a === 'clsact' || matches(a, 'parent')) {
      if (filterParent) throw invarg('parent is already specified', a);
      if (filterHandle) throw invarg('handle is already specified', a);
      if (a === 'root') filterParent = TC_H_ROOT;
      else if (a === 'ingress' || a === 'clsact') filterParent = 0xfffffff1;
      else {
        if (++i >= argv.length) throw new TcExit(INCOMPLETE, 255);
        const id = classid(argv[i]);
        if (id === undefined) throw invarg('invalid parent ID', argv[i]);
        filterParent = id;
      }
    } else if (matches(a, 'handle')) {
      if (filterParent) throw invarg('parent is already specified', a);
      if (filterHandle) throw invarg('handle is already specified', a);
      if (++i >= argv.length) throw new TcExit(INCOMPLETE, 255);
      const h = qdiscHandle(argv[i]);
      if (h === undefined) throw invarg('invalid handle ID', argv[i]);
      filterHandle = h;
    } else if (matches(a, 'help')) {
      tc.ctx.stderr.write(QDISC_USAGE);
    } else if (a !== 'invisible') {
      throw new TcExit(`What is "${a}"? Try "tc qdisc help".`, 255);
    }
  }
  let devs = tc.ns.devices;
  if (devName !== undefined) {
    const dev = tc.ns.byName(devName);
    if (!dev) throw new TcExit(`Cannot find device "${devName}"`, 1);
    devs = [dev];
  }
  let out = '';
  for (const dev of devs) {
    const q = qdiscInfo(dev);
    if (!q) continue;
    if (filterHandle && filterHandle !== q.handle) continue;
    if (filterParent && filterParent !== TC_H_ROOT) continue;
    out += formatQdisc(dev, q, devName === undefined, tc.stats);
  }
  tc.ctx.stdout.write(out);
  return 0;
}

function invarg(msg: string, arg: string): TcExit {
  return new TcExit(`Error: argument "${arg}" is wrong: ${msg}`, 255);
}

function duparg(key: string, arg: string): TcExit {
  return new TcExit(`Error: duplicate "${key}": "${arg}" is the second value.`, 255);
}

/** get_qdisc_handle: `1:`, `8001`, `none`. */
function qdiscHandle(s: string): number | undefined {
  if (s === 'none') return 0;
  const m = /^([0-9a-fA-F]+)(:.*)?$/.exec(s);
  if (!m) return undefined;
  const maj = Number.parseInt(m[1], 16);
  if (maj >= 0x10000) return undefined;
  return maj * 0x10000;
}

/** get_tc_classid: `root`, `none`, `1:`, `1:2`, `:2`. */
function classid(s: string): number | undefined {
  if (s === 'root') return TC_H_ROOT;
  if (s === 'none') return 0;
  const m = /^([0-9a-fA-F]*)(?::([0-9a-fA-F]*))?$/.exec(s);
  if (!m || (m[1] === '' && m[2] === undefined)) return undefined;
  const maj = m[1] === '' ? 0 : Number.parseInt(m[1], 16);
  if (m[2] === undefined) return maj >>> 0;
  const min = m[2] === '' ? 0 : Number.parseInt(m[2], 16);
  if (maj >= 0x10000 || min >= 0x10000) return undefined;
  return (maj * 0x10000 + min) >>> 0;
}

/** netem_parse_opt. */
function netemParse(argv: string[], devName: string | undefined): NetemRequest {
  const r: NetemRequest = { limit: 1000, latency: 0, jitter: 0, loss: 0 };
  const corr = { delay: 0, loss: 0, dup: 0 };
  let corrPresent = false;
  const next = (i: number): number => {
    if (i + 1 >= argv.length) throw new TcExit(INCOMPLETE, 255);
    return i + 1;
  };
  const nextIsNumber = (i: number): boolean => i + 1 < argv.length && /^\d/.test(argv[i + 1]);
  const illegal = (what: string, pre = ''): TcExit => new TcExit(`${pre}Illegal "${what}"`, 1);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (matches(a, 'limit')) {
      i = next(i);
      const n = getSize(argv[i]);
      if (n === undefined) throw illegal('limit');
      r.limit = n;
    } else if (matches(a, 'latency') || matches(a, 'delay')) {
      i = next(i);
      const lat = getTicks(argv[i]);
      if (typeof lat === 'string') throw illegal('latency', lat);
      r.latency = lat;
      if (nextIsNumber(i)) {
        i = next(i);
        const jit = getTicks(argv[i]);
        if (typeof jit === 'string') throw illegal('latency', jit);
        r.jitter = jit;
        if (nextIsNumber(i)) {
          i = next(i);
          corrPresent = true;
          const c = getPercent(argv[i]);
          if (c === undefined) throw illegal('latency');
          corr.delay = c;
        }
      }
    } else if (matches(a, 'loss') || matches(a, 'drop')) {
      if (r.loss > 0) throw illegal('duplicate loss argument\n');
      i = next(i);
      if (!/^\d/.test(argv[i])) {
        if (argv[i] === 'state' || argv[i] === 'gemodel')
          throw new TcExit(`tc: netem loss ${argv[i]}: not simulated in cnlab yet`, 1);
        if (argv[i] !== 'random') throw new TcExit(`Unknown loss parameter: ${argv[i]}`, 1);
        i = next(i);
      }
      const loss = getPercent(argv[i]);
      if (loss === undefined) throw illegal('loss percent');
      r.loss = loss;
      if (nextIsNumber(i)) {
        i = next(i);
        corrPresent = true;
        const c = getPercent(argv[i]);
        if (c === undefined) throw illegal('loss correlation');
        corr.loss = c;
      }
    } else if (matches(a, 'rate')) {
      i = next(i);
      if (argv[i].includes('%')) {
        // get_percent_rate64 reads the link speed, which no lab device reports.
        if (devName === undefined)
          throw new TcExit(
            'No device specified; specify device to rate limit by percentage\nIllegal "rate"',
            1,
          );
        throw illegal('rate', `fopen /sys/class/net/${devName}/speed: No such file or directory\n`);
      }
      const rate = getRate64(argv[i]);
      if (rate === undefined) throw illegal('rate');
      const spec = { rate, packetOverhead: 0, cellSize: 0, cellOverhead: 0 };
      const signedNext = (): boolean => i + 1 < argv.length && /^[\d-]/.test(argv[i + 1]);
      if (signedNext()) {
        i = next(i);
        const v = getInt(argv[i], true);
        if (v === undefined) throw illegal('rate');
        spec.packetOverhead = v;
      }
      if (nextIsNumber(i)) {
        i = next(i);
        const v = getInt(argv[i], false);
        if (v === undefined) throw illegal('rate');
        spec.cellSize = v;
      }
      if (signedNext()) {
        i = next(i);
        const v = getInt(argv[i], true);
        if (v === undefined) throw illegal('rate');
        spec.cellOverhead = v;
      }
      r.rate = spec;
    } else {
      const unsimulated = NETEM_UNSIMULATED.find((k) => matches(a, k));
      if (unsimulated) throw new TcExit(`tc: netem ${unsimulated}: not simulated in cnlab yet`, 1);
      const what = a === 'help' ? '' : `What is "${a}"?\n`;
      throw new TcExit(`${what}${NETEM_USAGE.slice(0, -1)}`, 1);
    }
  }
  if (corrPresent) r.corr = corr;
  return r;
}

/** tc_qdisc_modify for add/change/replace/delete. */
function qdiscModifyCmd(tc: Tc, verb: QdiscVerb | 'delete', argv: string[]): number {
  let devName: string | undefined;
  let handle = 0;
  let parent = 0;
  let kind: string | undefined;
  let netem: NetemRequest | undefined;
  let i = 0;
  for (; i < argv.length; i++) {
    const a = argv[i];
    if (a === 'dev') {
      if (++i >= argv.length) throw new TcExit(INCOMPLETE, 255);
      if (devName !== undefined) throw duparg('dev', argv[i]);
      devName = argv[i];
    } else if (a === 'handle') {
      if (handle) throw duparg('handle', a);
      if (++i >= argv.length) throw new TcExit(INCOMPLETE, 255);
      const h = qdiscHandle(argv[i]);
      if (h === undefined) throw invarg('invalid qdisc ID', argv[i]);
      handle = h;
    } else if (a === 'root') {
      if (parent) throw new TcExit('Error: "root" is duplicate parent ID', 255);
      parent = TC_H_ROOT;
    } else if (a === 'parent') {
      if (++i >= argv.length) throw new TcExit(INCOMPLETE, 255);
      if (parent) throw duparg('parent', argv[i]);
      const id = classid(argv[i]);
      if (id === undefined) throw invarg('invalid parent ID', argv[i]);
      parent = id;
    } else if (
      a === 'ingress' ||
      a === 'clsact' ||
      matches(a, 'estimator') ||
      matches(a, 'stab') ||
      matches(a, 'ingress_block') ||
      matches(a, 'egress_block')
    ) {
      throw new TcExit(`tc: qdisc ${a}: not simulated in cnlab yet`, 1);
    } else if (matches(a, 'help')) {
      tc.ctx.stderr.write(QDISC_USAGE);
    } else {
      kind = a;
      i++;
      break;
    }
  }
  const rest = argv.slice(i);
  if (kind === 'netem') netem = netemParse(rest, devName);
  else if (kind !== undefined && KNOWN_KINDS.has(kind))
    throw new TcExit(`tc: qdisc ${kind}: not simulated in cnlab yet (only netem)`, 1);
  else if (kind !== undefined && rest.length > 0)
    throw new TcExit(`Unknown qdisc "${kind}", hence option "${rest[0]}" is unparsable`, 1);
  let dev: NetDevice | undefined;
  if (devName !== undefined) {
    dev = tc.ns.byName(devName);
    if (!dev) throw new TcExit(`Cannot find device "${devName}"`, 1);
  }
  if (!dev) throw new TcExit('RTNETLINK answers: No such device', 2);
  const w = tc.ctx.world;
  let r: KResult;
  if (verb === 'delete') r = qdiscDelete(w, dev, { parent, handle, kind });
  else r = qdiscModify(w, dev, { verb, parent, handle, kind, netem });
  if (!r.ok) throw new TcExit(formatNetlinkError(r.error), 2);
  w.changed();
  return 0;
}

function doQdisc(tc: Tc, argv: string[]): number {
  if (argv.length === 0) return qdiscList(tc, []);
  const [verb, ...rest] = argv;
  if (matches(verb, 'add')) return qdiscModifyCmd(tc, 'add', rest);
  if (matches(verb, 'change')) return qdiscModifyCmd(tc, 'change', rest);
  if (matches(verb, 'replace')) return qdiscModifyCmd(tc, 'replace', rest);
  if (matches(verb, 'link')) throw new TcExit('tc qdisc link: not simulated in cnlab yet', 1);
  if (matches(verb, 'delete')) return qdiscModifyCmd(tc, 'delete', rest);
  if (matches(verb, 'list') || matches(verb, 'show') || matches(verb, 'lst'))
    return qdiscList(tc, rest);
  if (matches(verb, 'help')) {
    tc.ctx.stderr.write(QDISC_USAGE);
    return 0;
  }
  throw new TcExit(`Command "${verb}" is unknown, try "tc qdisc help".`, 255);
}

const OBJECTS = ['qdisc', 'class', 'filter', 'chain', 'actions', 'monitor', 'exec'] as const;

export function runTc(argv: string[], ctx: CommandContext): number {
  if (!ctx.machine || !ctx.netns) {
    ctx.stderr.write('tc: not available in the lab console\n');
    return 1;
  }
  const tc: Tc = { ctx, ns: ctx.netns, stats: false };
  try {
    let i = 0;
    for (; i < argv.length && argv[i].startsWith('-'); i++) {
      const opt = argv[i];
      const found = GLOBAL_OPTIONS.find(([o]) => matches(opt, o));
      if (!found) throw new TcExit(`Option "${opt}" is unknown, try "tc -help".`, 255);
      const [name, takesValue] = found;
      let value: string | undefined;
      if (takesValue) {
        if (++i >= argv.length) {
          if (name === '-batch') break;
          throw new TcExit(INCOMPLETE, 255);
        }
        value = argv[i];
      }
      switch (name) {
        case '-stats':
        case '-statistics':
          tc.stats = true;
          break;
        case '-Version':
          ctx.stdout.write('tc utility, iproute2-6.1.0, libbpf 1.1.2\n');
          return 0;
        case '-help':
          ctx.stderr.write(TC_USAGE);
          return 0;
        case '-netns': {
          const target = ctx.machine.named.get(value as string);
          if (!target)
            throw new TcExit(
              `Cannot open network namespace "${value}": No such file or directory`,
              255,
            );
          tc.ns = target;
          break;
        }
        case '-json':
        case '-pretty':
        case '-batch':
          throw new TcExit(`tc ${name}: not simulated in cnlab yet`, 1);
        default:
          break;
      }
    }
    const rest = argv.slice(i);
    if (rest.length === 0) {
      ctx.stderr.write(TC_USAGE);
      return 0;
    }
    const object = OBJECTS.find((o) => matches(rest[0], o));
    if (object === 'qdisc') return doQdisc(tc, rest.slice(1));
    if (matches(rest[0], 'help')) {
      ctx.stderr.write(TC_USAGE);
      return 0;
    }
    if (object) throw new TcExit(`tc ${object}: not simulated in cnlab yet`, 1);
    throw new TcExit(`Object "${rest[0]}" is unknown, try "tc help".`, 255);
  } catch (e) {
    if (!(e instanceof TcExit)) throw e;
    if (e.text !== '') ctx.stderr.write(`${e.text}\n`);
    return e.code;
  }
}

/** Whether a `tc` line changes the lab: `qdisc` with add/change/replace/link/delete. */
export function tcMutates(argv: string[]): boolean {
  let i = 0;
  while (i < argv.length && argv[i].startsWith('-')) {
    const found = GLOBAL_OPTIONS.find(([o]) => matches(argv[i], o));
    i += found?.[1] ? 2 : 1;
  }
  if (!matches(argv[i], 'qdisc')) return false;
  const verb = argv[i + 1];
  return ['add', 'change', 'replace', 'link', 'delete'].some((v) => matches(verb, v));
}

export const tcCommand: Command = {
  name: 'tc',
  help: {
    summary: 'show and change traffic control: netem delay, loss and rate (iproute2)',
    usage: [
      'tc [ -s ] qdisc show [ dev IF ]',
      'tc qdisc { add | change | replace } dev IF root netem [ limit N ] [ delay TIME [ JITTER [ CORR ] ] ] [ loss [ random ] PERCENT [ CORR ] ] [ rate RATE ]',
      'tc qdisc del dev IF root',
    ],
    notes:
      'Examples: tc qdisc add dev eth0 root netem delay 100ms 10ms loss 5%; tc -s qdisc show dev eth0. ' +
      'Only netem on the root of a device is simulated; frames leave in time-to-send order, so jitter reorders as on Linux.',
  },
  mutates: tcMutates,
  run: runTc,
  complete: (before, partial, ctx) => {
    const words = before.filter((w) => !w.startsWith('-'));
    let options: string[] = [];
    if (words.length === 0) options = ['qdisc'];
    else if (words.length === 1) options = ['show', 'add', 'change', 'replace', 'del'];
    else if (words[words.length - 1] === 'dev')
      options = ctx.netns?.devices.map((d) => d.name) ?? [];
    else options = ['dev', 'root', 'netem', 'delay', 'loss', 'rate', 'limit'];
    return options.filter((o) => o.startsWith(partial));
  },
};
