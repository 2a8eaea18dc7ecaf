/**
 * iptables 1.8.9 output formats: rule specs (`-S`, iptables-save; xtables save functions),
 * listings (`-L`; print_header/print_firewall in iptables/nft-shared.c and the extensions'
 * print functions) and counters (xtables_print_num: K/M/G/T unless -x).
 */
import { formatIpv4 } from '../../../kernel/inet';
import {
  AddrType,
  type Chain,
  CtState,
  type Match,
  type NatRange,
  type Rule,
  type Target,
} from '../../../kernel/netfilter';
import { icmpTypeName, LOG_LEVEL_PRINT, PROTOCOL_NAMES, serviceName } from './names';

export interface ListFormat {
  numeric: boolean;
  verbose: boolean;
  exact: boolean;
  lineNumbers: boolean;
}

/** xtables_save_string: quoted unless only [A-Za-z0-9_-]. */
export function saveString(value: string): string {
  if (/^[A-Za-z0-9_-]+$/.test(value)) return ` ${value}`;
  return ` "${value.replace(/["\\']/g, (c) => `\\${c}`)}"`;
}

function maskLen(mask: number): number | undefined {
  for (let len = 0; len <= 32; len++) {
    if ((len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0) === mask) return len;
  }
  return undefined;
}

function saveAddr(addr: number, mask: number): string {
  const len = maskLen(mask);
  return `${formatIpv4(addr)}/${len ?? formatIpv4(mask)}`;
}

function protoName(num: number): string {
  return PROTOCOL_NAMES[num] ?? String(num);
}

const CT_ORDER: [string, number][] = [
  ['INVALID', CtState.INVALID],
  ['NEW', CtState.NEW],
  ['RELATED', CtState.RELATED],
  ['ESTABLISHED', CtState.ESTABLISHED],
  ['UNTRACKED', CtState.UNTRACKED],
  ['SNAT', CtState.SNAT],
  ['DNAT', CtState.DNAT],
];

function stateNames(bits: number): string {
  return CT_ORDER.filter(([, b]) => bits & b)
    .map(([n]) => n)
    .join(',');
}

function addrTypeNames(types: number): string {
  return Object.entries(AddrType)
    .filter(([, bit]) => types & (1 << bit))
    .map(([n]) => n)
    .join(',');
}

function portRange(lo: number, hi: number, sep: string): string {
  return lo === hi ? String(lo) : `${lo}${sep}${hi}`;
}

function natRange(r: NatRange): string {
  let s = '';
  if (r.addrLo !== undefined) {
    s = formatIpv4(r.addrLo);
    if (r.addrHi !== undefined && r.addrHi !== r.addrLo) s += `-${formatIpv4(r.addrHi)}`;
  }
  if (r.portLo !== undefined) s += `:${portRange(r.portLo, r.portHi ?? r.portLo, '-')}`;
  return s;
}

function matchSave(m: Match): string {
  const inv = (b: boolean) => (b ? ' !' : '');
  switch (m.kind) {
    case 'tcp':
    case 'udp': {
      let s = ` -m ${m.kind}`;
      if (m.sport) s += `${inv(m.sport.inv)} --sport ${portRange(m.sport.lo, m.sport.hi, ':')}`;
      if (m.dport) s += `${inv(m.dport.inv)} --dport ${portRange(m.dport.lo, m.dport.hi, ':')}`;
      return s;
    }
    case 'icmp': {
      if (m.type === 0xff) return ` -m icmp${inv(m.inv)} --icmp-type any`;
      const code = m.codeLo === 0 && m.codeHi === 0xff ? '' : `/${m.codeLo}`;
      return ` -m icmp${inv(m.inv)} --icmp-type ${m.type}${code}`;
    }
    case 'conntrack':
      return ` -m conntrack${inv(m.inv)} --ctstate ${stateNames(m.states)}`;
    case 'state':
      return ` -m state${inv(m.inv)} --state ${stateNames(m.states)}`;
    case 'addrtype': {
      let s = ' -m addrtype';
      if (m.src) s += `${inv(m.src.inv)} --src-type ${addrTypeNames(m.src.types)}`;
      if (m.dst) s += `${inv(m.dst.inv)} --dst-type ${addrTypeNames(m.dst.types)}`;
      if (m.limitIn) s += ' --limit-iface-in';
      if (m.limitOut) s += ' --limit-iface-out';
      return s;
    }
    case 'comment':
      return ` -m comment --comment${saveString(m.text)}`;
    case 'mark':
      return ` -m mark${inv(m.inv)} --mark ${markText(m.value, m.mask)}`;
    case 'multiport': {
      const opt = m.dir === 'src' ? 'sports' : m.dir === 'dst' ? 'dports' : 'ports';
      const list = m.ports.map((p) => portRange(p.lo, p.hi, ':')).join(',');
      return ` -m multiport${inv(m.inv)} --${opt} ${list}`;
    }
  }
}

