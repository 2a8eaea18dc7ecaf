/**
 * iptables 1.8.9 command-line parsing (iptables/xshared.c do_parse, getopt_long semantics):
 * clustered short options (`-nvL`), long options by unique prefix (`--dp` = `--dport`), `!`
 * before an option inverts it, optional chain/rule-number arguments taken only from the next
 * word when it does not start with `-`, match options available once `-m NAME` (or `-p tcp`
 * for its implicit match) loaded them, target options once `-j TARGET` did.
 *
 * Errors are values with the exit status iptables uses: 2 for parameter problems (with the
 * "Try `iptables -h'" line), 1 for other problems.
 */
import { maskOf, parseIpv4 } from '../../../kernel/inet';
import {
  AddrType,
  type AddrTypeName,
  CtState,
  type IfaceMatch,
  type Match,
  type NatRange,
  type PortRange,
  type RejectWith,
  type Rule,
  TABLE_NAMES,
  type TableName,
  type Target,
} from '../../../kernel/netfilter';
import { icmpTypeByName, logLevel, protocolNumber, servicePort } from './names';

export const PROG = 'iptables v1.8.9 (nf_tables)';
const TRY = "Try `iptables -h' or 'iptables --help' for more information.";

export interface IptError {
  text: string;
  code: number;
}

/** xtables_error(PARAMETER_PROBLEM, …). `extraBlank` for messages that end in "\n". */
export function paramProblem(msg: string, extraBlank = false): IptError {
  return { text: `${PROG}: ${msg}\n${extraBlank ? '\n' : ''}${TRY}\n`, code: 2 };
}

function badArgument(arg: string): IptError {
  return { text: `Bad argument \`${arg}'\n${TRY}\n`, code: 2 };
}

export type IptCommand =
  | 'A'
  | 'C'
  | 'D'
  | 'R'
  | 'I'
  | 'L'
  | 'S'
  | 'F'
  | 'Z'
  | 'N'
  | 'X'
  | 'E'
  | 'P';

/** A rule as parsed, before the target name is resolved against the table. */
export interface RuleSpec {
  rule: Omit<Rule, 'target'>;
  /** `-j NAME` as given (undefined: no target). */
  jump?: string;
  target: Target;
  /** Unparsed -s/-d (parsed after the option loop, as iptables does). */
  srcText?: string;
  dstText?: string;
  srcInv: boolean;
  dstInv: boolean;
}

export interface IptArgs {
  table: TableName;
  command?: IptCommand;
  /** `-L -Z`: zero after listing. */
  zeroToo: boolean;
  chain?: string;
  rulenum?: number;
  newName?: string;
  policy?: string;
  spec: RuleSpec;
  numeric: boolean;
  verbose: boolean;
  exact: boolean;
  lineNumbers: boolean;
  counters?: [number, number];
  version: boolean;
  help: boolean;
}

type ArgKind = 'none' | 'required' | 'optional';

interface OptDef {
  long: string;
  short?: string;
  arg: ArgKind;
}

const BASE_OPTS: OptDef[] = [
  { long: 'append', short: 'A', arg: 'required' },
  { long: 'check', short: 'C', arg: 'required' },
  { long: 'delete', short: 'D', arg: 'required' },
  { long: 'insert', short: 'I', arg: 'required' },
  { long: 'replace', short: 'R', arg: 'required' },
  { long: 'list', short: 'L', arg: 'optional' },
  { long: 'list-rules', short: 'S', arg: 'optional' },
  { long: 'flush', short: 'F', arg: 'optional' },
  { long: 'zero', short: 'Z', arg: 'optional' },
  { long: 'new-chain', short: 'N', arg: 'required' },
  { long: 'delete-chain', short: 'X', arg: 'optional' },
  { long: 'rename-chain', short: 'E', arg: 'required' },
  { long: 'policy', short: 'P', arg: 'required' },
  { long: 'protocol', short: 'p', arg: 'required' },
  { long: 'source', short: 's', arg: 'required' },
  { long: 'src', short: 's', arg: 'required' },
  { long: 'destination', short: 'd', arg: 'required' },
  { long: 'dst', short: 'd', arg: 'required' },
  { long: 'in-interface', short: 'i', arg: 'required' },
  { long: 'out-interface', short: 'o', arg: 'required' },
  { long: 'jump', short: 'j', arg: 'required' },
  { long: 'goto', short: 'g', arg: 'required' },
  { long: 'match', short: 'm', arg: 'required' },
  { long: 'table', short: 't', arg: 'required' },
  { long: 'numeric', short: 'n', arg: 'none' },
  { long: 'verbose', short: 'v', arg: 'none' },
  { long: 'exact', short: 'x', arg: 'none' },
  { long: 'line-numbers', arg: 'none' },
  { long: 'fragment', short: 'f', arg: 'none' },
  { long: 'set-counters', short: 'c', arg: 'required' },
  { long: 'wait', short: 'w', arg: 'optional' },
  { long: 'wait-interval', short: 'W', arg: 'required' },
  { long: 'version', short: 'V', arg: 'none' },
  { long: 'help', short: 'h', arg: 'none' },
  { long: 'modprobe', arg: 'required' },
  { long: 'ipv4', short: '4', arg: 'none' },
  { long: 'ipv6', short: '6', arg: 'none' },
];

