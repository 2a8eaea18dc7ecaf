/**
 * The docker CLI's output formats (docker 24): tables through Go's text/tabwriter as the CLI
 * configures it (minwidth 10, padding 3), `docker ps` cells, and the JSON of `docker inspect`
 * and `docker network inspect` (4-space indent, as json.Indent does).
 */
import type { Container, Dockerd, PortBinding } from '../../../daemons/docker/dockerd';
import { humanDuration, rfc3339Nano } from '../../../daemons/docker/time';
import { formatIpv4, formatMac } from '../../../kernel/inet';

/** tabwriter.NewWriter(out, 10, 1, 3, ' ', 0): every cell but the last padded to its column. */
export function tabwrite(rows: string[][]): string {
  const cols = Math.max(0, ...rows.map((r) => r.length));
  const width: number[] = [];
  for (let i = 0; i < cols - 1; i++) {
    const w = Math.max(0, ...rows.map((r) => [...(r[i] ?? '')].length));
    width.push(Math.max(10, w + 3));
  }
  return rows
    .map((r) =>
      r
        .map((cell, i) =>
          i < r.length - 1 ? cell + ' '.repeat(width[i] - [...cell].length) : cell,
        )
        .join(''),
    )
    .map((l) => `${l}\n`)
    .join('');
}

/** docker/cli formatter.Ellipsis for ASCII text: at most `max` runes, the last one `…`. */
export function ellipsis(s: string, max: number): string {
  const rs = [...s];
  return rs.length <= max ? s : `${rs.slice(0, max - 1).join('')}…`;
}

/** JSON as the docker CLI prints it (Go's json.Indent with four spaces; `<>&` escaped). */
export function dockerJson(v: unknown): string {
  return JSON.stringify(v, null, 4)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026');
}

export function commandLine(c: Container): string {
  return [c.path, ...c.args].join(' ');
}

/** The STATUS column. */
export function statusText(c: Container, now: number): string {
  if (c.state === 'running') return `Up ${humanDuration(now - (c.startedAt ?? now))}`;
  if (c.state === 'exited')
    return `Exited (${c.exitCode}) ${humanDuration(now - (c.finishedAt ?? now))} ago`;
  return 'Created';
}

/** The PORTS column: published ports (IPv4 and the IPv6 twin), else the exposed ones. */
export function portsText(c: Container): string {
  if (c.state !== 'running' || c.netMode.kind === 'host' || c.netMode.kind === 'none') return '';
  const out: string[] = [];
  const published = new Set<string>();
  for (const p of c.ports) {
    published.add(`${p.containerPort}/${p.proto}`);
    out.push(`${p.hostIp}:${p.hostPort}->${p.containerPort}/${p.proto}`);
    if (p.hostIp === '0.0.0.0') out.push(`:::${p.hostPort}->${p.containerPort}/${p.proto}`);
  }
  for (const e of c.image.exposed) if (!published.has(e)) out.push(e);
  return out.join(', ');
}

export function psTable(
  d: Dockerd,
  all: boolean,
  quiet: boolean,
  noTrunc: boolean,
  now: number,
): string {
  const list = [...d.containers.values()].filter((c) => all || c.state === 'running').reverse();
  if (quiet) return list.map((c) => `${noTrunc ? c.id : c.id.slice(0, 12)}\n`).join('');
  const rows = [['CONTAINER ID', 'IMAGE', 'COMMAND', 'CREATED', 'STATUS', 'PORTS', 'NAMES']];
  for (const c of list) {
    const cmd = commandLine(c);
    rows.push([
      noTrunc ? c.id : c.id.slice(0, 12),
      c.imageRef,
      JSON.stringify(noTrunc ? cmd : ellipsis(cmd, 20)),
      `${humanDuration(now - c.created)} ago`,
      statusText(c, now),
      portsText(c),
      c.name,
    ]);
  }
  return tabwrite(rows);
}

function portsJson(c: Container): Record<string, { HostIp: string; HostPort: string }[] | null> {
  const ports: Record<string, { HostIp: string; HostPort: string }[] | null> = {};
  if (c.state !== 'running' || c.netMode.kind !== 'bridge') return ports;
  for (const e of c.image.exposed) ports[e] = null;
  for (const p of c.ports) {
    const key = `${p.containerPort}/${p.proto}`;
    const list = ports[key] ?? [];
    list.push({ HostIp: p.hostIp, HostPort: String(p.hostPort) });
    if (p.hostIp === '0.0.0.0') list.push({ HostIp: '::', HostPort: String(p.hostPort) });
    ports[key] = list;
  }
  return ports;
}

