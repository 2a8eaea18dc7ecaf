/**
 * `bridge fdb` from iproute2 6.1 (bridge/fdb.c): `show [dev DEV] [br BRIDGE]` and
 * `add|append|replace|del LLADDR dev DEV [dst IP] [port P] [vni N] [via DEV] [self] [master]
 * [permanent|local|static|temp|dynamic]`, with fdb.c's parsing (`matches` prefixes, `to`, the
 * first unknown word is the address), its defaults (`self` when neither self nor master is given,
 * `permanent` when no state is), its messages and exit statuses (255 for every failure but a
 * bad `dst`, which get_addr reports with 1). The kernel side is kernel/fdb.ts.
 *
 * Left out: `get`, `flush`, `vlan`, `src_vni`, `state`/`dynamic` show filters, `router`, `use`,
 * `extern_learn`, `sticky` (accepted words that the kernel model then refuses with EINVAL).
 */
import { formatNetlinkError, type KResult } from '../../../kernel/errors';
import {
  type FdbMode,
  type FdbRequest,
  type FdbRow,
  fdbAdd,
  fdbDel,
  fdbDump,
} from '../../../kernel/fdb';
import { formatIpv4, formatMac, parseIpv4 } from '../../../kernel/inet';
import type { Netns } from '../../../kernel/netns';
import type { CommandContext } from '../../command';
import { formatJson, type Json } from '../ip/json';
import { matches } from '../ip/matches';

/** `bridge` global options that `fdb` reads. */
export interface BridgeOptions {
  stats: boolean;
  json: boolean;
  pretty: boolean;
}

interface FdbCtx {
  ctx: CommandContext;
  ns: Netns;
  opts: BridgeOptions;
}

function fail(ctx: CommandContext, text: string, code = 255): number {
  ctx.stderr.write(`${text}\n`);
  return code;
}

const USAGE = `Usage: bridge fdb { add | append | del | replace } ADDR dev DEV
              [ self ] [ master ] [ use ] [ router ] [ extern_learn ]
              [ sticky ] [ local | static | dynamic ] [ vlan VID ]
              { [ dst IPADDR ] [ port PORT] [ vni VNI ] | [ nhid NHID ] }
              [ via DEV ] [ src_vni VNI ]
       bridge fdb [ show [ br BRDEV ] [ brport DEV ] [ vlan VID ]
              [ state STATE ] [ dynamic ] ]
       bridge fdb get [ to ] LLADDR [ br BRDEV ] { brport | dev } DEV
              [ vlan VID ] [ vni VNI ] [ self ] [ master ] [ dynamic ]
       bridge fdb flush dev DEV [ brport DEV ] [ vlan VID ] [ src_vni VNI ]
              [ self ] [ master ] [ [no]permanent | [no]static | [no]dynamic ]
              [ [no]added_by_user ] [ [no]extern_learn ] [ [no]sticky ]
              [ [no]offloaded ]
`;

function usage(f: FdbCtx): number {
  f.ctx.stderr.write(USAGE);
  return 255;
}

/** `bridge fdb …` after the object word. */
export function bridgeFdb(
  ctx: CommandContext,
  ns: Netns,
  argv: string[],
  opts: BridgeOptions,
): number {
  const f: FdbCtx = { ctx, ns, opts };
  const [sub, ...rest] = argv;
  if (sub === undefined) return show(f, []);
  if (matches(sub, 'add')) return modify(f, rest, 'add');
  if (matches(sub, 'append')) return modify(f, rest, 'append');
  if (matches(sub, 'replace')) return modify(f, rest, 'replace');
  if (matches(sub, 'delete')) return modify(f, rest, 'del');
  if (matches(sub, 'show') || matches(sub, 'lst') || matches(sub, 'list')) return show(f, rest);
  if (matches(sub, 'help')) return usage(f);
  return fail(ctx, `Command "${sub}" is unknown, try "bridge fdb help".`);
}

function stateText(row: FdbRow): string {
  return row.state === 'dynamic' ? '' : row.state;
}