/** --sport/--dport of the tcp and udp matches (with the canonical name). */
const PORT_OPTS: [string, ArgKind, string?][] = [
  ['source-port', 'required', 'sport'],
  ['sport', 'required', 'sport'],
  ['destination-port', 'required', 'dport'],
  ['dport', 'required', 'dport'],
];

/** Options of the match extensions the lab has (canonical name first). */
const MATCH_OPTS: Record<string, [string, ArgKind, string?][]> = {
  tcp: PORT_OPTS,
  udp: PORT_OPTS,
  icmp: [['icmp-type', 'required']],
  conntrack: [['ctstate', 'required']],
  state: [['state', 'required']],
  addrtype: [
    ['src-type', 'required'],
    ['dst-type', 'required'],
    ['limit-iface-in', 'none'],
    ['limit-iface-out', 'none'],
  ],
  comment: [['comment', 'required']],
  mark: [['mark', 'required']],
  multiport: [
    ['source-ports', 'required', 'sports'],
    ['sports', 'required', 'sports'],
    ['destination-ports', 'required', 'dports'],
    ['dports', 'required', 'dports'],
    ['ports', 'required', 'ports'],
  ],
};

const TARGET_OPTS: Record<string, [string, ArgKind][]> = {
  REJECT: [['reject-with', 'required']],
  LOG: [
    ['log-level', 'required'],
    ['log-prefix', 'required'],
  ],
  MASQUERADE: [
    ['to-ports', 'required'],
    ['random', 'none'],
    ['random-fully', 'none'],
  ],
  SNAT: [
    ['to-source', 'required'],
    ['random', 'none'],
    ['random-fully', 'none'],
    ['persistent', 'none'],
  ],
  DNAT: [
    ['to-destination', 'required'],
    ['random', 'none'],
    ['persistent', 'none'],
  ],
};

/** Real extensions the lab does not simulate: a clear message instead of a wrong answer. */
const UNSIMULATED_MATCHES = new Set([
  'connmark',
  'set',
  'limit',
  'physdev',
  'mac',
  'recent',
  'owner',
  'iprange',
  'length',
  'ttl',
  'string',
  'hashlimit',
  'statistic',
  'socket',
  'policy',
  'rpfilter',
  'pkttype',
  'connlimit',
  'tos',
  'dscp',
  'sctp',
  'esp',
  'ah',
  'u32',
  'bpf',
  'cgroup',
  'devgroup',
  'helper',
  'realm',
  'time',
  'quota',
  'udplite',
  'dccp',
  'mh',
  'nfacct',
]);
export const UNSIMULATED_TARGETS = new Set([
  'MARK',
  'CONNMARK',
  'CT',
  'NOTRACK',
  'TPROXY',
  'REDIRECT',
  'NFQUEUE',
  'QUEUE',
  'TCPMSS',
  'CHECKSUM',
  'TOS',
  'DSCP',
  'TTL',
  'SET',
  'NFLOG',
  'ULOG',
  'TRACE',
  'NETMAP',
  'CLASSIFY',
  'AUDIT',
  'SECMARK',
  'CONNSECMARK',
  'IDLETIMER',
  'LED',
]);
/** Targets with a meaning of their own (anything else after -j is a chain). */
export const STANDARD_TARGETS = new Set(['ACCEPT', 'DROP', 'RETURN']);
export const EXTENSION_TARGETS = new Set(['REJECT', 'LOG', 'MASQUERADE', 'SNAT', 'DNAT']);

type Res<T> = { ok: true; value: T } | { ok: false; error: IptError };
const ok = <T>(value: T): Res<T> => ({ ok: true, value });
const err = (error: IptError): { ok: false; error: IptError } => ({ ok: false, error });

/** A port or service name (xtables_parse_port). */
function parsePort(text: string): number | undefined {
  if (/^\d+$/.test(text)) {
    const n = Number(text);
    return n <= 65535 ? n : undefined;
  }
  return servicePort(text);
}

/** `A`, `A:B`, `A:`, `:B` (xtables_parse_port_range via parse_ports). */
function parsePortRange(text: string): Res<PortRange> {
  const bad = () => err(paramProblem(`invalid port/service \`${text}' specified`));
  const colon = text.indexOf(':');
  if (colon < 0) {
    const p = parsePort(text);
    return p === undefined ? bad() : ok({ lo: p, hi: p });
  }
  const a = text.slice(0, colon);
  const b = text.slice(colon + 1);
  const lo = a === '' ? 0 : parsePort(a);
  const hi = b === '' ? 65535 : parsePort(b);
  if (lo === undefined) return err(paramProblem(`invalid port/service \`${a}' specified`));
  if (hi === undefined) return err(paramProblem(`invalid port/service \`${b}' specified`));
  if (lo > hi) return err(paramProblem('invalid portrange (min > max)'));
  return ok({ lo, hi });
}

