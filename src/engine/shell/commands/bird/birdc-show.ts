/**
 * What `birdc show status|protocols|route` print, column for column as bird 2.0.12 does
 * (checked against the reference corpus and fixtures/birdc-real.txt).
 */

import type { BgpProto } from '../../../daemons/bird/bgp';
import type { Bird, ProtoRun } from '../../../daemons/bird/bird';
import type { FilterSpec } from '../../../daemons/bird/config';
import { globMatch } from '../../../daemons/bird/kernel-proto';
import { birdDateTime, birdTime, netKey, type Rte } from '../../../daemons/bird/rib';
import { IFF, type NetDevice } from '../../../kernel/device';
import { SCOPE } from '../../../kernel/fib';
import { formatIpv4, parseIpv4 } from '../../../kernel/inet';
import type { BgpCapability } from '../../../wire/bgp';

export function showStatus(bird: Bird): string {
  return [
    'BIRD 2.0.12',
    `Router ID is ${formatIpv4(bird.routerId)}`,
    `Hostname is ${bird.machine.hostname}`,
    `Current server time is ${birdDateTime(bird.w.sched.now)}`,
    `Last reboot on ${birdDateTime(bird.started)}`,
    `Last reconfiguration on ${birdDateTime(bird.reconfigured)}`,
    'Daemon is up and running',
    '',
  ].join('\n');
}

const PROTO_NAME: Record<ProtoRun['cfg']['type'], string> = {
  kernel: 'Kernel',
  device: 'Device',
  direct: 'Direct',
  static: 'Static',
  bgp: 'BGP',
};

function row(
  name: string,
  proto: string,
  table: string,
  state: string,
  since: string,
  info: string,
) {
  return `${name.padEnd(10)} ${proto.padEnd(10)} ${table.padEnd(10)} ${state.padEnd(6)} ${since.padEnd(12)}  ${info}\n`;
}

function info(p: ProtoRun): string {
  const b = p.bgp;
  // A protocol that is down (disabled, shut down) shows its last error only: none after a
  // manual down.
  if (p.cfg.type !== 'bgp' || p.state === 'down') return '';
  return `${(b?.state ?? 'Idle').padEnd(13)} ${b?.lastError ?? ''}`;
}

export function showProtocols(bird: Bird, all: boolean, name?: string): string {
  let out = row('Name', 'Proto', 'Table', 'State', 'Since', 'Info');
  for (const p of bird.protos) {
    if (name !== undefined && !globMatch(name, p.cfg.name)) continue;
    const table = p.cfg.type === 'kernel' || p.cfg.type === 'static' ? 'master4' : '---';
    out += row(p.cfg.name, PROTO_NAME[p.cfg.type], table, p.state, birdTime(p.since), info(p));
    if (all) out += details(bird, p);
  }
  return out;
}

function filterName(f: FilterSpec | undefined): string {
  if (!f || f.kind === 'all') return 'ACCEPT';
  if (f.kind === 'none') return 'REJECT';
  return f.kind === 'named' ? f.name : '(unnamed)';
}

const secs = (us: number) => (Math.max(0, us) / 1_000_000).toFixed(3);

function details(bird: Bird, p: ProtoRun): string {
  let out = '';
  if (p.cfg.description) out += `  Description:    ${p.cfg.description}\n`;
  const b = p.bgp;
  if (p.cfg.type === 'bgp') out += bgpDetails(bird, p, b);
  const ch = p.cfg.channel;
  if (ch) {
    const up = p.state === 'up';
    out += '  Channel ipv4\n';
    out += `    State:          ${up ? 'UP' : 'DOWN'}\n`;
    out += '    Table:          master4\n';
    out += `    Preference:     ${bird.preference(p)}\n`;
    out += `    Input filter:   ${filterName(ch.importFilter)}\n`;
    out += `    Output filter:  ${filterName(ch.exportFilter)}\n`;
    if (up) {
      const s = p.stats;
      let imported = 0;
      let preferred = 0;
      for (const list of bird.rib.walk()) {
        const i = list.findIndex((r) => r.proto === p.cfg.name);
        if (i >= 0) imported++;
        if (i === 0) preferred++;
      }
      const n = (v: number) => String(v).padStart(10);
      out += `    Routes:         ${imported} imported, ${p.exported.size} exported, ${preferred} preferred\n`;
      out += '    Route change stats:     received   rejected   filtered    ignored   accepted\n';
      out += `      Import updates:     ${n(s.impUpdReceived)} ${n(0)} ${n(s.impUpdFiltered)} ${n(0)} ${n(s.impUpdAccepted)}\n`;
      out += `      Import withdraws:   ${n(s.impWdReceived)} ${n(0)}        --- ${n(0)} ${n(s.impWdAccepted)}\n`;
      out += `      Export updates:     ${n(s.expUpdReceived)} ${n(s.expUpdRejected)} ${n(s.expUpdFiltered)}        --- ${n(s.expUpdAccepted)}\n`;
      out += `      Export withdraws:   ${n(s.expWdReceived)}        ---        ---        --- ${n(s.expWdAccepted)}\n`;
      if (b)
        out += `    BGP Next hop:   ${formatIpv4(p.cfg.sourceAddress ?? b.conn?.localAddr ?? 0)}\n`;
    }
    // Only a channel whose next hops resolve through a table (`gateway recursive`) names it.
    const internal = p.cfg.localAs === p.cfg.neighborAs;
    if (p.cfg.type === 'bgp' && (ch.gatewayRecursive ?? (internal || p.cfg.multihop))) {
      out += '    IGP IPv4 table: master4\n';
    }
  }
  return `${out}\n`;
}