/** print_fdb: one line, or one JSON object. */
function printRow(row: FdbRow, filtered: boolean, stats: boolean): string {
  let s = `${formatMac(row.mac)} `;
  if (!filtered) s += `dev ${row.dev.name} `;
  if (row.dst !== undefined) s += `dst ${formatIpv4(row.dst)} `;
  if (row.port !== undefined) s += `port ${row.port} `;
  if (row.vni !== undefined) s += `vni ${row.vni} `;
  if (row.via) s += `via ${row.via.name} `;
  if (stats && row.used !== undefined) s += `used ${row.used}/${row.updated ?? 0} `;
  if (row.self) s += 'self ';
  if (row.master) s += `master ${row.master.name} `;
  return `${s}${stateText(row)}\n`;
}

function rowJson(row: FdbRow, filtered: boolean, stats: boolean): Json {
  const o: { [key: string]: Json } = { mac: formatMac(row.mac) };
  if (!filtered) o.ifname = row.dev.name;
  if (row.dst !== undefined) o.dst = formatIpv4(row.dst);
  if (row.port !== undefined) o.port = row.port;
  if (row.vni !== undefined) o.vni = row.vni;
  if (row.via) o.viaIf = row.via.name;
  if (stats && row.used !== undefined) {
    o.used = row.used;
    o.updated = row.updated ?? 0;
  }
  o.flags = row.self ? ['self'] : [];
  if (row.master) o.master = row.master.name;
  o.state = stateText(row);
  return o;
}

function show(f: FdbCtx, argv: string[]): number {
  let devName: string | undefined;
  let brName: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === 'dev' || a === 'brport') {
      devName = argv[++i];
      if (devName === undefined)
        return fail(f.ctx, 'Command line is not complete. Try option "help"');
    } else if (a === 'br') {
      brName = argv[++i];
      if (brName === undefined)
        return fail(f.ctx, 'Command line is not complete. Try option "help"');
    } else if (matches(a, 'help')) {
      return usage(f);
    } else {
      if (devName !== undefined)
        return fail(f.ctx, `Error: either "dev" is duplicate, or "${a}" is a garbage.`);
      devName = a;
    }
  }
  const ns = f.ns;
  const br = brName === undefined ? undefined : ns.byName(brName);
  if (brName !== undefined && !br) return fail(f.ctx, `Cannot find bridge device "${brName}"`);
  const dev = devName === undefined ? undefined : ns.byName(devName);
  if (devName !== undefined && !dev) return fail(f.ctx, `Cannot find device "${devName}"`);
  // iproute2 6.1 sends `dev` in a header the kernel reads only together with `br`; with both,
  // the kernel filters by neither and iproute2 prints every entry (as observed on Linux).
  const both = br !== undefined && dev !== undefined;
  let rows = fdbDump(f.ctx.world, ns, both ? undefined : br);
  const filtered = dev !== undefined && !both;
  if (filtered) rows = rows.filter((r) => r.dev === dev);
  if (f.opts.json) {
    f.ctx.stdout.write(
      `${formatJson(
        rows.map((r) => rowJson(r, filtered, f.opts.stats)),
        f.opts.pretty,
      )}\n`,
    );
    return 0;
  }
  f.ctx.stdout.write(rows.map((r) => printRow(r, filtered, f.opts.stats)).join(''));
  return 0;
}

const MAC_RE =
  /^([0-9a-fA-F]{1,2}):([0-9a-fA-F]{1,2}):([0-9a-fA-F]{1,2}):([0-9a-fA-F]{1,2}):([0-9a-fA-F]{1,2}):([0-9a-fA-F]{1,2})/;

/** sscanf("%hhx:%hhx:%hhx:%hhx:%hhx:%hhx"): trailing text after six bytes is ignored. */
function scanMac(text: string): number | undefined {
  const m = MAC_RE.exec(text);
  if (!m) return undefined;
  let mac = 0;
  for (let i = 1; i <= 6; i++) mac = mac * 256 + Number.parseInt(m[i], 16);
  return mac;
}

/** strtoul(…, 0): decimal, 0x hex or 0 octal, the whole word. */
function strtoul(text: string): number | undefined {
  if (/^0[xX][0-9a-fA-F]+$/.test(text)) return Number.parseInt(text.slice(2), 16);
  if (/^0[0-7]*$/.test(text)) return Number.parseInt(text, 8);
  if (/^[1-9]\d*$/.test(text)) return Number(text);
  return undefined;
}