const STATE_NAMES: Record<string, number> = {
  INVALID: CtState.INVALID,
  NEW: CtState.NEW,
  ESTABLISHED: CtState.ESTABLISHED,
  RELATED: CtState.RELATED,
  UNTRACKED: CtState.UNTRACKED,
  SNAT: CtState.SNAT,
  DNAT: CtState.DNAT,
};

const REJECT_TYPES: Record<string, RejectWith> = {
  'icmp-net-unreachable': 'icmp-net-unreachable',
  'net-unreach': 'icmp-net-unreachable',
  'icmp-host-unreachable': 'icmp-host-unreachable',
  'host-unreach': 'icmp-host-unreachable',
  'icmp-proto-unreachable': 'icmp-proto-unreachable',
  'proto-unreach': 'icmp-proto-unreachable',
  'icmp-port-unreachable': 'icmp-port-unreachable',
  'port-unreach': 'icmp-port-unreachable',
  'icmp-net-prohibited': 'icmp-net-prohibited',
  'net-prohib': 'icmp-net-prohibited',
  'icmp-host-prohibited': 'icmp-host-prohibited',
  'host-prohib': 'icmp-host-prohibited',
  'icmp-admin-prohibited': 'icmp-admin-prohibited',
  'admin-prohib': 'icmp-admin-prohibited',
  'tcp-reset': 'tcp-reset',
  'tcp-rst': 'tcp-reset',
};

/** `ADDR[-ADDR][:PORT[-PORT]]` of --to-source / --to-destination (libxt_NAT parse_to). */
function parseNatRange(text: string, proto: number | undefined, target: string): Res<NatRange> {
  const colon = text.indexOf(':');
  const addrPart = colon < 0 ? text : text.slice(0, colon);
  const portPart = colon < 0 ? undefined : text.slice(colon + 1);
  const range: NatRange = {};
  if (addrPart !== '') {
    const [a, b] = addrPart.split('-');
    const lo = parseIpv4Strict(a);
    if (lo === undefined) return err(paramProblem(`Bad IP address "${a}"`));
    const hi = b === undefined ? lo : parseIpv4Strict(b);
    if (hi === undefined) return err(paramProblem(`Bad IP address "${b}"`));
    range.addrLo = lo;
    range.addrHi = hi;
  } else if (target !== 'MASQUERADE') {
    return err(paramProblem(`Bad IP address "${addrPart}"`));
  }
  if (portPart !== undefined) {
    if (proto !== 6 && proto !== 17 && proto !== 132 && proto !== 33)
      return err(paramProblem('Need TCP, UDP, SCTP or DCCP with port specification'));
    const pr = parsePortsDash(portPart);
    if (!pr) return err(paramProblem(`Port \`${portPart}' not valid`));
    range.portLo = pr.lo;
    range.portHi = pr.hi;
  }
  return ok(range);
}

function parsePortsDash(text: string): PortRange | undefined {
  const [a, b, ...rest] = text.split('-');
  if (rest.length > 0 || !/^\d+$/.test(a) || (b !== undefined && !/^\d+$/.test(b)))
    return undefined;
  const lo = Number(a);
  const hi = b === undefined ? lo : Number(b);
  if (lo > 65535 || hi > 65535 || lo > hi || lo === 0) return undefined;
  return { lo, hi };
}

/** A dotted quad with all four parts (the NAT targets use inet_aton-like strictness). */
function parseIpv4Strict(text: string): number | undefined {
  if (!/^\d{1,3}(\.\d{1,3}){3}$/.test(text)) return undefined;
  return parseIpv4(text);
}

/** `-s`/`-d` value: ADDR[/LEN|/MASK] (xtables_ipparse_any, one address). */
export function parseAddrMask(text: string): Res<{ addr: number; mask: number }> {
  const slash = text.indexOf('/');
  const host = slash < 0 ? text : text.slice(0, slash);
  const maskText = slash < 0 ? undefined : text.slice(slash + 1);
  let mask = 0xffffffff;
  if (maskText !== undefined) {
    if (/^\d+$/.test(maskText) && Number(maskText) <= 32) mask = maskOf(Number(maskText));
    else if (/^\d{1,3}(\.\d{1,3}){3}$/.test(maskText) && parseIpv4(maskText) !== undefined)
      mask = parseIpv4(maskText) as number;
    else return err(paramProblem(`invalid mask \`${maskText}' specified`));
  }
  const addr = host === 'localhost' ? 0x7f000001 : parseIpv4(host);
  if (addr === undefined || host === '')
    return err(paramProblem(`host/network \`${host}' not found`));
  return ok({ addr: (addr & mask) >>> 0, mask });
}

function parseIface(text: string, inv: boolean): Res<IfaceMatch> {
  if (text.length > 15)
    return err(paramProblem(`interface name \`${text}' must be shorter than IFNAMSIZ (15)`));
  const wildcard = text.endsWith('+');
  return ok({ name: wildcard ? text.slice(0, -1) : text, wildcard, inv });
}

class Cursor {
  readonly argv: string[];
  i = 0;

  constructor(argv: string[]) {
    this.argv = argv;
  }

