/**
 * `etcdctl` 3.4.23 over the lab's TCP: `ETCDCTL_API=2` (read from the environment, so
 * `export ETCDCTL_API=2` works) gives the v2 tool (urfave/cli): `ls [--recursive] [-p] [--sort]`,
 * `get`, `set [--ttl N]`, `mk`, `mkdir`, `setdir`, `update`, `updatedir`, `rm [--dir]
 * [--recursive]`, `rmdir`, `watch [--recursive] [--forever] [--after-index N]`, `member list`,
 * `--version`, global `--endpoints/--endpoint/--peers/-C`, `-o simple|extended|json`,
 * `--no-sync`, `--total-timeout`. Like the real one it first reads /v2/members and then talks to
 * the advertised client URLs. Errors and exit codes as etcdctl's (`Error:  100: Key not found
 * (/x) [6]`, exit 4; cluster unreachable exit 2; `No help topic for 'foo'` exit 3).
 *
 * The default (`ETCDCTL_API=3` or unset) is the v3 tool (cobra): `get [--prefix] [--keys-only]
 * [--print-value-only] [--limit N] [--rev N] [-w simple|json|fields]`, `put [--lease ID]`,
 * `del [--prefix]`, `watch [--prefix]`, `lease grant|revoke|timetolive [--keys]`, `member list
 * [-w table]`, `endpoint health`, `version`. It reaches etcd through etcd's JSON gateway (the
 * real etcdctl speaks gRPC): the outputs are etcdctl's, the bytes on the wire are HTTP/1.1 JSON.
 *
 * Left out: auth, TLS, discovery, txn, compaction, snapshot, `exec-watch`, `cluster-health`,
 * `endpoint status`, reading a value from stdin, usage pages for most bad flags (only `get`'s
 * is exact).
 */

import { rfc3339Nano } from '../../daemons/docker/time';
import { b64decode, b64encode } from '../../daemons/etcd/base64';
import {
  clusterErrorDetail,
  clusterErrorText,
  FORM,
  HttpClient,
  V2Cluster,
  type V2Outcome,
  v2KeysTarget,
  v2Result,
  v2SetRequest,
  v3Call,
} from '../../daemons/etcd/client';
import type { EtcdNode, EtcdResult } from '../../daemons/etcd/contract';
import { type EtcdUrl, parseEtcdUrl } from '../../daemons/etcd/server';
import { prefixRangeEnd } from '../../daemons/etcd/v3store';
import type { Command, CommandContext } from '../command';
import type { ProcBody } from '../process';

const VERSION = '3.4.23';

/** Go's time.ParseDuration for the simple forms etcdctl flags take (`5s`, `500ms`, `1m`). */
function parseDuration(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h|us|µs)$/.exec(text);
  if (!m) return undefined;
  const mult: Record<string, number> = { us: 1, µs: 1, ms: 1000, s: 1e6, m: 60e6, h: 3600e6 };
  return Math.round(Number(m[1]) * mult[m[2]]);
}

/** Go's time.Duration.String for µs values. */
export function goDuration(us: number): string {
  if (us === 0) return '0s';
  if (us < 1000) return `${us}µs`;
  if (us < 1_000_000) return `${trim(us / 1000)}ms`;
  return `${trim(us / 1_000_000)}s`;
}

function trim(n: number): string {
  return n.toFixed(6).replace(/\.?0+$/, '');
}

interface Parsed {
  /** Flag values by name (bools as 'true'). */
  flags: Map<string, string>;
  args: string[];
  bad?: string;
}

/**
 * Split argv into flags and arguments. `bools` never take a value; the other known flags do
 * (`--f v` or `--f=v`); `stopAtArg` ends flag parsing at the first argument (urfave/cli globals).
 */
function parseFlags(
  argv: string[],
  bools: Set<string>,
  values: Set<string>,
  stopAtArg: boolean,
): Parsed {
  const flags = new Map<string, string>();
  const args: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      args.push(...argv.slice(i + 1));
      break;
    }
    if (!a.startsWith('-') || a === '-') {
      if (stopAtArg) {
        args.push(...argv.slice(i));
        break;
      }
      args.push(a);
      continue;
    }
    const body = a.replace(/^--?/, '');
    const eq = body.indexOf('=');
    const name = eq < 0 ? body : body.slice(0, eq);
    if (bools.has(name)) flags.set(name, eq < 0 ? 'true' : body.slice(eq + 1));
    else if (values.has(name)) {
      const v = eq < 0 ? argv[++i] : body.slice(eq + 1);
      if (v === undefined) return { flags, args, bad: a };
      flags.set(name, v);
    } else return { flags, args, bad: a };
  }
  return { flags, args };
}