function bindingsJson(
  ports: PortBinding[],
): Record<string, { HostIp: string; HostPort: string }[]> {
  const b: Record<string, { HostIp: string; HostPort: string }[]> = {};
  for (const p of ports) {
    const key = `${p.containerPort}/${p.proto}`;
    b[key] = [
      ...(b[key] ?? []),
      { HostIp: p.hostIp === '0.0.0.0' ? '' : p.hostIp, HostPort: String(p.hostPort) },
    ];
  }
  return b;
}

function networkMode(c: Container): string {
  const m = c.netMode;
  return m.kind === 'container' ? `container:${m.id}` : m.kind === 'bridge' ? 'default' : m.kind;
}

/** `docker inspect CONTAINER`: the fields the lab models (State, Config, HostConfig, NetworkSettings). */
export function containerInspect(d: Dockerd, c: Container): Record<string, unknown> {
  const ep = c.endpoint;
  const running = c.state === 'running';
  const ip = ep ? formatIpv4(ep.ip) : '';
  const gw = ep ? formatIpv4(ep.gateway) : '';
  const mac = ep ? formatMac(ep.mac) : '';
  const networks: Record<string, unknown> = {};
  const netName = c.netMode.kind === 'container' ? undefined : c.netMode.kind;
  if (netName !== undefined) {
    const networkId =
      netName === 'bridge'
        ? d.bridgeNetworkId
        : netName === 'host'
          ? d.hostNetworkId
          : d.noneNetworkId;
    networks[netName] = {
      IPAMConfig: null,
      Links: null,
      Aliases: null,
      NetworkID: running ? networkId : '',
      EndpointID: ep?.endpointId ?? '',
      Gateway: gw,
      IPAddress: ip,
      IPPrefixLen: ep?.len ?? 0,
      IPv6Gateway: '',
      GlobalIPv6Address: '',
      GlobalIPv6PrefixLen: 0,
      MacAddress: mac,
      DriverOpts: null,
    };
  }
  return {
    Id: c.id,
    Created: rfc3339Nano(c.created),
    Path: c.path,
    Args: c.args,
    State: {
      Status: c.state,
      Running: running,
      Paused: false,
      Restarting: false,
      OOMKilled: false,
      Dead: false,
      Pid: c.pid,
      ExitCode: c.exitCode,
      Error: '',
      StartedAt: c.startedAt === undefined ? '0001-01-01T00:00:00Z' : rfc3339Nano(c.startedAt),
      FinishedAt: c.finishedAt === undefined ? '0001-01-01T00:00:00Z' : rfc3339Nano(c.finishedAt),
    },
    Image: c.image.id,
    Name: `/${c.name}`,
    RestartCount: 0,
    Driver: 'overlay2',
    Platform: 'linux',
    HostConfig: {
      NetworkMode: networkMode(c),
      PortBindings: bindingsJson(c.ports),
      AutoRemove: c.autoRemove,
    },
    Config: {
      Hostname: c.hostname,
      Image: c.imageRef,
      Cmd:
        c.args.length > 0 || c.image.entrypoint.length === 0
          ? [c.path, ...c.args].slice(c.image.entrypoint.length)
          : null,
      Entrypoint: c.image.entrypoint.length > 0 ? c.image.entrypoint : null,
    },
    NetworkSettings: {
      Bridge: '',
      SandboxID: running ? c.sandboxId : '',
      HairpinMode: false,
      LinkLocalIPv6Address: '',
      LinkLocalIPv6PrefixLen: 0,
      Ports: portsJson(c),
      SandboxKey:
        running && c.netMode.kind !== 'host'
          ? `/var/run/docker/netns/${c.sandboxId.slice(0, 12)}`
          : '',
      SecondaryIPAddresses: null,
      SecondaryIPv6Addresses: null,
      EndpointID: ep?.endpointId ?? '',
      Gateway: gw,
      GlobalIPv6Address: '',
      GlobalIPv6PrefixLen: 0,
      IPAddress: ip,
      IPPrefixLen: ep?.len ?? 0,
      IPv6Gateway: '',
      MacAddress: mac,
      Networks: networks,
    },
  };
}