  /** The next word when it can be an optional argument (not an option, not `!`). */
  optional(): string | undefined {
    const w = this.argv[this.i];
    if (w === undefined || w.startsWith('-') || w === '!') return undefined;
    this.i++;
    return w;
  }
}

function parseRulenum(text: string): Res<number> {
  if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > 0x7fffffff)
    return err(paramProblem(`Invalid rule number \`${text}'`));
  return ok(Number(text));
}

/** Parses iptables argv (without argv[0]). */
export function parseIptables(argv: string[]): Res<IptArgs> {
  const a: IptArgs = {
    table: 'filter',
    zeroToo: false,
    spec: {
      rule: { matches: [], counters: { packets: 0, bytes: 0 } },
      target: { kind: 'none' },
      srcInv: false,
      dstInv: false,
    },
    numeric: false,
    verbose: false,
    exact: false,
    lineNumbers: false,
    version: false,
    help: false,
  };
  const rule = a.spec.rule;
  const cur = new Cursor(argv);
  let invert = false;
  let tableSet = false;
  const seen = new Set<string>();
  const loadedMatches: string[] = [];
  /** Which options of which match were used (for "Only one … allowed"). */
  const used = new Set<string>();
  let targetName: string | undefined;
  const illegal: string[] = [];
  const natOpts: { to?: string; random: boolean; randomFully: boolean } = {
    random: false,
    randomFully: false,
  };

  const setCommand = (c: IptCommand): Res<undefined> => {
    if (a.command !== undefined) {
      if ((a.command === 'L' && c === 'Z') || (a.command === 'Z' && c === 'L')) {
        a.command = 'L';
        a.zeroToo = true;
        return ok(undefined);
      }
      return err(paramProblem(`Cannot use -${c} with -${a.command}`));
    }
    a.command = c;
    return ok(undefined);
  };

  const once = (flag: string, name: string): Res<undefined> => {
    if (seen.has(flag)) return err(paramProblem(`multiple -${name} flags not allowed`));
    seen.add(flag);
    return ok(undefined);
  };

  const loadMatch = (name: string): Res<undefined> => {
    if (name in MATCH_OPTS) {
      if (name === 'tcp' || name === 'udp' || name === 'icmp') {
        const want = name === 'tcp' ? 6 : name === 'udp' ? 17 : 1;
        if (rule.proto?.num !== want || rule.proto.inv)
          return err(paramProblem(`${name.toUpperCase()} match requires '-p ${name}'`));
      }
      if (name === 'multiport' && ![6, 17, 132, 33, 136].includes(rule.proto?.num ?? 0))
        return err(
          paramProblem("multiport needs `-p tcp', `-p udp', `-p udplite', `-p sctp' or `-p dccp'"),
        );
      loadedMatches.push(name);
      rule.matches.push(emptyMatch(name));
      return ok(undefined);
    }
    if (UNSIMULATED_MATCHES.has(name))
      return err(paramProblem(`match \`${name}' is not simulated in cnlab`));
    return err(paramProblem(`Couldn't load match \`${name}':No such file or directory\n`));
  };

  /** Finds a long option among base, loaded matches and the target. */
  type Found =
    | { where: 'base'; def: OptDef }
    | { where: 'match'; match: string; name: string; arg: ArgKind }
    | { where: 'target'; name: string; arg: ArgKind };
  const findLong = (name: string): Found | undefined | 'ambiguous' => {
    const cands: Found[] = [];
    const exact: Found[] = [];
    const push = (f: Found, full: string) => {
      if (full === name) exact.push(f);
      else if (full.startsWith(name)) cands.push(f);
    };
    for (const d of BASE_OPTS) push({ where: 'base', def: d }, d.long);
    for (const m of loadedMatches)
      for (const [n, arg, canon] of MATCH_OPTS[m])
        push({ where: 'match', match: m, name: canon ?? n, arg }, n);
    if (targetName && targetName in TARGET_OPTS)
      for (const [n, arg] of TARGET_OPTS[targetName]) push({ where: 'target', name: n, arg }, n);
    if (exact.length > 0) return exact[exact.length - 1];
    if (cands.length === 1) return cands[0];
    if (cands.length > 1) {
      const same = cands.every(
        (c) =>
          JSON.stringify(c) === JSON.stringify(cands[0]) ||
          (c.where === 'base' && cands[0].where === 'base' && c.def.short === cands[0].def.short),
      );
      return same ? cands[0] : 'ambiguous';
    }
    return undefined;
  };

  /** Handles one base option. */
  const base = (short: string, value: string | undefined, label: string): Res<undefined> => {
    const inv = invert;
    invert = false;
    if (inv && !'psdiof'.includes(short)) {
      if (short === 'j') return err(paramProblem('cannot have ! before -j'));
      return err(paramProblem(`cannot have ! before -${short}`));
    }
    switch (short) {
      case 'A':
      case 'C':
      case 'N': {
        const r = setCommand(short);
        if (!r.ok) return r;
        a.chain = value;
        return ok(undefined);
      }
      case 'D':
      case 'I': {
        const r = setCommand(short);
        if (!r.ok) return r;
        a.chain = value;
        const n = cur.optional();
        if (n !== undefined) {
          const rn = parseRulenum(n);
          if (!rn.ok) return rn;
          a.rulenum = rn.value;
        }
        return ok(undefined);
      }
      case 'R': {
        const r = setCommand('R');
        if (!r.ok) return r;
        a.chain = value;
        const n = cur.optional();
        if (n === undefined) return err(paramProblem('-R requires a rule number'));
        const rn = parseRulenum(n);
        if (!rn.ok) return rn;
        a.rulenum = rn.value;
        return ok(undefined);
      }
      case 'L':
      case 'S':
      case 'Z': {
        const r = setCommand(short);
        if (!r.ok) return r;
        const chain = value ?? cur.optional();
        if (chain !== undefined) {
          a.chain = chain;
          const n = cur.optional();
          if (n !== undefined) {
            const rn = parseRulenum(n);
            if (!rn.ok) return rn;
            a.rulenum = rn.value;
          }
        }
        return ok(undefined);
      }
      case 'F':
      case 'X': {
        const r = setCommand(short);
        if (!r.ok) return r;
        a.chain = value ?? cur.optional();
        return ok(undefined);
      }
      case 'E': {
        const r = setCommand('E');
        if (!r.ok) return r;
        a.chain = value;
        a.newName = cur.optional();
        if (a.newName === undefined)
          return err(paramProblem('-E requires old-chain-name and new-chain-name'));
        return ok(undefined);
      }
      case 'P': {
        const r = setCommand('P');
        if (!r.ok) return r;
        a.chain = value;
        a.policy = cur.optional();
        if (a.policy === undefined) return err(paramProblem('-P requires a chain and a policy'));
        return ok(undefined);
      }
      case 'p': {
        const r = once('p', 'p');
        if (!r.ok) return r;
        const num = protocolNumber(value as string);
        if (num === undefined)
          return err(
            paramProblem(`unknown protocol "${(value as string).toLowerCase()}" specified`),
          );
        if (num === 0 && inv) return err(paramProblem('rule would never match protocol'));
        rule.proto = { num, inv };
        return ok(undefined);
      }
      case 's':
      case 'd': {
        const r = once(short, short);
        if (!r.ok) return r;
        if (short === 's') {
          a.spec.srcText = value;
          a.spec.srcInv = inv;
        } else {
          a.spec.dstText = value;
          a.spec.dstInv = inv;
        }
        return ok(undefined);
      }
      case 'i':
      case 'o': {
        const r = once(short, short);
        if (!r.ok) return r;
        const f = parseIface(value as string, inv);
        if (!f.ok) return f;
        if (short === 'i') rule.inIface = f.value;
        else rule.outIface = f.value;
        return ok(undefined);
      }
      case 'j':
      case 'g': {
        const r = once('j', short);
        if (!r.ok) return r;
        if (short === 'g') return err(paramProblem('-g (goto) is not simulated in cnlab'));
        targetName = value as string;
        a.spec.jump = targetName;
        if (UNSIMULATED_TARGETS.has(targetName))
          return err(paramProblem(`target \`${targetName}' is not simulated in cnlab`));
        return ok(undefined);
      }
      case 'm':
        return loadMatch(value as string);
      case 't': {
        if (tableSet) return err(paramProblem('multiple -t flags not allowed'));
        tableSet = true;
        if (!(TABLE_NAMES as readonly string[]).includes(value as string)) {
          return err({
            text: `${PROG}: table '${value}' does not exist\nPerhaps iptables or your kernel needs to be upgraded.\n`,
            code: 3,
          });
        }
        a.table = value as TableName;
        return ok(undefined);
      }
      case 'n':
        a.numeric = true;
        illegal.push('n');
        return ok(undefined);
      case 'v':
        a.verbose = true;
        return ok(undefined);
      case 'x':
        a.exact = true;
        illegal.push('x');
        return ok(undefined);
      case '0':
        a.lineNumbers = true;
        illegal.push('-line-numbers');
        return ok(undefined);
      case 'f':
        return err(paramProblem('-f (fragments) is not simulated in cnlab'));
      case 'c': {
        const pk = value as string;
        const by = cur.argv[cur.i];
        if (by === undefined || by.startsWith('-'))
          return err(paramProblem('-c requires packet and byte counter'));
        cur.i++;
        if (!/^\d+$/.test(pk)) return err(paramProblem(`-c packet counter not numeric`));
        if (!/^\d+$/.test(by)) return err(paramProblem(`-c byte counter not numeric`));
        a.counters = [Number(pk), Number(by)];
        illegal.push('c');
        return ok(undefined);
      }
      case 'w':
      case 'W':
      case '4':
      case 'M':
        return ok(undefined);
      case '6':
        return err({ text: 'This is the IPv4 version of iptables.\n', code: 2 });
      case 'V':
        a.version = true;
        return ok(undefined);
      case 'h':
        a.help = true;
        return ok(undefined);
      default:
        return err(paramProblem(`unknown option "${label}"`));
    }
  };

  const matchOpt = (m: string, name: string, value: string | undefined): Res<undefined> => {
    const inv = invert;
    invert = false;
    const match = rule.matches[loadedMatches.lastIndexOf(m)] as Match;
    const key = `${m}:${name}`;
    if (used.has(key) && m !== 'comment') {
      const long: Record<string, string> = {
        sport: 'source-port',
        dport: 'destination-port',
      };
      return err(paramProblem(`Only one \`--${long[name] ?? name}' allowed`));
    }
    used.add(key);
    switch (match.kind) {
      case 'tcp':
      case 'udp': {
        const pr = parsePortRange(value as string);
        if (!pr.ok) return pr;
        if (name === 'sport') match.sport = { ...pr.value, inv };
        else match.dport = { ...pr.value, inv };
        return ok(undefined);
      }
      case 'icmp': {
        const v = value as string;
        let type: number;
        let lo = 0;
        let hi = 0xff;
        const named = icmpTypeByName(v);
        if (named) [type, lo, hi] = named;
        else {
          const mm = /^(\d{1,3})(?:\/(\d{1,3}))?$/.exec(v);
          if (!mm || Number(mm[1]) > 255 || (mm[2] !== undefined && Number(mm[2]) > 255))
            return err(paramProblem(`Unknown ICMP type \`${v}'`));
          type = Number(mm[1]);
          if (mm[2] !== undefined) lo = hi = Number(mm[2]);
        }
        match.type = type;
        match.codeLo = lo;
        match.codeHi = hi;
        match.inv = inv;
        return ok(undefined);
      }
      case 'conntrack':
      case 'state': {
        let bits = 0;
        for (const s of (value as string).split(',')) {
          const b = STATE_NAMES[s];
          if (b === undefined || (match.kind === 'state' && (s === 'SNAT' || s === 'DNAT'))) {
            return err(
              paramProblem(match.kind === 'state' ? `Bad state "${s}"` : `Bad ctstate "${s}"`),
            );
          }
          bits |= b;
        }
        match.states = bits;
        match.inv = inv;
        return ok(undefined);
      }
      case 'addrtype': {
        if (name === 'limit-iface-in' || name === 'limit-iface-out') {
          if (match.limitIn || match.limitOut)
            return err(
              paramProblem(
                "addrtype: you can't specify both --limit-iface-in and --limit-iface-out",
              ),
            );
          if (name === 'limit-iface-in') match.limitIn = true;
          else match.limitOut = true;
          return ok(undefined);
        }
        let types = 0;
        for (const t of (value as string).split(',')) {
          const bit = AddrType[t.toUpperCase() as AddrTypeName];
          if (bit === undefined) return err(paramProblem(`addrtype: bad type "${t}"`));
          types |= 1 << bit;
        }
        if (name === 'src-type') match.src = { types, inv };
        else match.dst = { types, inv };
        return ok(undefined);
      }
      case 'mark': {
        const mm = /^(0x[0-9a-fA-F]+|\d+)(?:\/(0x[0-9a-fA-F]+|\d+))?$/.exec(value as string);
        if (!mm) return err(paramProblem(`mark: Bad value for "--mark" option: "${value}"`));
        match.value = Number(mm[1]) >>> 0;
        match.mask = mm[2] === undefined ? 0xffffffff : Number(mm[2]) >>> 0;
        match.inv = inv;
        return ok(undefined);
      }
      case 'comment': {
        const text = value as string;
        if (text.length > 255)
          return err(paramProblem('comment: option "--comment" value too long'));
        match.text = text;
        return ok(undefined);
      }
      case 'multiport': {
        if (match.ports.length > 0) return err(paramProblem('multiport can only have one option'));
        const ports: PortRange[] = [];
        let count = 0;
        for (const part of (value as string).split(',')) {
          const pr = parsePortRange(part);
          if (!pr.ok) return pr;
          ports.push(pr.value);
          count += pr.value.lo === pr.value.hi ? 1 : 2;
        }
        if (count > 15) return err(paramProblem('too many ports specified'));
        match.ports = ports;
        match.dir = name === 'sports' ? 'src' : name === 'dports' ? 'dst' : 'any';
        match.inv = inv;
        return ok(undefined);
      }
    }
  };

  const targetOpt = (name: string, value: string | undefined): Res<undefined> => {
    invert = false;
    const t = a.spec.target;
    switch (name) {
      case 'reject-with': {
        const w = REJECT_TYPES[value as string];
        if (!w) return err(paramProblem(`unknown reject type "${value}"`));
        if (t.kind === 'REJECT') t.with = w;
        return ok(undefined);
      }
      case 'log-level': {
        const l = logLevel(value as string);
        if (l === undefined) return err(paramProblem(`log level "${value}" unknown`, true));
        if (t.kind === 'LOG') t.level = l;
        return ok(undefined);
      }
      case 'log-prefix': {
        const v = value as string;
        if (v.length > 29) return err(paramProblem(`Maximum prefix length 29 for --log-prefix`));
        if (t.kind === 'LOG') t.prefix = v;
        return ok(undefined);
      }
      case 'to-ports': {
        if (rule.proto?.num !== 6 && rule.proto?.num !== 17 && rule.proto?.num !== 132)
          return err(paramProblem('Need TCP, UDP, SCTP or DCCP with port specification'));
        const pr = parsePortsDash(value as string);
        if (!pr) return err(paramProblem(`Port \`${value}' not valid`));
        if (t.kind === 'MASQUERADE') t.range = { portLo: pr.lo, portHi: pr.hi };
        return ok(undefined);
      }
      case 'to-source':
      case 'to-destination': {
        if (natOpts.to !== undefined)
          return err(paramProblem('Multiple --to-source not supported'));
        natOpts.to = value;
        const r = parseNatRange(value as string, rule.proto?.num, targetName as string);
        if (!r.ok) return r;
        if (t.kind === 'SNAT' || t.kind === 'DNAT') t.range = r.value;
        return ok(undefined);
      }
      case 'random':
        if (t.kind === 'SNAT' || t.kind === 'DNAT' || t.kind === 'MASQUERADE') t.random = true;
        return ok(undefined);
      case 'random-fully':
        if (t.kind === 'SNAT' || t.kind === 'MASQUERADE') t.randomFully = true;
        return ok(undefined);
      default:
        return ok(undefined);
    }
  };

  /** Dispatches one option occurrence; `retry` after loading an implicit protocol match. */
  const handleLong = (
    name: string,
    inlineValue: string | undefined,
    label: string,
  ): Res<undefined> => {
    let f = findLong(name);
    if (f === undefined && rule.proto && !rule.proto.inv) {
      const implicit =
        rule.proto.num === 6
          ? 'tcp'
          : rule.proto.num === 17
            ? 'udp'
            : rule.proto.num === 1
              ? 'icmp'
              : undefined;
      if (implicit && !loadedMatches.includes(implicit)) {
        const has = MATCH_OPTS[implicit].some(([n]) => n.startsWith(name));
        if (has) {
          const r = loadMatch(implicit);
          if (!r.ok) return r;
          f = findLong(name);
        }
      }
    }
    if (f === undefined || f === 'ambiguous') return err(paramProblem(`unknown option "${label}"`));
    const argKind = f.where === 'base' ? f.def.arg : f.arg;
    let value = inlineValue;
    if (argKind === 'required' && value === undefined) {
      value = cur.argv[cur.i];
      if (value === undefined) return err(paramProblem(`option "${label}" requires an argument`));
      cur.i++;
    }
    if (f.where === 'base')
      return base(f.def.short ?? (f.def.long === 'line-numbers' ? '0' : 'M'), value, label);
    if (f.where === 'match') return matchOpt(f.match, f.name, value);
    return targetOpt(f.name, value);
  };

  while (cur.i < argv.length) {
    const w = argv[cur.i++];
    if (w === '!') {
      if (invert) return err(paramProblem('multiple consecutive ! not allowed'));
      invert = true;
      continue;
    }
    if (w.startsWith('--') && w.length > 2) {
      const eq = w.indexOf('=');
      const name = eq < 0 ? w.slice(2) : w.slice(2, eq);
      const r = handleLong(name, eq < 0 ? undefined : w.slice(eq + 1), `--${name}`);
      if (!r.ok) return r;
    } else if (w.startsWith('-') && w.length > 1 && w !== '--') {
      for (let k = 1; k < w.length; k++) {
        const c = w[k];
        const def = BASE_OPTS.find((d) => d.short === c);
        if (!def) return err(paramProblem(`unknown option "-${c}"`));
        let value: string | undefined;
        if (def.arg === 'required') {
          value = w.slice(k + 1);
          if (value === '') {
            value = argv[cur.i];
            if (value === undefined)
              return err(paramProblem(`option "-${c}" requires an argument`));
            cur.i++;
          }
          k = w.length;
        } else if (def.arg === 'optional' && k + 1 < w.length) {
          value = w.slice(k + 1);
          k = w.length;
        }
        const r = base(c, value, `-${c}`);
        if (!r.ok) return r;
      }
    } else {
      return err(badArgument(w));
    }
    if (targetName !== undefined && a.spec.target.kind === 'none')
      a.spec.target = targetFor(targetName);
  }
  if (invert) return err(paramProblem("Invalid '!' at end of command line"));
  a.spec.rule = rule;
  return finalChecks(a, loadedMatches, natOpts, illegal);
}