function endpointsOf(list: string): EtcdUrl[] {
  return list
    .split(',')
    .filter((e) => e !== '')
    .map((e) => parseEtcdUrl(/^[a-z]+:\/\//.test(e) ? e : `http://${e}`))
    .filter((u): u is EtcdUrl => typeof u !== 'string');
}

export const etcdctlCommand: Command = {
  name: 'etcdctl',
  help: {
    summary: 'etcd client (v3 by default; ETCDCTL_API=2 for the v2 keys API flannel uses)',
    usage: [
      'ETCDCTL_API=2 etcdctl [--endpoints URLS] [-o simple|extended|json] ls|get|set|mk|mkdir|rm|rmdir|update|watch ...',
      'etcdctl [--endpoints URLS] [-w simple|json|fields|table] get|put|del|watch|lease|member|endpoint|version ...',
    ],
    notes:
      "v3 requests travel as JSON over HTTP/1.1 to etcd's gateway (the real etcdctl uses gRPC); outputs are etcdctl 3.4.23's.",
  },
  mutates: (argv) =>
    argv.some((a) =>
      [
        'set',
        'mk',
        'mkdir',
        'setdir',
        'rm',
        'rmdir',
        'update',
        'updatedir',
        'put',
        'del',
        'lease',
      ].includes(a),
    ),
  run(argv, ctx) {
    const api = ctx.env.get('ETCDCTL_API') ?? '';
    if (api === '2') return v2Main(argv, ctx);
    if (api === '' || api === '3') return v3Main(argv, ctx);
    ctx.stderr.write(`unsupported API version ${api}\n`);
    return 1;
  },
};

// -- v2 ---------------------------------------------------------------------------------------

const V2_GLOBAL_BOOLS = new Set([
  'debug',
  'no-sync',
  'insecure-discovery',
  'version',
  'v',
  'help',
  'h',
]);
const V2_GLOBAL_VALUES = new Set([
  'output',
  'o',
  'discovery-srv',
  'D',
  'peers',
  'C',
  'endpoint',
  'endpoints',
  'cert-file',
  'key-file',
  'ca-file',
  'username',
  'u',
  'timeout',
  'total-timeout',
]);

const V2_COMMANDS: Record<string, { bools: string[]; values: string[] }> = {
  ls: { bools: ['sort', 'recursive', 'r', 'p', 'quorum', 'q'], values: [] },
  get: { bools: ['sort', 'quorum', 'q'], values: [] },
  set: { bools: [], values: ['ttl', 'swap-with-value', 'swap-with-index'] },
  mk: { bools: ['in-order'], values: ['ttl'] },
  mkdir: { bools: [], values: ['ttl'] },
  setdir: { bools: [], values: ['ttl'] },
  update: { bools: [], values: ['ttl'] },
  updatedir: { bools: [], values: ['ttl'] },
  rm: { bools: ['dir', 'recursive', 'r'], values: ['with-value', 'with-index'] },
  rmdir: { bools: [], values: [] },
  watch: { bools: ['forever', 'f', 'recursive', 'r'], values: ['after-index'] },
  member: { bools: [], values: [] },
};

const ExitBadArgs = 1;
const ExitBadConnection = 2;
const ExitServerError = 4;

interface V2Globals {
  output: string;
  noSync: boolean;
  endpoints: EtcdUrl[];
  totalTimeout: number;
}

function v2Main(argv: string[], ctx: CommandContext): number | ProcBody {
  const g = parseFlags(argv, V2_GLOBAL_BOOLS, V2_GLOBAL_VALUES, true);
  if (g.bad) {
    ctx.stderr.write(
      `Incorrect Usage: flag provided but not defined: -${g.bad.replace(/^--?/, '').replace(/=.*/, '')}\n`,
    );
    return 1;
  }
  if (g.flags.has('version') || g.flags.has('v')) {
    ctx.stdout.write(`etcdctl version: ${VERSION}\nAPI version: 2\n`);
    return 0;
  }
  const [name, ...rest] = g.args;
  if (name === undefined || name === 'help' || g.flags.has('help') || g.flags.has('h')) {
    ctx.stdout.write(
      `NAME:\n   etcdctl - A simple command line client for etcd.\n\nUSAGE:\n   etcdctl [global options] command [command options] [arguments...]\n\nVERSION:\n   ${VERSION}\n\nCOMMANDS:\n   ${Object.keys(V2_COMMANDS).join(', ')}\n`,
    );
    return 0;
  }
  const spec = V2_COMMANDS[name];
  if (!spec) {
    ctx.stderr.write(`No help topic for '${name}'\n`);
    return 3;
  }
  const c = parseFlags(rest, new Set(spec.bools), new Set(spec.values), false);
  if (c.bad) {
    ctx.stderr.write(
      `Incorrect Usage: flag provided but not defined: -${c.bad.replace(/^--?/, '').replace(/=.*/, '')}\n`,
    );
    return 1;
  }
  const env = ctx.env;
  const epText =
    g.flags.get('endpoints') ||
    env.get('ETCDCTL_ENDPOINTS') ||
    g.flags.get('endpoint') ||
    env.get('ETCDCTL_ENDPOINT') ||
    g.flags.get('peers') ||
    g.flags.get('C') ||
    env.get('ETCDCTL_PEERS') ||
    'http://127.0.0.1:2379,http://127.0.0.1:4001';
  const globals: V2Globals = {
    output: g.flags.get('output') ?? g.flags.get('o') ?? 'simple',
    noSync: g.flags.has('no-sync'),
    endpoints: endpointsOf(epText),
    totalTimeout: parseDuration(g.flags.get('total-timeout') ?? '5s') ?? 5_000_000,
  };
  const key = c.args[0];
  const needsKey = name !== 'ls' && name !== 'member';
  if (needsKey && key === undefined) return fail2(ctx, globals, ExitBadArgs, 'key required');
  if (['set', 'mk', 'update'].includes(name) && c.args[1] === undefined)
    return fail2(ctx, globals, ExitBadArgs, 'value required');
  if (!ctx.netns) return fail2(ctx, globals, ExitBadArgs, 'no network namespace');
  return v2Run(name, c, globals, ctx);
}

function fail2(
  ctx: CommandContext,
  g: V2Globals,
  code: number,
  text: string,
  detail?: string,
): number {
  void g;
  ctx.stderr.write(`Error:  ${text}\n`);
  if (detail !== undefined) ctx.stderr.write(`${detail}\n`);
  return code;
}

/** handleError for what a keys call returned. */
function v2Fail(
  ctx: CommandContext,
  g: V2Globals,
  r: EtcdResult & { detail?: string },
  code: number,
): number {
  if (r.ok) return 0;
  if (r.errorCode === 0) {
    if (
      r.cause === 'transport' &&
      r.detail !== undefined &&
      r.message.startsWith('client: etcd cluster')
    )
      return fail2(ctx, g, code, r.message, r.detail);
    return fail2(ctx, g, code, r.message);
  }
  if (g.output === 'json') {
    ctx.stderr.write(
      `{"errorCode":${r.errorCode},"message":${JSON.stringify(r.message)},"cause":${JSON.stringify(r.cause)},"index":${r.index}}\n`,
    );
    return code;
  }
  return fail2(ctx, g, code, `${r.errorCode}: ${r.message} (${r.cause}) [${r.index}]`);
}

/** client.Node as json.Marshal writes it (etcdctl -o json). */
function clientNodeJson(n: EtcdNode): string {
  let s = `{"key":${JSON.stringify(n.key ?? '')}`;
  if (n.dir) s += ',"dir":true';
  s += `,"value":${JSON.stringify(n.value ?? '')}`;
  s += `,"nodes":${n.nodes ? `[${n.nodes.map(clientNodeJson).join(',')}]` : 'null'}`;
  s += `,"createdIndex":${n.createdIndex},"modifiedIndex":${n.modifiedIndex}`;
  if (n.expiration) s += `,"expiration":${JSON.stringify(n.expiration)}`;
  if (n.ttl) s += `,"ttl":${n.ttl}`;
  return `${s}}`;
}

/** printResponseKey. */
function printResponse(
  ctx: CommandContext,
  r: Extract<EtcdResult, { ok: true }>,
  format: string,
): void {
  const out = (t: string) => ctx.stdout.write(`${t}\n`);
  if (format === 'simple') {
    if (r.action !== 'delete') out(r.node.value ?? '');
    else out(`PrevNode.Value: ${r.prevNode?.value ?? ''}`);
  } else if (format === 'extended') {
    out(`Key: ${r.node.key}`);
    out(`Created-Index: ${r.node.createdIndex}`);
    out(`Modified-Index: ${r.node.modifiedIndex}`);
    if (r.prevNode) out(`PrevNode.Value: ${r.prevNode.value ?? ''}`);
    out(`TTL: ${r.node.ttl ?? 0}`);
    out(`Index: ${r.index}`);
    if (r.action !== 'delete') {
      out('');
      out(r.node.value ?? '');
    }
  } else if (format === 'json') {
    out(
      `{"action":${JSON.stringify(r.action)},"node":${clientNodeJson(r.node)},"prevNode":${r.prevNode ? clientNodeJson(r.prevNode) : 'null'}}`,
    );
  } else ctx.stderr.write(`Unsupported output format: ${format}\n`);
}

function isConnectionError(errors: string[]): boolean {
  return errors.every((e) => /^(dial tcp|read tcp|EOF|context deadline exceeded)/.test(e));
}

function v2Run(name: string, c: Parsed, g: V2Globals, ctx: CommandContext): ProcBody {
  const w = ctx.world;
  const http = new HttpClient(
    w,
    ctx.netns as NonNullable<CommandContext['netns']>,
    'etcdctl',
    ctx.wake,
  );
  const cluster = new V2Cluster(http, g.endpoints);
  const bool = (...names: string[]) => names.some((n) => c.flags.get(n) === 'true');
  const int = (n: string) => Number(c.flags.get(n) ?? 0) || 0;
  const key = c.args[0] ?? '/';
  return (function* (): ProcBody {
    try {
      const deadline = () => w.sched.now + g.totalTimeout;
      if (!g.noSync) {
        const s = yield* cluster.sync(deadline());
        if (s && !s.ok && (s.timeout || isConnectionError(s.errors))) {
          if (s.timeout) return fail2(ctx, g, ExitBadConnection, s.errors[0]);
          return fail2(
            ctx,
            g,
            ExitBadConnection,
            clusterErrorText(s.errors),
            clusterErrorDetail(s.errors),
          );
        }
      }
      const call = function* (method: string, target: string, body?: string, oneShot = false) {
        const r: V2Outcome = yield* cluster.do(
          method,
          target,
          body,
          body === undefined ? undefined : FORM,
          deadline(),
          oneShot,
        );
        return v2Result(r);
      };
      const get = (recursive: boolean, sorted: boolean) =>
        v2KeysTarget(key, [
          ['quorum', String(bool('quorum', 'q'))],
          ['recursive', String(recursive)],
          ['sorted', String(sorted)],
        ]);
      switch (name) {
        case 'ls': {
          const r = yield* call('GET', get(bool('recursive', 'r'), bool('sort')));
          if (!r.ok) return v2Fail(ctx, g, r, ExitServerError);
          if (g.output !== 'simple') {
            printResponse(ctx, r, g.output);
            return 0;
          }
          const p = bool('p');
          const rPrint = (n: EtcdNode) => {
            ctx.stdout.write(`${n.key}${n.dir && p ? '/' : ''}\n`);
            for (const ch of n.nodes ?? []) rPrint(ch);
          };
          if (!r.node.dir) ctx.stdout.write(`${r.node.key}\n`);
          for (const n of r.node.nodes ?? []) rPrint(n);
          return 0;
        }
        case 'get': {
          const r = yield* call('GET', get(false, bool('sort')));
          if (!r.ok) return v2Fail(ctx, g, r, ExitServerError);
          if (r.node.dir) {
            ctx.stderr.write(`${r.node.key}: is a directory\n`);
            return 1;
          }
          printResponse(ctx, r, g.output);
          return 0;
        }
        case 'set':
        case 'mk':
        case 'update':
        case 'mkdir':
        case 'setdir':
        case 'updatedir': {
          const dir = name === 'mkdir' || name === 'setdir' || name === 'updatedir';
          const prevExist =
            name === 'mk' || name === 'mkdir'
              ? false
              : name === 'update' || name === 'updatedir'
                ? true
                : undefined;
          const req = v2SetRequest(key, dir ? '' : c.args[1], {
            ttl: int('ttl'),
            dir,
            prevExist,
            prevValue: c.flags.get('swap-with-value'),
            prevIndex: int('swap-with-index'),
          });
          const r = yield* call('PUT', req.target, req.body, prevExist === false);
          if (!r.ok) return v2Fail(ctx, g, r, ExitServerError);
          if (!dir || g.output !== 'simple') printResponse(ctx, r, g.output);
          return 0;
        }
        case 'rm':
        case 'rmdir': {
          const q: [string, string][] = [];
          if (c.flags.get('with-value')) q.push(['prevValue', c.flags.get('with-value') as string]);
          if (int('with-index')) q.push(['prevIndex', String(int('with-index'))]);
          if (name === 'rmdir' || bool('dir')) q.push(['dir', 'true']);
          if (bool('recursive', 'r')) q.push(['recursive', 'true']);
          const r = yield* call('DELETE', v2KeysTarget(key, q));
          if (!r.ok) return v2Fail(ctx, g, r, ExitServerError);
          if (!r.node.dir || g.output !== 'simple') printResponse(ctx, r, g.output);
          return 0;
        }
        case 'watch': {
          const recursive = bool('recursive', 'r');
          const forever = bool('forever', 'f');
          const after = int('after-index');
          let waitIndex = after > 0 ? after + 1 : 0;
          for (;;) {
            const target = v2KeysTarget(key, [
              ['recursive', String(recursive)],
              ['wait', 'true'],
              ['waitIndex', String(waitIndex)],
            ]);
            const o: V2Outcome = yield* cluster.do('GET', target);
            if (o.ok && (o.status === 200 || o.status === 201) && o.body === '') continue;
            const r = v2Result(o);
            if (!r.ok) return v2Fail(ctx, g, r, ExitServerError);
            waitIndex = r.node.modifiedIndex + 1;
            if (r.node.dir) continue;
            if (recursive) ctx.stdout.write(`[${r.action}] ${r.node.key}\n`);
            printResponse(ctx, r, g.output);
            if (!forever) return 0;
          }
        }
        case 'member': {
          if (c.args[0] !== 'list') {
            ctx.stderr.write(`No help topic for '${c.args[0] ?? ''}'\n`);
            return 3;
          }
          const r = yield* cluster.do('GET', '/v2/members', undefined, undefined, deadline());
          if (!r.ok)
            return fail2(
              ctx,
              g,
              ExitServerError,
              clusterErrorText(r.errors),
              clusterErrorDetail(r.errors),
            );
          const doc = JSON.parse(r.body) as {
            members: { id: string; name: string; peerURLs: string[]; clientURLs: string[] }[];
          };
          for (const m of doc.members)
            ctx.stdout.write(
              `${m.id}: name=${m.name} peerURLs=${m.peerURLs.join(',')} clientURLs=${m.clientURLs.join(',')} isLeader=true\n`,
            );
          return 0;
        }
        default:
          return 3;
      }
    } finally {
      http.close();
    }
  })();
}

// -- v3 ---------------------------------------------------------------------------------------

const V3_GLOBAL_VALUES = [
  'endpoints',
  'dial-timeout',
  'command-timeout',
  'write-out',
  'w',
  'cacert',
  'cert',
  'key',
  'user',
  'password',
  'keepalive-time',
  'keepalive-timeout',
  'discovery-srv',
  'd',
  'discovery-srv-name',
];
const V3_GLOBAL_BOOLS = [
  'debug',
  'hex',
  'insecure-discovery',
  'insecure-transport',
  'insecure-skip-tls-verify',
  'help',
  'h',
];

const V3_COMMANDS: Record<string, { bools: string[]; values: string[] }> = {
  get: {
    bools: ['prefix', 'keys-only', 'print-value-only', 'from-key', 'count-only-not-in-3.4'],
    values: ['consistency', 'limit', 'order', 'rev', 'sort-by'],
  },
  put: { bools: ['prev-kv', 'ignore-value', 'ignore-lease'], values: ['lease'] },
  del: { bools: ['prefix', 'prev-kv', 'from-key'], values: [] },
  watch: { bools: ['prefix', 'prev-kv', 'interactive', 'i'], values: ['rev'] },
  lease: { bools: ['keys'], values: [] },
  member: { bools: [], values: [] },
  endpoint: { bools: ['cluster'], values: [] },
  version: { bools: [], values: [] },
};

const GET_USAGE = `NAME:
\tget - Gets the key or a range of keys

USAGE:
\tetcdctl get [options] <key> [range_end] [flags]

OPTIONS:
      --consistency="l"\t\t\tLinearizable(l) or Serializable(s)
      --from-key[=false]\t\tGet keys that are greater than or equal to the given key using byte compare
  -h, --help[=false]\t\t\thelp for get
      --keys-only[=false]\t\tGet only the keys
      --limit=0\t\t\t\tMaximum number of results
      --order=""\t\t\tOrder of results; ASCEND or DESCEND (ASCEND by default)
      --prefix[=false]\t\t\tGet keys with matching prefix
      --print-value-only[=false]\tOnly write values when using the "simple" output format
      --rev=0\t\t\t\tSpecify the kv revision
      --sort-by=""\t\t\tSort target; CREATE, KEY, MODIFY, VALUE, or VERSION
`;

const GLOBAL_USAGE = `
GLOBAL OPTIONS:
      --cacert=""\t\t\t\tverify certificates of TLS-enabled secure servers using this CA bundle
      --cert=""\t\t\t\t\tidentify secure client using this TLS certificate file
      --command-timeout=5s\t\t\ttimeout for short running command (excluding dial timeout)
      --debug[=false]\t\t\t\tenable client-side debug logging
      --dial-timeout=2s\t\t\t\tdial timeout for client connections
  -d, --discovery-srv=""\t\t\tdomain name to query for SRV records describing cluster endpoints
      --discovery-srv-name=""\t\t\tservice name to query when using DNS discovery
      --endpoints=[127.0.0.1:2379]\t\tgRPC endpoints
      --hex[=false]\t\t\t\tprint byte strings as hex encoded strings
      --insecure-discovery[=true]\t\taccept insecure SRV records describing cluster endpoints
      --insecure-skip-tls-verify[=false]\tskip server certificate verification (CAUTION: this option should be enabled only for testing purposes)
      --insecure-transport[=true]\t\tdisable transport security for client connections
      --keepalive-time=2s\t\t\tkeepalive time for client connections
      --keepalive-timeout=6s\t\t\tkeepalive timeout for client connections
      --key=""\t\t\t\t\tidentify secure client using this TLS key file
      --password=""\t\t\t\tpassword for authentication (if this option is used, --user option shouldn't include password)
      --user=""\t\t\t\t\tusername[:password] for authentication (prompt if password is not supplied)
  -w, --write-out="simple"\t\t\tset the output format (fields, json, protobuf, simple, table)

`;

const ExitError = 1;
const ExitBadArgs3 = 128;

interface V3Ctx {
  http: HttpClient;
  endpoints: EtcdUrl[];
  deadline: number;
  out: string;
  ctx: CommandContext;
}

interface Header {
  cluster_id: string;
  member_id: string;
  revision?: string;
  raft_term: string;
}
interface GwKv {
  key: string;
  create_revision?: string;
  mod_revision?: string;
  version?: string;
  value?: string;
  lease?: string;
}

function v3Main(argv: string[], ctx: CommandContext): number | ProcBody {
  const bools = new Set(V3_GLOBAL_BOOLS);
  const values = new Set(V3_GLOBAL_VALUES);
  const cmd = argv.find(
    (a, i) => !a.startsWith('-') && !(i > 0 && values.has(argv[i - 1].replace(/^--?/, ''))),
  );
  const spec = cmd === undefined ? undefined : V3_COMMANDS[cmd];
  if (cmd !== undefined && !spec) {
    const e = `Error: unknown command "${cmd}" for "etcdctl"`;
    ctx.stderr.write(`${e}\nRun 'etcdctl --help' for usage.\n${e}\n`);
    return ExitError;
  }
  if (cmd === undefined) {
    ctx.stdout.write(
      'NAME:\n\tetcdctl - A simple command line client for etcd3.\n\nUSAGE:\n\tetcdctl [flags]\n',
    );
    return 0;
  }
  for (const b of spec?.bools ?? []) bools.add(b);
  for (const v of spec?.values ?? []) values.add(v);
  const p = parseFlags(argv, bools, values, false);
  if (p.bad) {
    const flag = p.bad.replace(/=.*/, '');
    const e = `Error: unknown flag: ${flag}`;
    const usage =
      cmd === 'get' ? GET_USAGE : `NAME:\n\t${cmd}\n\nUSAGE:\n\tetcdctl ${cmd} [options] [flags]\n`;
    ctx.stderr.write(`${e}\n${usage}${GLOBAL_USAGE}\n${e}\n`);
    return ExitError;
  }
  const args = p.args.filter((a, i) => !(i === p.args.indexOf(cmd) && a === cmd));
  const f = p.flags;
  const epText = f.get('endpoints') ?? ctx.env.get('ETCDCTL_ENDPOINTS') ?? '127.0.0.1:2379';
  const endpoints = endpointsOf(epText);
  const commandTimeout = parseDuration(f.get('command-timeout') ?? '5s') ?? 5_000_000;
  const out = f.get('write-out') ?? f.get('w') ?? 'simple';
  const bool = (n: string) => f.get(n) === 'true';
  const usage = (text: string) => {
    ctx.stderr.write(`Error: ${text}\n`);
    return ExitBadArgs3;
  };
  if (cmd === 'version') {
    ctx.stdout.write(`etcdctl version: ${VERSION}\nAPI version: 3.4\n`);
    return 0;
  }
  // Argument checks happen before any connection, as in etcdctl.
  if (cmd === 'get' && (args.length === 0 || args.length > 2))
    return usage('get command needs one argument as key and an optional argument as range_end');
  if (cmd === 'put' && args.length !== 2)
    return usage('put command needs 1 argument and input from stdin or 2 arguments');
  if (cmd === 'del' && (args.length === 0 || args.length > 2))
    return usage('del command needs one argument as key and an optional argument as range_end');
  if (cmd === 'watch' && args.length === 0)
    return usage('watch in non-interactive mode requires an argument as key');
  if (!ctx.netns) return usage('no network namespace');
  const v: V3Ctx = {
    http: new HttpClient(ctx.world, ctx.netns, 'etcdctl', ctx.wake),
    endpoints,
    deadline: ctx.world.sched.now + commandTimeout,
    out,
    ctx,
  };
  const rangeOf = (): [string, string] => {
    const key = args[0];
    if (bool('prefix')) return [key, prefixRangeEnd(key)];
    if (bool('from-key')) return [key, '\0'];
    return [key, args[1] ?? ''];
  };
  return (function* (): ProcBody {
    try {
      switch (cmd) {
        case 'get': {
          const [key, end] = rangeOf();
          const body = gwBody({
            key: b64encode(key),
            range_end: end ? b64encode(end) : undefined,
            limit: f.get('limit'),
            revision: f.get('rev'),
            keys_only: bool('keys-only') || undefined,
          });
          const r = yield* v3Request(v, '/v3/kv/range', body);
          if (typeof r === 'number') return r;
          const doc = r as { header: Header; kvs?: GwKv[]; count?: string; more?: boolean };
          printGet(v, doc, bool('print-value-only'));
          return 0;
        }
        case 'put': {
          const leaseText = f.get('lease');
          let lease = '0';
          if (leaseText !== undefined) {
            if (!/^[0-9a-fA-F]+$/.test(leaseText))
              return usage(`bad lease ID (${leaseText}), expecting ID in Hex`);
            lease = BigInt(`0x${leaseText}`).toString();
          }
          const body = gwBody({
            key: b64encode(args[0]),
            value: b64encode(args[1]),
            lease: lease === '0' ? undefined : lease,
            prev_kv: bool('prev-kv') || undefined,
          });
          const r = yield* v3Request(v, '/v3/kv/put', body);
          if (typeof r === 'number') return r;
          if (out === 'json')
            ctx.stdout.write(
              `${JSON.stringify({ header: numHeader((r as { header: Header }).header) })}\n`,
            );
          else ctx.stdout.write('OK\n');
          return 0;
        }
        case 'del': {
          const [key, end] = rangeOf();
          const body = gwBody({ key: b64encode(key), range_end: end ? b64encode(end) : undefined });
          const r = yield* v3Request(v, '/v3/kv/deleterange', body);
          if (typeof r === 'number') return r;
          ctx.stdout.write(`${Number((r as { deleted?: string }).deleted ?? 0)}\n`);
          return 0;
        }
        case 'watch': {
          const [key, end] = rangeOf();
          const body = `{"create_request":${gwBody({ key: b64encode(key), range_end: end ? b64encode(end) : undefined })}}`;
          const r = yield* v3Call(
            v.http,
            v.endpoints,
            '/v3/watch',
            body,
            Number.POSITIVE_INFINITY,
            (text) => {
              for (const line of text.split('\n')) {
                if (line.trim() === '') continue;
                const doc = JSON.parse(line) as {
                  result?: { events?: { type?: string; kv: GwKv }[] };
                };
                for (const e of doc.result?.events ?? []) {
                  ctx.stdout.write(
                    `${e.type ?? 'PUT'}\n${b64decode(e.kv.key)}\n${b64decode(e.kv.value ?? '')}\n`,
                  );
                }
              }
              return true;
            },
          );
          if (!r.ok) return v3Error(v, r.error, 'Unavailable');
          return 0;
        }
        case 'lease':
          return yield* leaseCmd(v, args, bool('keys'));
        case 'member': {
          if (args[0] !== 'list') return usage(`member command needs a subcommand`);
          const r = yield* v3Request(v, '/v3/cluster/member/list', '{}');
          if (typeof r === 'number') return r;
          const doc = r as {
            members: { ID: string; name: string; peerURLs: string[]; clientURLs: string[] }[];
          };
          const rows = doc.members.map((m) => [
            BigInt(m.ID).toString(16),
            'started',
            m.name,
            m.peerURLs.join(','),
            m.clientURLs.join(','),
            'false',
          ]);
          if (out === 'table')
            ctx.stdout.write(
              table(['ID', 'STATUS', 'NAME', 'PEER ADDRS', 'CLIENT ADDRS', 'IS LEARNER'], rows),
            );
          else for (const row of rows) ctx.stdout.write(`${row.join(', ')}\n`);
          return 0;
        }
        case 'endpoint': {
          if (args[0] !== 'health') return usage('endpoint command needs a subcommand (health)');
          let bad = false;
          for (const ep of v.endpoints) {
            const start = ctx.world.sched.now;
            const r = yield* v3Call(
              v.http,
              [ep],
              '/v3/kv/range',
              `{"key":"${b64encode('health')}"}`,
              start + commandTimeout,
            );
            const name = epText.split(',')[v.endpoints.indexOf(ep)];
            if (r.ok)
              ctx.stdout.write(
                `${name} is healthy: successfully committed proposal: took = ${goDuration(ctx.world.sched.now - start)}\n`,
              );
            else {
              bad = true;
              ctx.stderr.write(
                `${name} is unhealthy: failed to commit proposal: context deadline exceeded\n`,
              );
            }
          }
          if (bad) {
            ctx.stderr.write('Error: unhealthy cluster\n');
            return ExitError;
          }
          return 0;
        }
        default:
          return ExitError;
      }
    } finally {
      v.http.close();
    }
  })();
}

/** A gateway request body: JSON with the defined fields only. */
function gwBody(fields: Record<string, string | boolean | undefined>): string {
  const parts = Object.entries(fields)
    .filter(([, val]) => val !== undefined && val !== '0')
    .map(([k, val]) => `${JSON.stringify(k)}:${JSON.stringify(val)}`);
  return `{${parts.join(',')}}`;
}

/** etcdctl's JSON header: numbers, not strings. */
function numHeader(h: Header): Record<string, unknown> {
  return {
    cluster_id: h.cluster_id,
    member_id: h.member_id,
    revision: h.revision,
    raft_term: h.raft_term,
  };
}

function headerJson(h: Header): string {
  const rev = h.revision ? `,"revision":${h.revision}` : '';
  return `{"cluster_id":${h.cluster_id},"member_id":${h.member_id}${rev},"raft_term":${h.raft_term}}`;
}

function printGet(
  v: V3Ctx,
  doc: { header: Header; kvs?: GwKv[]; count?: string; more?: boolean },
  valueOnly: boolean,
): void {
  const w = (t: string) => v.ctx.stdout.write(t);
  const kvs = doc.kvs ?? [];
  if (v.out === 'json') {
    const items = kvs.map((kv) => {
      let s = `{"key":"${kv.key}","create_revision":${kv.create_revision ?? 0},"mod_revision":${kv.mod_revision ?? 0},"version":${kv.version ?? 0}`;
      if (kv.value) s += `,"value":"${kv.value}"`;
      if (kv.lease) s += `,"lease":${kv.lease}`;
      return `${s}}`;
    });
    let s = `{"header":${headerJson(doc.header)}`;
    if (items.length > 0) s += `,"kvs":[${items.join(',')}]`;
    if (doc.more) s += ',"more":true';
    if (doc.count) s += `,"count":${doc.count}`;
    w(`${s}}\n`);
    return;
  }
  if (v.out === 'fields') {
    w(
      `"ClusterID" : ${doc.header.cluster_id}\n"MemberID" : ${doc.header.member_id}\n"Revision" : ${doc.header.revision ?? 0}\n"RaftTerm" : ${doc.header.raft_term}\n`,
    );
    for (const kv of kvs) {
      w(
        `"Key" : ${JSON.stringify(b64decode(kv.key))}\n"CreateRevision" : ${kv.create_revision ?? 0}\n"ModRevision" : ${kv.mod_revision ?? 0}\n"Version" : ${kv.version ?? 0}\n`,
      );
      w(`"Value" : ${JSON.stringify(b64decode(kv.value ?? ''))}\n"Lease" : ${kv.lease ?? 0}\n`);
    }
    w(`"More" : ${doc.more ? 'true' : 'false'}\n"Count" : ${doc.count ?? 0}\n`);
    return;
  }
  for (const kv of kvs) {
    if (!valueOnly) w(`${b64decode(kv.key)}\n`);
    w(`${b64decode(kv.value ?? '')}\n`);
  }
}

/** A JSON call; a number is the exit status of a failure already reported. */
function* v3Request(
  v: V3Ctx,
  path: string,
  body: string,
): Generator<import('../process').Park, number | object, import('../process').Resume> {
  const r = yield* v3Call(v.http, v.endpoints, path, body, v.deadline);
  if (!r.ok) return v3Error(v, r.error, 'DeadlineExceeded');
  const doc = JSON.parse(r.body) as { error?: string; code?: number };
  if (r.status !== 200 && doc.error !== undefined) {
    const codes: Record<number, string> = { 5: 'NotFound', 11: 'OutOfRange', 3: 'InvalidArgument' };
    return v3Error(v, doc.error, codes[doc.code ?? 0] ?? 'Unknown');
  }
  return doc;
}

/** clientv3's retry warning (a zap JSON line) then `Error: …`, exit 1. */
function v3Error(v: V3Ctx, error: string, code: string): number {
  const ctx = v.ctx;
  const rng = ctx.machine?.rng;
  const hex = (n: number) =>
    Array.from({ length: n }, () => ((rng?.nextU32() ?? 0) & 15).toString(16)).join('');
  const uuid = `${hex(8)}-${hex(4)}-4${hex(3)}-${'89ab'[(rng?.nextU32() ?? 0) & 3]}${hex(3)}-${hex(12)}`;
  const ep = v.endpoints[0] ? `${v.endpoints[0].host}:${v.endpoints[0].port}` : '';
  const ts = rfc3339Nano(ctx.world.sched.now).replace(
    /(\.\d{3})\d*Z$|Z$/,
    (_m, ms) => `${ms ?? '.000'}Z`,
  );
  const desc =
    code === 'DeadlineExceeded'
      ? 'latest balancer error: all SubConns are in TransientFailure'
      : error;
  ctx.stderr.write(
    `{"level":"warn","ts":"${ts}","caller":"clientv3/retry_interceptor.go:62","msg":"retrying of unary invoker failed","target":"endpoint://client-${uuid}/${ep}","attempt":0,"error":"rpc error: code = ${code} desc = ${desc}"}\n`,
  );
  ctx.stderr.write(`Error: ${error}\n`);
  return ExitError;
}

function* leaseCmd(v: V3Ctx, args: string[], keys: boolean): ProcBody {
  const ctx = v.ctx;
  const [sub, arg] = args;
  const id16 = (id: string) => BigInt(id).toString(16).padStart(16, '0');
  if (sub === 'grant') {
    if (arg === undefined || !/^\d+$/.test(arg)) {
      ctx.stderr.write('Error: lease grant command needs TTL argument\n');
      return ExitBadArgs3;
    }
    const r = yield* v3Request(v, '/v3/lease/grant', `{"TTL":"${arg}"}`);
    if (typeof r === 'number') return r;
    const doc = r as { ID: string; TTL: string };
    ctx.stdout.write(`lease ${id16(doc.ID)} granted with TTL(${doc.TTL}s)\n`);
    return 0;
  }
  if (sub === 'revoke' || sub === 'timetolive') {
    if (arg === undefined || !/^[0-9a-fA-F]+$/.test(arg)) {
      ctx.stderr.write(`Error: lease ${sub} command needs lease ID as argument\n`);
      return ExitBadArgs3;
    }
    const id = BigInt(`0x${arg}`).toString();
    if (sub === 'revoke') {
      const r = yield* v3Request(v, '/v3/lease/revoke', `{"ID":"${id}"}`);
      if (typeof r === 'number') return r;
      ctx.stdout.write(`lease ${id16(id)} revoked\n`);
      return 0;
    }
    const r = yield* v3Request(
      v,
      '/v3/lease/timetolive',
      `{"ID":"${id}"${keys ? ',"keys":true' : ''}}`,
    );
    if (typeof r === 'number') return r;
    const doc = r as { TTL: string; grantedTTL?: string; keys?: string[] };
    if (doc.TTL === '-1') {
      ctx.stdout.write(`lease ${id16(id)} already expired\n`);
      return 0;
    }
    let line = `lease ${id16(id)} granted with TTL(${doc.grantedTTL ?? 0}s), remaining(${doc.TTL}s)`;
    if (keys) line += `, attached keys([${(doc.keys ?? []).map(b64decode).join(' ')}])`;
    ctx.stdout.write(`${line}\n`);
    return 0;
  }
  ctx.stderr.write('Error: lease command needs a subcommand (grant, revoke, timetolive)\n');
  return ExitBadArgs3;
}

/** tablewriter's boxes, centred headers and right-aligned cells, as etcdctl -w table. */
function table(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)) + 2);
  const line = `+${widths.map((n) => '-'.repeat(n)).join('+')}+\n`;
  const centre = (t: string, n: number) => {
    const left = Math.floor((n - t.length) / 2);
    return ' '.repeat(left) + t + ' '.repeat(n - t.length - left);
  };
  const right = (t: string, n: number) => `${' '.repeat(n - t.length - 1)}${t} `;
  let s = `${line}|${head.map((h, i) => centre(h, widths[i])).join('|')}|\n${line}`;
  for (const r of rows) s += `|${r.map((c, i) => right(c, widths[i])).join('|')}|\n`;
  return s + line;
}