/** `docker network inspect NAME` for the three built-in networks. */
export function networkInspect(
  d: Dockerd,
  name: 'bridge' | 'host' | 'none',
): Record<string, unknown> {
  const containers: Record<string, unknown> = {};
  for (const c of d.containers.values()) {
    if (c.state !== 'running' || c.netMode.kind !== name) continue;
    const ep = c.endpoint;
    containers[c.id] = {
      Name: c.name,
      EndpointID: ep?.endpointId ?? c.sandboxId,
      MacAddress: ep ? formatMac(ep.mac) : '',
      IPv4Address: ep ? `${formatIpv4(ep.ip)}/${ep.len}` : '',
      IPv6Address: '',
    };
  }
  const isBridge = name === 'bridge';
  return {
    Name: name,
    Id: isBridge ? d.bridgeNetworkId : name === 'host' ? d.hostNetworkId : d.noneNetworkId,
    Created: rfc3339Nano(d.started),
    Scope: 'local',
    Driver: isBridge ? 'bridge' : name === 'host' ? 'host' : 'null',
    EnableIPv6: false,
    IPAM: {
      Driver: 'default',
      Options: null,
      Config: isBridge ? [{ Subnet: d.subnet, Gateway: formatIpv4(d.gateway) }] : [],
    },
    Internal: false,
    Attachable: false,
    Ingress: false,
    ConfigFrom: { Network: '' },
    ConfigOnly: false,
    Containers: containers,
    Options: isBridge
      ? {
          'com.docker.network.bridge.default_bridge': 'true',
          'com.docker.network.bridge.enable_icc': 'true',
          'com.docker.network.bridge.enable_ip_masquerade': 'true',
          'com.docker.network.bridge.host_binding_ipv4': '0.0.0.0',
          'com.docker.network.bridge.name': 'docker0',
          'com.docker.network.driver.mtu': String(d.mtu),
        }
      : {},
    Labels: {},
  };
}

/**
 * A small part of Go's text/template as `docker inspect -f` uses it: `{{.A.B}}`,
 * `{{json .A}}`, and `{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}`.
 */
export function goTemplate(tpl: string, data: unknown): string | { error: string } {
  const get = (obj: unknown, path: string): unknown => {
    let v = obj;
    for (const k of path.split('.').filter((x) => x !== '')) {
      if (v === null || typeof v !== 'object') return undefined;
      v = (v as Record<string, unknown>)[k];
    }
    return v;
  };
  const show = (v: unknown): string => {
    if (v === null || v === undefined) return '<no value>';
    if (Array.isArray(v)) return `[${v.map(show).join(' ')}]`;
    if (typeof v === 'object')
      return `map[${Object.entries(v as Record<string, unknown>)
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([k, x]) => `${k}:${show(x)}`)
        .join(' ')}]`;
    return String(v);
  };
  let out = '';
  let i = 0;
  const re = /\{\{\s*(.*?)\s*\}\}/g;
  let m: RegExpExecArray | null = re.exec(tpl);
  while (m !== null) {
    out += tpl.slice(i, m.index);
    i = re.lastIndex;
    const action = m[1];
    const range = /^range\s+(\.[\w.]*)$/.exec(action);
    if (range) {
      const end = tpl.indexOf('{{end}}', i);
      if (end < 0) return { error: 'template: :1: unexpected EOF' };
      const body = tpl.slice(i, end);
      const coll = get(data, range[1]);
      const items = Array.isArray(coll)
        ? coll
        : coll && typeof coll === 'object'
          ? Object.keys(coll as object)
              .sort()
              .map((k) => (coll as Record<string, unknown>)[k])
          : [];
      for (const item of items) {
        const r = goTemplate(body, item);
        if (typeof r !== 'string') return r;
        out += r;
      }
      i = end + '{{end}}'.length;
      re.lastIndex = i;
    } else if (/^json\s+\./.test(action)) {
      out += JSON.stringify(get(data, action.replace(/^json\s+/, '')) ?? null);
    } else if (action.startsWith('.')) {
      out += show(get(data, action));
    } else {
      return { error: `template: :1: function "${action.split(/\s/)[0]}" not defined` };
    }
    m = re.exec(tpl);
  }
  return out + tpl.slice(i);
}