function bgpDetails(bird: Bird, p: ProtoRun, b: BgpProto | undefined): string {
  const now = bird.w.sched.now;
  const state = p.disabled || !b ? 'Down' : b.state;
  let out = `  BGP state:          ${state}\n`;
  out += `    Neighbor address: ${formatIpv4(p.cfg.neighbor ?? 0)}\n`;
  out += `    Neighbor AS:      ${p.cfg.neighborAs}\n`;
  out += `    Local AS:         ${p.cfg.localAs}\n`;
  if (!b) return out;
  if (b.state === 'Established') {
    out += `    Neighbor ID:      ${formatIpv4(b.peerId)}\n`;
    out += `    Local capabilities\n${caps(b.localCaps())}`;
    out += `    Neighbor capabilities\n${caps(b.peerCaps)}`;
    const kind = b.internal ? 'internal' : 'external';
    out += `    Session:          ${kind}${p.cfg.multihop ? ' multihop' : ''}${b.enc.as4 ? ' AS4' : ''}\n`;
    out += `    Source address:   ${formatIpv4(b.conn?.localAddr ?? 0)}\n`;
    if (b.holdAt !== undefined)
      out += `    Hold timer:       ${secs(b.holdAt - now)}/${b.holdTime}\n`;
    if (b.keepaliveAt !== undefined) {
      out += `    Keepalive timer:  ${secs(b.keepaliveAt - now)}/${b.keepaliveTime}\n`;
    }
    return out;
  }
  if (b.connectAt !== undefined) {
    out += `    Connect delay:    ${secs(b.connectAt - now)}/${p.cfg.connectDelay}\n`;
  }
  if (b.lastError) out += `    Last error:       ${b.lastError}\n`;
  return out;
}

function caps(list: readonly BgpCapability[]): string {
  let out = '';
  for (const c of list) {
    switch (c.kind) {
      case 'multiprotocol':
        out += '      Multiprotocol\n        AF announced: ipv4\n';
        break;
      case 'routeRefresh':
        out += '      Route refresh\n';
        break;
      case 'gracefulRestart':
        // The details only when some address family is restartable (not for `aware`).
        out += '      Graceful restart\n';
        if (c.families.length > 0)
          out += `        Restart time: ${c.time}\n        AF supported: ipv4\n        AF preserved:\n`;
        break;
      case 'fourOctetAs':
        out += '      4-octet AS numbers\n';
        break;
      case 'addPath': {
        const sr = c.families[0]?.sendReceive ?? 0;
        out += '      ADD-PATH\n';
        if (sr & 1) out += '        RX: ipv4\n';
        if (sr & 2) out += '        TX: ipv4\n';
        break;
      }
      case 'enhancedRouteRefresh':
        out += '      Enhanced refresh\n';
        break;
      case 'raw':
        if (c.code === 71) out += '      Long-lived graceful restart\n';
        break;
    }
  }
  return out;
}

export interface RouteQuery {
  all: boolean;
  count: boolean;
  primary?: boolean;
  prefix?: { addr: string; len: number };
  for?: string;
  protocol?: string;
  export?: string;
  /** `table NAME`: only that table, its header even when empty. */
  table?: string;
  /** `where EXPR` or `filter NAME|{…}`. */
  filter?: FilterSpec;
}