function targetFor(name: string): Target {
  switch (name) {
    case 'ACCEPT':
    case 'DROP':
    case 'RETURN':
      return { kind: name };
    case 'REJECT':
      return { kind: 'REJECT', with: 'icmp-port-unreachable' };
    case 'LOG':
      return { kind: 'LOG', level: 4 };
    case 'MASQUERADE':
      return { kind: 'MASQUERADE', range: {}, random: false, randomFully: false };
    case 'SNAT':
      return { kind: 'SNAT', range: {}, random: false, randomFully: false };
    case 'DNAT':
      return { kind: 'DNAT', range: {}, random: false };
    default:
      return { kind: 'jump', chain: name };
  }
}

function emptyMatch(name: string): Match {
  switch (name) {
    case 'tcp':
    case 'udp':
      return { kind: name };
    case 'icmp':
      return { kind: 'icmp', type: 0xff, codeLo: 0, codeHi: 0xff, inv: false };
    case 'conntrack':
    case 'state':
      return { kind: name, states: 0, inv: false };
    case 'addrtype':
      return { kind: 'addrtype', limitIn: false, limitOut: false };
    case 'comment':
      return { kind: 'comment', text: '' };
    case 'mark':
      return { kind: 'mark', value: 0, mask: 0xffffffff, inv: false };
    default:
      return { kind: 'multiport', dir: 'dst', ports: [], inv: false };
  }
}