function targetSave(t: Target): string {
  switch (t.kind) {
    case 'none':
      return '';
    case 'jump':
      return ` -j ${t.chain}`;
    case 'REJECT':
      return ` -j REJECT --reject-with ${t.with}`;
    case 'LOG': {
      let s = ' -j LOG';
      if (t.level !== 4) s += ` --log-level ${t.level}`;
      if (t.prefix !== undefined) s += ` --log-prefix${saveString(t.prefix)}`;
      return s;
    }
    case 'MASQUERADE': {
      let s = ' -j MASQUERADE';
      if (t.range.portLo !== undefined)
        s += ` --to-ports ${portRange(t.range.portLo, t.range.portHi ?? t.range.portLo, '-')}`;
      if (t.random) s += ' --random';
      if (t.randomFully) s += ' --random-fully';
      return s;
    }
    case 'SNAT':
    case 'DNAT': {
      const opt = t.kind === 'SNAT' ? 'to-source' : 'to-destination';
      let s = ` -j ${t.kind} --${opt} ${natRange(t.range)}`;
      if (t.random) s += ' --random';
      if (t.kind === 'SNAT' && t.randomFully) s += ' --random-fully';
      return s;
    }
    default:
      return ` -j ${t.kind}`;
  }
}

/** A rule as `-S` and iptables-save print it, after `-A CHAIN`. */
export function ruleSpec(rule: Rule): string {
  let s = '';
  const inv = (b: boolean) => (b ? ' !' : '');
  if (rule.src) s += `${inv(rule.src.inv)} -s ${saveAddr(rule.src.addr, rule.src.mask)}`;
  if (rule.dst) s += `${inv(rule.dst.inv)} -d ${saveAddr(rule.dst.addr, rule.dst.mask)}`;
  if (rule.inIface)
    s += `${inv(rule.inIface.inv)} -i ${rule.inIface.name}${rule.inIface.wildcard ? '+' : ''}`;
  if (rule.outIface)
    s += `${inv(rule.outIface.inv)} -o ${rule.outIface.name}${rule.outIface.wildcard ? '+' : ''}`;
  if (rule.proto && (rule.proto.num !== 0 || rule.proto.inv))
    s += `${inv(rule.proto.inv)} -p ${protoName(rule.proto.num)}`;
  for (const m of rule.matches) s += matchSave(m);
  s += targetSave(rule.target);
  return s;
}

/** `-A CHAIN [-c P B] SPEC` (the counters only with -S -v). */
export function ruleLine(chain: string, rule: Rule, counters: boolean): string {
  const c = counters ? ` -c ${rule.counters.packets} ${rule.counters.bytes}` : '';
  return `-A ${chain}${c}${ruleSpec(rule)}`;
}

/** xtables_print_num. `inTable` false gives the policy-line form (no padding). */
export function formatNum(n: number, f: ListFormat, inTable = true): string {
  if (f.exact) return inTable ? `${String(n).padStart(8)} ` : `${n} `;
  if (n <= 99999) return inTable ? `${String(n).padStart(5)} ` : `${n} `;
  const units = ['K', 'M', 'G', 'T'];
  let v = n;
  for (let u = 0; u < units.length; u++) {
    v = Math.floor((v + 500) / 1000);
    if (v <= 9999 || u === units.length - 1)
      return inTable ? `${String(v).padStart(4)}${units[u]} ` : `${v}${units[u]} `;
  }
  return `${n} `;
}