const TYPE: Record<Rte['source'], string> = {
  RTS_INHERIT: 'inherit',
  RTS_DEVICE: 'device',
  RTS_STATIC: 'static',
  RTS_BGP: 'BGP',
};

const ORIGIN = ['IGP', 'EGP', 'Incomplete'];

function routeLines(r: Rte, first: boolean, best: boolean, all: boolean): string {
  const net = first ? netKey(r.net) : '';
  let bgp = '';
  if (r.bgp) {
    const o = 'ie?'[r.bgp.origin] ?? '?';
    const last = r.bgp.asPath[r.bgp.asPath.length - 1];
    bgp = last === undefined ? ` [${o}]` : ` [AS${last}${o}]`;
  }
  // BIRD names the peer when it is not the gateway (iBGP next hops, unreachable routes).
  const from = r.bgp && r.bgp.from !== r.gw ? ` from ${formatIpv4(r.bgp.from)}` : '';
  let out = `${net.padEnd(20)} ${r.dest} [${r.proto} ${birdTime(r.since)}${from}]${best ? ' *' : ''} (${r.preference})${bgp}\n`;
  if (r.dest === 'unicast' && r.gw !== undefined) out += `\tvia ${formatIpv4(r.gw)} on ${r.dev}\n`;
  else if (r.dest === 'unicast' && r.dev) out += `\tdev ${r.dev}\n`;
  if (!all) return out;
  out += `\tType: ${TYPE[r.source]} univ\n`;
  if (r.kernel) {
    out += `\tKernel.source: ${r.kernel.proto}\n\tKernel.metric: ${r.kernel.metric}\n`;
    if (r.kernel.scope !== 0) out += `\tKernel.scope: ${r.kernel.scope}\n`;
  }
  if (r.bgp) {
    out += `\tBGP.origin: ${ORIGIN[r.bgp.origin] ?? '?'}\n`;
    out += `\tBGP.as_path: ${r.bgp.asPath.join(' ')}\n`;
    out += `\tBGP.next_hop: ${formatIpv4(r.bgp.nextHop)}\n`;
    if (r.bgp.med !== undefined) out += `\tBGP.med: ${r.bgp.med}\n`;
    if (r.bgp.localPref !== undefined) out += `\tBGP.local_pref: ${r.bgp.localPref}\n`;
  }
  return out;
}

/**
 * `show route …` as rt_show() walks it: every route of a network in scope is counted (`of N
 * routes for M networks`), then the options decide which are shown. A table's header comes
 * before its first shown route, or at once when `table` named it; `count` prints no headers.
 * With a prefix or `for`, only that network is looked at and there are no counts.
 */
export function showRoute(bird: Bird, q: RouteQuery): { text: string; error?: boolean } {
  let lists = bird.rib.walk();
  const single = q.prefix !== undefined || q.for !== undefined;
  if (q.prefix) {
    const addr = parseIpv4(q.prefix.addr);
    lists = lists.filter((l) => l[0].net.addr === addr && l[0].net.len === q.prefix?.len);
  }
  if (q.for !== undefined) {
    const hit = bird.rib.lookup(parseIpv4(q.for) ?? 0);
    lists = hit ? lists.filter((l) => l[0].net === hit.net) : [];
  }
  if (single && lists.length === 0) return { text: 'Network not found\n', error: true };
  const exported = q.export
    ? bird.protos.find((p) => p.cfg.name === q.export)?.exported
    : undefined;
  // A protocol or export channel implies its table (master4); a prefix picks the IPv4 table.
  const tables = q.table
    ? [q.table]
    : q.protocol || q.export || single
      ? ['master4']
      : ['master4', 'master6'];
  let out = '';
  const sum = { shown: 0, routes: 0, nets: 0 };
  for (const table of tables) {
    const t = { shown: 0, routes: 0, nets: 0 };
    let header = q.table !== undefined && !q.count;
    if (header) out += `Table ${table}:\n`;
    for (const list of table === 'master4' ? lists : []) {
      t.nets++;
      let first = true;
      for (const [i, r] of list.entries()) {
        t.routes++;
        if (q.protocol && r.proto !== q.protocol) continue;
        if (exported && (i !== 0 || exported.get(netKey(r.net)) !== r)) continue;
        if (q.primary && i !== 0) continue;
        if (q.filter && bird.filter(q.filter, r) === 'reject') continue;
        t.shown++;
        if (q.count) continue;
        if (!header) out += `Table ${table}:\n`;
        header = true;
        out += routeLines(r, first, i === 0, q.all);
        first = false;
      }
    }
    if (q.count && !single) {
      out += `${t.shown} of ${t.routes} routes for ${t.nets} networks in table ${table}\n`;
    }
    sum.shown += t.shown;
    sum.routes += t.routes;
    sum.nets += t.nets;
  }
  if (q.count && !single && tables.length > 1) {
    out += `Total: ${sum.shown} of ${sum.routes} routes for ${sum.nets} networks in ${tables.length} tables\n`;
  }
  return { text: out };
}