const RULE_COMMANDS = new Set(['A', 'C', 'D', 'R', 'I']);

function finalChecks(
  a: IptArgs,
  loaded: string[],
  nat: { to?: string },
  illegal: string[],
): Res<IptArgs> {
  if (a.version || a.help) return ok(a);
  const target = a.spec.target;
  if (a.table === 'nat' && (a.policy === 'DROP' || a.spec.jump === 'DROP')) {
    return err({
      text: `${PROG}: \nThe "nat" table is not intended for filtering, the use of DROP is therefore inhibited.\n\n\n${TRY}\n`,
      code: 2,
    });
  }
  // Extension final checks.
  for (const [i, m] of a.spec.rule.matches.entries()) {
    const name = loaded[i];
    if (m.kind === 'conntrack' && m.states === 0)
      return err(paramProblem('conntrack: At least one option is required'));
    if (m.kind === 'state' && m.states === 0)
      return err(paramProblem('state: option "--state" must be specified', true));
    if (m.kind === 'comment' && name === 'comment' && m.text === '')
      return err(paramProblem('comment: option "--comment" must be specified', true));
    if (m.kind === 'multiport' && m.ports.length === 0)
      return err(paramProblem('multiport expects an option'));
    if (m.kind === 'addrtype' && !m.src && !m.dst)
      return err(paramProblem('addrtype: you must specify --src-type or --dst-type'));
  }
  if ((target.kind === 'SNAT' || target.kind === 'DNAT') && nat.to === undefined) {
    const opt = target.kind === 'SNAT' ? 'to-source' : 'to-destination';
    return err(paramProblem(`${target.kind}: option "--${opt}" must be specified`, true));
  }
  if (a.command === undefined) return err(paramProblem('no command specified'));
  // Options that are illegal with the command.
  const listing = a.command === 'L';
  for (const o of illegal) {
    const okHere =
      o === 'c' ? ['A', 'I', 'R', 'P'].includes(a.command) : listing || (o === 'n' && false);
    if (!okHere) return err(paramProblem(`Illegal option \`-${o}' with this command`));
  }
  const ruleOpts =
    a.spec.srcText !== undefined ||
    a.spec.dstText !== undefined ||
    a.spec.rule.proto !== undefined ||
    a.spec.rule.inIface !== undefined ||
    a.spec.rule.outIface !== undefined ||
    a.spec.jump !== undefined ||
    a.spec.rule.matches.length > 0;
  const deleteNum = a.command === 'D' && a.rulenum !== undefined;
  if (ruleOpts && (!RULE_COMMANDS.has(a.command) || deleteNum)) {
    const which =
      a.spec.srcText !== undefined
        ? 's'
        : a.spec.dstText !== undefined
          ? 'd'
          : a.spec.rule.proto
            ? 'p'
            : a.spec.jump !== undefined
              ? 'j'
              : a.spec.rule.inIface
                ? 'i'
                : a.spec.rule.outIface
                  ? 'o'
                  : undefined;
    if (which) return err(paramProblem(`Illegal option \`-${which}' with this command`));
    return err(badArgument(a.spec.rule.matches.length > 0 ? '-m' : ''));
  }
  // -s/-d.
  if (a.spec.srcText !== undefined) {
    const r = parseAddrMask(a.spec.srcText);
    if (!r.ok) return r;
    if (r.value.mask !== 0 || a.spec.srcInv) a.spec.rule.src = { ...r.value, inv: a.spec.srcInv };
  }
  if (a.spec.dstText !== undefined) {
    const r = parseAddrMask(a.spec.dstText);
    if (!r.ok) return r;
    if (r.value.mask !== 0 || a.spec.dstInv) a.spec.rule.dst = { ...r.value, inv: a.spec.dstInv };
  }
  // Interfaces that cannot exist at a built-in hook.
  const chain = a.chain;
  if (chain !== undefined && RULE_COMMANDS.has(a.command)) {
    if (a.spec.rule.inIface && (chain === 'OUTPUT' || chain === 'POSTROUTING'))
      return err(paramProblem(`Can't use -i with ${chain}`, true));
    if (a.spec.rule.outIface && (chain === 'PREROUTING' || chain === 'INPUT'))
      return err(paramProblem(`Can't use -o with ${chain}`, true));
  }
  if (a.spec.rule.proto && a.spec.rule.proto.num === 0 && !a.spec.rule.proto.inv) {
    // `-p all` is stored as no protocol.
    a.spec.rule.proto = undefined;
  }
  if (a.counters) a.spec.rule.counters = { packets: a.counters[0], bytes: a.counters[1] };
  return ok(a);
}