/** print_header: the column titles. */
export function listHeader(f: ListFormat): string {
  let s = '';
  if (f.lineNumbers) s += 'num  ';
  if (f.verbose) s += f.exact ? `${'pkts'.padStart(8)} ${'bytes'.padStart(10)} ` : ' pkts bytes ';
  s += `${'target'.padEnd(9)} `;
  s += ' prot opt';
  if (f.verbose) s += ` ${'in'.padEnd(6)} ${'out'.padEnd(6)} `;
  s += ` ${'source'.padEnd(19)} `;
  s += ` ${'destination'.padEnd(19)} `;
  return s;
}

/** The `Chain NAME (…)` line. */
export function chainTitle(c: Chain, refs: number, f: ListFormat): string {
  if (c.policy === undefined) return `Chain ${c.name} (${refs} references)`;
  if (!f.verbose) return `Chain ${c.name} (policy ${c.policy})`;
  const p = formatNum(c.policyCounters.packets, f, false);
  const b = formatNum(c.policyCounters.bytes, f, false);
  return `Chain ${c.name} (policy ${c.policy} ${p}packets, ${b}bytes)`;
}

function listAddr(addr: number, mask: number, numeric: boolean): string {
  if (mask === 0) return numeric ? '0.0.0.0/0' : 'anywhere';
  if (mask === 0xffffffff) {
    if (!numeric && addr === 0x7f000001) return 'localhost';
    return formatIpv4(addr);
  }
  const len = maskLen(mask);
  return `${formatIpv4(addr)}/${len ?? formatIpv4(mask)}`;
}

function port(p: number, numeric: boolean): string {
  return numeric ? String(p) : (serviceName(p) ?? String(p));
}

function listPorts(name: string, lo: number, hi: number, inv: boolean, numeric: boolean): string {
  if (lo === 0 && hi === 0xffff && !inv) return '';
  const i = inv ? '!' : '';
  if (lo === hi) return ` ${name}:${i}${port(lo, numeric)}`;
  return ` ${name}s:${i}${port(lo, numeric)}:${port(hi, numeric)}`;
}

function matchList(m: Match, numeric: boolean): string {
  switch (m.kind) {
    case 'tcp':
    case 'udp': {
      let s = ` ${m.kind}`;
      if (m.sport) s += listPorts('spt', m.sport.lo, m.sport.hi, m.sport.inv, numeric);
      if (m.dport) s += listPorts('dpt', m.dport.lo, m.dport.hi, m.dport.inv, numeric);
      return s;
    }
    case 'icmp': {
      if (!numeric) {
        const name = icmpTypeName(m.type, m.codeLo, m.codeHi);
        if (name) return ` icmp ${m.inv ? '!' : ''}${name}`;
      }
      let s = ` icmp${m.inv ? ' !' : ''}type ${m.type}`;
      if (m.codeLo === m.codeHi) s += ` code ${m.codeLo}`;
      else if (m.codeLo !== 0 || m.codeHi !== 0xff) s += ` codes ${m.codeLo}-${m.codeHi}`;
      return s;
    }
    case 'conntrack':
      return `${m.inv ? ' !' : ''} ctstate ${stateNames(m.states)}`;
    case 'state':
      return `${m.inv ? ' !' : ''} state ${stateNames(m.states)}`;
    case 'addrtype': {
      let s = ' ADDRTYPE match';
      if (m.src) s += ` src-type ${m.src.inv ? '!' : ''}${addrTypeNames(m.src.types)}`;
      if (m.dst) s += ` dst-type ${m.dst.inv ? '!' : ''}${addrTypeNames(m.dst.types)}`;
      if (m.limitIn) s += ' limit-in';
      if (m.limitOut) s += ' limit-out';
      return s;
    }
    case 'comment':
      return ` /* ${m.text} */`;
    case 'mark':
      return ` mark match ${m.inv ? '! ' : ''}${markText(m.value, m.mask)}`;
    case 'multiport': {
      const opt = m.dir === 'src' ? 'sports' : m.dir === 'dst' ? 'dports' : 'ports';
      const list = m.ports
        .map((p) =>
          p.lo === p.hi ? port(p.lo, numeric) : `${port(p.lo, numeric)}:${port(p.hi, numeric)}`,
        )
        .join(',');
      return ` multiport ${opt} ${m.inv ? '!' : ''}${list}`;
    }
  }
}