/** BIRD's address scope: host for 127/8, site for the private ranges, else universe. */
function v4Scope(addr: number, scope: number): string {
  if (scope >= SCOPE.host || addr >>> 24 === 127) return 'host';
  if (scope === SCOPE.link) return 'link';
  const a = addr >>> 24;
  const b = (addr >>> 16) & 255;
  const priv = a === 10 || (a === 172 && b >= 16 && b < 32) || (a === 192 && b === 168);
  return priv ? 'site' : 'univ';
}

/** The device's IPv4 addresses in the kernel's order; the first primary one is preferred. */
function v4Lines(dev: NetDevice): string[] {
  let preferred = false;
  return dev.addrs.map((a) => {
    const tags = [];
    if (a.secondary) tags.push('Secondary');
    else if (!preferred) {
      preferred = true;
      tags.push('Preferred');
    }
    tags.push(`scope ${v4Scope(a.addr, a.scope)}`);
    return `${formatIpv4(a.addr)}/${a.len} (${tags.join(', ')})`;
  });
}

/** IPv6 addresses BIRD sees: not those still in duplicate address detection. */
function v6Of(dev: NetDevice, now: number) {
  return dev.ipv6.filter((a) => a.tentativeUntil <= now);
}

function v6Lines(dev: NetDevice, now: number): string[] {
  return v6Of(dev, now).map(
    (a, i) =>
      `${a.addr}/${a.len} (${i === 0 ? 'Preferred, ' : ''}scope ${a.addr === '::1' ? 'host' : 'link'})`,
  );
}

/** `show interfaces [summary]`, interfaces in ifindex order. */
export function showInterfaces(bird: Bird, summary: boolean): string {
  const devs = [...bird.ns.devices].sort((a, b) => a.ifindex - b.ifindex);
  if (summary) {
    const row = (n: string, s: string, v4: string, v6: string) =>
      `${n.padEnd(10)} ${s.padEnd(6)} ${v4.padEnd(18)} ${v6}\n`;
    let out = row('Interface', 'State', 'IPv4 address', 'IPv6 address');
    for (const d of devs) {
      const v4 = d.addrs.find((a) => !a.secondary);
      const v4Text = v4 ? `${formatIpv4(v4.addr)}/${v4.len}` : '';
      const v6 = v6Of(d, bird.w.sched.now)[0];
      out += row(d.name, d.adminUp ? 'up' : 'down', v4Text, v6 ? `${v6.addr}/${v6.len}` : '');
    }
    return out;
  }
  let out = '';
  for (const d of devs) {
    const f = d.flags;
    const flags = [
      f & IFF.POINTOPOINT ? '' : 'MultiAccess',
      f & IFF.BROADCAST ? 'Broadcast' : '',
      f & IFF.MULTICAST ? 'Multicast' : '',
      d.adminUp ? 'AdminUp' : 'AdminDown',
      f & IFF.LOWER_UP ? 'LinkUp' : 'LinkDown',
      f & IFF.LOOPBACK ? 'Loopback Ignored' : '',
      `MTU=${d.mtu}`,
    ].filter(Boolean);
    out += `${d.name} ${d.adminUp ? 'up' : 'down'} (index=${d.ifindex})\n\t${flags.join(' ')}\n`;
    for (const l of [...v4Lines(d), ...v6Lines(d, bird.w.sched.now)]) out += `\t${l}\n`;
  }
  return out;
}

/** `show static [NAME]`: each static protocol's configured routes (all of them without NAME). */
export function showStatic(bird: Bird, only: ProtoRun | undefined): string {
  const statics = only ? [only] : bird.protos.filter((p) => p.cfg.type === 'static');
  return statics
    .map((p) =>
      p.cfg.routes
        .map((r) => {
          const net = netKey(r.net);
          if (r.kind === 'via') return `${net}\n\tvia ${formatIpv4(r.via)}\n`;
          return `${net}\t${r.kind === 'prohibit' ? 'prohibited' : r.kind}\n`;
        })
        .join(''),
    )
    .join('\n');
}