function invarg(f: FdbCtx, msg: string, arg: string): number {
  return fail(f.ctx, `Error: argument "${arg}" is wrong: ${msg}`);
}

function incomplete(f: FdbCtx): number {
  return fail(f.ctx, 'Command line is not complete. Try option "help"');
}

/** fdb_modify. */
function modify(f: FdbCtx, argv: string[], op: FdbMode | 'del'): number {
  let devName: string | undefined;
  let addr: string | undefined;
  let dst: number | undefined;
  let port: number | undefined;
  let vni: number | undefined;
  let via: string | undefined;
  let self = false;
  let master = false;
  let permanent = false;
  let isStatic = false;
  let dynamic = false;
  let unsupported = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = (): string | undefined => argv[++i];
    if (a === 'dev') {
      devName = next();
      if (devName === undefined) return incomplete(f);
    } else if (a === 'dst') {
      const v = next();
      if (v === undefined) return incomplete(f);
      if (dst !== undefined)
        return fail(f.ctx, `Error: either "dst" is duplicate, or "${v}" is a garbage.`);
      const ip = parseIpv4(v);
      if (ip === undefined)
        return fail(f.ctx, `Error: any valid address is expected rather than "${v}".`, 1);
      dst = ip;
    } else if (a === 'port') {
      const v = next();
      if (v === undefined) return incomplete(f);
      const n = strtoul(v);
      if (n === undefined || n > 0xffff) return invarg(f, 'invalid port\n', v);
      port = n;
    } else if (a === 'vni') {
      const v = next();
      if (v === undefined) return incomplete(f);
      const n = strtoul(v);
      if (n === undefined || n >= 1 << 24) return invarg(f, 'invalid VNI\n', v);
      vni = n;
    } else if (a === 'src_vni' || a === 'nhid') {
      if (next() === undefined) return incomplete(f);
      unsupported = true;
    } else if (a === 'via') {
      via = next();
      if (via === undefined) return incomplete(f);
    } else if (a === 'self') {
      self = true;
    } else if (matches(a, 'master')) {
      master = true;
    } else if (matches(a, 'router') || matches(a, 'use') || matches(a, 'extern_learn')) {
      unsupported = true;
    } else if (matches(a, 'local') || matches(a, 'permanent')) {
      permanent = true;
    } else if (matches(a, 'temp') || matches(a, 'static')) {
      isStatic = true;
    } else if (matches(a, 'dynamic')) {
      dynamic = true;
    } else if (matches(a, 'vlan')) {
      if (next() === undefined) return incomplete(f);
      unsupported = true;
    } else if (matches(a, 'sticky')) {
      unsupported = true;
    } else {
      let word: string | undefined = a;
      if (a === 'to') word = next();
      if (word === undefined) return incomplete(f);
      if (matches(word, 'help')) return usage(f);
      if (addr !== undefined)
        return fail(f.ctx, `Error: either "to" is duplicate, or "${word}" is a garbage.`);
      addr = word;
    }
  }
  if (devName === undefined || addr === undefined)
    return fail(f.ctx, 'Device and address are required arguments.');
  if (!self && !master) self = true;
  const mac = scanMac(addr);
  if (mac === undefined) return fail(f.ctx, `Invalid mac address ${addr}`);
  const ns = f.ns;
  let viaDev: FdbRequest['via'];
  if (via !== undefined) {
    viaDev = ns.byName(via);
    if (!viaDev) return fail(f.ctx, `Cannot find device "${via}"`);
  }
  const dev = ns.byName(devName);
  if (!dev) return fail(f.ctx, `Cannot find device "${devName}"`);
  const state = permanent ? 'permanent' : isStatic ? 'static' : dynamic ? 'dynamic' : 'permanent';
  const req: FdbRequest = { mac, dev, self, master, state };
  if (dst !== undefined) req.dst = dst;
  if (port !== undefined) req.port = port;
  if (vni !== undefined) req.vni = vni;
  if (viaDev) req.via = viaDev;
  const w = f.ctx.world;
  const r: KResult = unsupported
    ? { ok: false, error: { errno: 'EINVAL' } }
    : op === 'del'
      ? fdbDel(w, req)
      : fdbAdd(w, req, op);
  if (!r.ok) return fail(f.ctx, formatNetlinkError(r.error));
  w.changed();
  return 0;
}