function targetList(t: Target, numeric: boolean): string {
  switch (t.kind) {
    case 'REJECT':
      return ` reject-with ${t.with}`;
    case 'LOG': {
      let s = numeric ? ` LOG flags 0 level ${t.level}` : ` LOG level ${LOG_LEVEL_PRINT[t.level]}`;
      if (t.prefix !== undefined) s += ` prefix "${t.prefix}"`;
      return s;
    }
    case 'MASQUERADE': {
      let s = '';
      if (t.range.portLo !== undefined)
        s += ` masq ports: ${portRange(t.range.portLo, t.range.portHi ?? t.range.portLo, '-')}`;
      if (t.random) s += ' random';
      if (t.randomFully) s += ' random-fully';
      return s;
    }
    case 'SNAT':
    case 'DNAT': {
      let s = ` to:${natRange(t.range)}`;
      if (t.random) s += ' random';
      if (t.kind === 'SNAT' && t.randomFully) s += ' random-fully';
      return s;
    }
    default:
      return '';
  }
}

export function targetLabel(t: Target): string {
  return t.kind === 'jump' ? t.chain : t.kind === 'none' ? '' : t.kind;
}

/** print_firewall: one rule row of `-L`. */
export function ruleRow(rule: Rule, num: number, f: ListFormat): string {
  let s = '';
  if (f.lineNumbers) s += `${String(num).padEnd(4)} `;
  if (f.verbose) s += formatNum(rule.counters.packets, f) + formatNum(rule.counters.bytes, f);
  s += `${targetLabel(rule.target).padEnd(9)} `;
  const proto = rule.proto?.num ?? 0;
  s += rule.proto?.inv ? '!' : ' ';
  s += (f.numeric ? String(proto) : proto === 0 ? 'all' : protoName(proto)).padEnd(5);
  s += '-- ';
  if (f.verbose) {
    const iface = (m: Rule['inIface']) =>
      m ? `${m.inv ? '!' : ''}${m.name}${m.wildcard ? '+' : ''}` : f.numeric ? '*' : 'any';
    s += ` ${iface(rule.inIface).padEnd(6)} ${iface(rule.outIface).padEnd(6)} `;
  }
  const addr = (a: Rule['src']) =>
    `${a?.inv ? '!' : ' '}${listAddr(a?.addr ?? 0, a?.mask ?? 0, f.numeric).padEnd(19)} `;
  s += addr(rule.src);
  s += addr(rule.dst);
  for (const m of rule.matches) s += matchList(m, f.numeric);
  s += targetList(rule.target, f.numeric);
  return s;
}

/**
 * The lab's wall clock for iptables-save: a fixed virtual epoch, Mon Jan 1 00:00:00 2024
 * (UTC), plus the virtual time, printed as ctime(3) does (`Mon Jan  1 00:00:00 2024`).
 */
export function labCtime(nowMicros: number): string {
  const epochDays = 19723; // 2024-01-01 in days since 1970-01-01
  const secs = Math.floor(nowMicros / 1_000_000);
  const days = epochDays + Math.floor(secs / 86400);
  const rem = secs % 86400;
  // civil_from_days (H. Hinnant).
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  const wd = ['Thu', 'Fri', 'Sat', 'Sun', 'Mon', 'Tue', 'Wed'][days % 7];
  const mon = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][
    m - 1
  ];
  const two = (n: number) => String(n).padStart(2, '0');
  const hms = `${two(Math.floor(rem / 3600))}:${two(Math.floor((rem % 3600) / 60))}:${two(rem % 60)}`;
  return `${wd} ${mon} ${String(d).padStart(2)} ${hms} ${y}`;
}

/** `0x4000/0x4000`, or `0x4000` when the mask is all ones (xt_mark's print and save). */
function markText(value: number, mask: number): string {
  const hex = (n: number) => `0x${n.toString(16)}`;
  return mask === 0xffffffff ? hex(value) : `${hex(value)}/${hex(mask)}`;
}
