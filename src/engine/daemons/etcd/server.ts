/**
 * An etcd 3.4.23 member (one-node cluster) as a daemon process on a machine: it binds its client
 * and peer ports through the kernel's TCP sockets and answers HTTP/1.1 on the client port:
 *
 * - the v2 API (`--enable-v2`, off by default as in 3.4): `/v2/keys/…` GET/PUT/POST/DELETE with
 *   etcd's JSON documents, statuses (200, 201, 403, 404, 412, 400) and headers (`X-Etcd-Index`,
 *   `X-Etcd-Cluster-Id`, `X-Raft-Index`, `X-Raft-Term`), long-poll watches
 *   (`?wait=true&waitIndex=N`, answered chunked, as etcd flushes its head first), and
 *   `/v2/members`, which etcdctl v2 reads before each command to learn the advertised URLs;
 * - `/version`, `/health`;
 * - the v3 API through etcd's gRPC gateway (JSON over HTTP/1.1, keys and values in base64, int64
 *   as strings): `/v3/kv/range|put|deleterange`, `/v3/lease/grant|revoke|timetolive`,
 *   `/v3/watch` (a stream of `{"result":…}` lines), `/v3/cluster/member/list`. The gateway is
 *   real etcd; that the lab's etcdctl v3 uses it instead of gRPC over HTTP/2 is the lab's
 *   simplification (the bytes on the wire are HTTP/1.1 JSON, not protobuf frames).
 *
 * The v2 and v3 stores are separate, as in etcd 3.4. v2 keys expire on the leader's SYNC tick
 * (every 500 ms, only while TTL keys exist), v3 leases on the lessor's 500 ms check. The v2 index
 * starts at 3 (etcd writes its member, attributes and cluster version under /0 at boot), so the
 * first key gets index 4 as on a fresh etcd; the v3 revision starts at 1.
 *
 * The log (capnslog format, virtual time) goes to /var/log/etcd.log on the machine.
 *
 * Left out: peers and raft (the peer port is bound, nothing is spoken on it), auth, TLS, v2
 * stats, snapshots, --data-dir contents (nothing survives the process), the gateway's txn.
 */
import { type Ipv4, parseIpv4 } from '../../kernel/inet';
import type { Machine } from '../../kernel/machine';
import type { Netns } from '../../kernel/netns';
import { newSockHolder, type SockHolder } from '../../kernel/sock-procs';
import {
  type TcpSocket,
  tcpAccept,
  tcpBind,
  tcpClose,
  tcpListen,
  tcpRecv,
  tcpSend,
  tcpSocketOpen,
} from '../../kernel/tcp-socket';
import type { World } from '../../kernel/world';
import { Proc, type ProcBody } from '../../shell/process';
import { httpDate, rfc3339Nano } from '../docker/time';
import { b64decode, b64encode } from './base64';
import {
  chunk,
  chunkedHead,
  concat,
  type FormValues,
  type HttpRequest,
  parseForm,
  parseRequest,
  responseBytes,
} from './http';
import { clusterIdOf, IdGenerator, idHex, memberIdOf } from './ids';
import {
  clean,
  type V2Error,
  type V2Event,
  type V2NodeJson,
  V2Store,
  v2Error,
  v2ErrorJson,
  v2ErrorStatus,
  v2EventJson,
} from './v2store';
import type { V3Event, V3Kv } from './v3store';
import { V3Store } from './v3store';

export const ETCD = 'etcd';
export const ETCD_LOG = '/var/log/etcd.log';
export const ETCD_VERSION = '3.4.23';
/** Days from 1970-01-01 to the lab's epoch (2024-01-01), for ids built from Unix time. */
const LAB_EPOCH_MS = 19723 * 86_400_000;
const SYNC_TICK = 500_000;
const KEYS_PREFIX = '/1';

export interface EtcdConfig {
  name: string;
  dataDir: string;
  listenClientUrls: string[];
  advertiseClientUrls: string[];
  listenPeerUrls: string[];
  initialAdvertisePeerUrls: string[];
  initialClusterToken: string;
  enableV2: boolean;
}

/** A parsed `http://host:port`. */
export interface EtcdUrl {
  url: string;
  host: string;
  port: number;
}

/** Parse a URL as etcd's types.NewURLs does; `localhost` resolves to 127.0.0.1 when dialled. */
export function parseEtcdUrl(text: string): EtcdUrl | string {
  const m = /^(https?|unix|unixs):\/\/([^/:]+)(?::(\d+))?(\/.*)?$/.exec(text);
  if (!m) return `URL address does not have the form "host:port": ${text}`;
  if (m[1] !== 'http') return `URL scheme must be http, https, unix, or unixs: ${text}`;
  if (m[3] === undefined) return `URL address does not have the form "host:port": ${text}`;
  return { url: text, host: m[2], port: Number(m[3]) };
}

/** The address a host name in a URL stands for (no DNS in the lab). */
export function hostAddr(host: string): Ipv4 | undefined {
  if (host === 'localhost') return 0x7f000001;
  return parseIpv4(host);
}

const STRING_FLAGS: Record<string, keyof EtcdConfig> = {
  name: 'name',
  'data-dir': 'dataDir',
  'listen-client-urls': 'listenClientUrls',
  'advertise-client-urls': 'advertiseClientUrls',
  'listen-peer-urls': 'listenPeerUrls',
  'initial-advertise-peer-urls': 'initialAdvertisePeerUrls',
  'initial-cluster-token': 'initialClusterToken',
};
/** Flags etcd takes that the lab accepts and ignores. */
const IGNORED_FLAGS = new Set([
  'initial-cluster',
  'initial-cluster-state',
  'logger',
  'log-outputs',
  'heartbeat-interval',
  'election-timeout',
  'snapshot-count',
  'quota-backend-bytes',
  'auto-compaction-retention',
  'log-level',
]);

/** Parse etcd's flags (Go's flag package: `-f v`, `--f=v`, bools without a value). */
export function parseEtcdArgs(argv: string[]): EtcdConfig | { error: string } | 'version' {
  const c: EtcdConfig = {
    name: 'default',
    dataDir: '',
    listenClientUrls: ['http://localhost:2379'],
    advertiseClientUrls: ['http://localhost:2379'],
    listenPeerUrls: ['http://localhost:2380'],
    initialAdvertisePeerUrls: ['http://localhost:2380'],
    initialClusterToken: 'etcd-cluster',
    enableV2: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('-') || a === '-' || a === '--') {
      return { error: `'${a}' is not a valid flag` };
    }
    const body = a.replace(/^--?/, '');
    const eq = body.indexOf('=');
    const name = eq < 0 ? body : body.slice(0, eq);
    const inline = eq < 0 ? undefined : body.slice(eq + 1);
    if (name === 'version') return 'version';
    if (name === 'enable-v2') {
      c.enableV2 = inline === undefined || /^(1|t|true|TRUE|True)$/.test(inline);
      continue;
    }
    const field = STRING_FLAGS[name];
    if (field === undefined && !IGNORED_FLAGS.has(name))
      return { error: `flag provided but not defined: -${name}` };
    const value = inline ?? argv[++i];
    if (value === undefined) return { error: `flag needs an argument: -${name}` };
    if (field === undefined) continue;
    if (field === 'name' || field === 'dataDir' || field === 'initialClusterToken')
      c[field] = value;
    else if (field !== 'enableV2') c[field] = value.split(',');
  }
  if (c.dataDir === '') c.dataDir = `${c.name}.etcd`;
  return c;
}

/** capnslog's time: `2024-01-01 00:00:05.123456`. */
function logTime(us: number): string {
  const whole = rfc3339Nano(us - (us % 1_000_000));
  return `${whole.slice(0, 10)} ${whole.slice(11, 19)}.${String(us % 1_000_000).padStart(6, '0')}`;
}

/** raft's log time: `2024/01/01 00:00:05`. */
function raftTime(us: number): string {
  return logTime(us).slice(0, 19).replace(/-/g, '/');
}

interface Conn {
  s: TcpSocket;
  buf: Uint8Array;
  /** A watch holds the connection: no further request is read until it ends. */
  busy: boolean;
  cancel: (() => void) | undefined;
}

type Reply = { status: number; headers: [string, string][]; body: string } | 'streaming';

export class EtcdServer {
  readonly machine: Machine;
  readonly ns: Netns;
  readonly world: World;
  readonly config: EtcdConfig;
  readonly memberId: bigint;
  readonly clusterId: bigint;
  readonly v2 = new V2Store(['/0', KEYS_PREFIX]);
  readonly v3 = new V3Store();
  readonly started: number;
  raftTerm = 2;
  raftIndex = 4;
  private readonly ids: IdGenerator;
  private readonly listeners: TcpSocket[] = [];
  private readonly conns: Conn[] = [];
  private proc: Proc | undefined;
  /** The process holding etcd's sockets (for ss -p). */
  private readonly holder: SockHolder;

  private constructor(machine: Machine, ns: Netns, world: World, config: EtcdConfig) {
    this.machine = machine;
    this.ns = ns;
    this.world = world;
    this.config = config;
    this.started = world.sched.now;
    this.holder = newSockHolder(machine);
    this.memberId = memberIdOf(config.initialAdvertisePeerUrls, config.initialClusterToken);
    this.clusterId = clusterIdOf([this.memberId]);
    this.ids = new IdGenerator(this.memberId, LAB_EPOCH_MS + Math.floor(this.started / 1000));
  }

  /** The machine's etcd if it runs. */
  static running(machine: Machine): EtcdServer | undefined {
    const d = machine.daemons.get(ETCD);
    return d instanceof EtcdServer ? d : undefined;
  }

  /**
   * Start etcd in `ns`: bind its ports and run its process. Returns the log lines it wrote and,
   * when it failed, the exit status (the lines then end with etcd's fatal message).
   */
  static start(
    world: World,
    machine: Machine,
    ns: Netns,
    config: EtcdConfig,
  ): { server?: EtcdServer; log: string; code: number } {
    const srv = new EtcdServer(machine, ns, world, config);
    const before = srv.logText().length;
    const bad = srv.boot();
    const log = srv.logText().slice(before);
    if (bad !== undefined) {
      for (const l of srv.listeners) tcpClose(world, l);
      return { log, code: bad };
    }
    machine.daemons.set(ETCD, srv);
    world.changed();
    srv.proc = new Proc(
      world.sched,
      srv.serve(),
      () => srv.exited(),
      () => srv.exited(),
    );
    srv.proc.start();
    return { server: srv, log, code: 0 };
  }

  /** Stop the process (SIGTERM): its sockets close, clients get connection refused. */
  stop(): void {
    this.log('N', 'pkg/osutil', 'received terminated signal, shutting down...');
    this.log('I', 'etcdserver', 'skipped leadership transfer for single voting member cluster');
    this.proc?.signal('INT');
  }

  private exited(): void {
    for (const c of this.conns) tcpClose(this.world, c.s);
    for (const l of this.listeners) tcpClose(this.world, l);
    this.conns.length = 0;
    if (this.machine.daemons.get(ETCD) === this) this.machine.daemons.delete(ETCD);
    this.world.changed();
  }

  private logText(): string {
    return this.machine.files.get(ETCD_LOG) ?? '';
  }

  private write(line: string): void {
    this.machine.files.set(ETCD_LOG, `${this.logText()}${line}\n`);
  }

  private log(level: string, pkg: string, msg: string): void {
    this.write(`${logTime(this.world.sched.now)} ${level} | ${pkg}: ${msg}`);
  }

  private raft(msg: string): void {
    this.write(`raft${raftTime(this.world.sched.now)} INFO: ${msg}`);
  }

  /** The startup sequence of etcd 3.4.23's log; undefined when it serves, else the exit code. */
  private boot(): number | undefined {
    const c = this.config;
    const id = idHex(this.memberId);
    const cid = idHex(this.clusterId);
    const warn =
      "[WARNING] Deprecated '--logger=capnslog' flag is set; use '--logger=zap' flag instead";
    this.write(warn);
    this.log('I', 'etcdmain', `etcd Version: ${ETCD_VERSION}`);
    this.log('I', 'etcdmain', 'Git SHA: Not provided (use ./build instead of go build)');
    this.log('I', 'etcdmain', 'Go Version: go1.19.8');
    this.log('I', 'etcdmain', 'Go OS/Arch: linux/amd64');
    this.log(
      'I',
      'etcdmain',
      'setting maximum number of CPUs to 2, total number of available CPUs is 2',
    );
    this.write(warn);
    const peers: EtcdUrl[] = [];
    const clients: EtcdUrl[] = [];
    const lists: [string[], EtcdUrl[]][] = [
      [c.listenPeerUrls, peers],
      [c.listenClientUrls, clients],
      [c.advertiseClientUrls, []],
      [c.initialAdvertisePeerUrls, []],
    ];
    for (const [list, out] of lists) {
      for (const u of list) {
        const p = parseEtcdUrl(u);
        if (typeof p === 'string') {
          this.log('C', 'etcdmain', p);
          return 1;
        }
        out.push(p);
      }
    }
    for (const p of peers) {
      const r = this.listen(p);
      if (r !== undefined) return r;
    }
    this.log('I', 'embed', `name = ${c.name}`);
    this.log('I', 'embed', `data dir = ${c.dataDir}`);
    this.log('I', 'embed', `member dir = ${c.dataDir}/member`);
    this.log('I', 'embed', 'heartbeat = 100ms');
    this.log('I', 'embed', 'election = 1000ms');
    this.log('I', 'embed', 'snapshot count = 100000');
    this.log('I', 'embed', `advertise client URLs = ${c.advertiseClientUrls.join(',')}`);
    this.log('I', 'etcdserver', `starting member ${id} in cluster ${cid}`);
    this.raft(`${id} switched to configuration voters=()`);
    this.raft(`${id} became follower at term 0`);
    this.raft(
      `newRaft ${id} [peers: [], term: 0, commit: 0, applied: 0, lastindex: 0, lastterm: 0]`,
    );
    this.raft(`${id} became follower at term 1`);
    this.raft(`${id} switched to configuration voters=(${this.memberId})`);
    this.log('W', 'auth', 'simple token is not cryptographically signed');
    this.log(
      'I',
      'etcdserver',
      `starting server... [version: ${ETCD_VERSION}, cluster version: to_be_decided]`,
    );
    this.log(
      'I',
      'etcdserver',
      `${id} as single-node; fast-forwarding 9 ticks (election ticks 10)`,
    );
    this.log(
      'I',
      'etcdserver/membership',
      `added member ${id} [${c.initialAdvertisePeerUrls.join(',')}] to cluster ${cid}`,
    );
    for (const p of peers) this.log('I', 'embed', `listening for peers on ${p.host}:${p.port}`);
    this.raft(`${id} is starting a new election at term 1`);
    this.raft(`${id} became candidate at term 2`);
    this.raft(`${id} received MsgVoteResp from ${id} at term 2`);
    this.raft(`${id} became leader at term 2`);
    this.raft(`raft.node: ${id} elected leader ${id} at term 2`);
    // The cluster's own records in the v2 store (/0): they take indexes 1–3.
    const now = this.world.sched.now;
    const member = `/0/members/${id}`;
    this.v2.create(
      `${member}/raftAttributes`,
      false,
      JSON.stringify({ peerURLs: c.initialAdvertisePeerUrls }),
      false,
      undefined,
      now,
    );
    this.v2.set(
      `${member}/attributes`,
      false,
      JSON.stringify({ name: c.name, clientURLs: c.advertiseClientUrls }),
      undefined,
      now,
    );
    this.v2.set('/0/version', false, '3.4.0', undefined, now);
    this.log(
      'I',
      'etcdserver',
      `published {Name:${c.name} ClientURLs:[${c.advertiseClientUrls.join(' ')}]} to cluster ${cid}`,
    );
    this.log('I', 'etcdserver', 'setting up the initial cluster version to 3.4');
    for (const u of clients) {
      const r = this.listen(u);
      if (r !== undefined) return r;
    }
    this.log('I', 'embed', 'ready to serve client requests');
    for (const u of clients)
      this.log(
        'N',
        'embed',
        `serving insecure client requests on ${u.host}:${u.port}, this is strongly discouraged!`,
      );
    this.log('N', 'etcdserver/membership', 'set the initial cluster version to 3.4');
    this.log('I', 'etcdserver/api', 'enabled capabilities for version 3.4');
    return undefined;
  }

  private listen(u: EtcdUrl): number | undefined {
    const addr = hostAddr(u.host);
    const bindText = `listen tcp ${u.host}:${u.port}: bind`;
    if (addr === undefined) {
      this.log('C', 'etcdmain', `listen tcp: lookup ${u.host}: no such host`);
      return 1;
    }
    const l = tcpSocketOpen(this.ns, 'etcd', this.holder);
    l.reuseAddr = true;
    // Go's net.Listen opens a dual-stack IPv6 socket for a wildcard address.
    l.v6 = addr === 0;
    const b = tcpBind(l, addr, u.port);
    const r = b.ok ? tcpListen(this.world, l, 4096) : b;
    if (!r.ok) {
      tcpClose(this.world, l);
      const text =
        r.errno === 'EADDRINUSE'
          ? 'address already in use'
          : r.errno === 'EADDRNOTAVAIL'
            ? 'cannot assign requested address'
            : r.errno.toLowerCase();
      this.log('C', 'etcdmain', `${bindText}: ${text}`);
      return 1;
    }
    this.listeners.push(l);
    return undefined;
  }

  // -- the process ----------------------------------------------------------------------------

  private *serve(): ProcBody {
    const wake = () => this.proc?.wake();
    for (const l of this.listeners) l.onReadable = wake;
    try {
      for (;;) {
        this.expire();
        this.poll(wake);
        const t = this.nextTick();
        yield t === undefined ? {} : { until: t };
      }
    } finally {
      this.exited();
    }
  }

  /** The next SYNC / lessor tick that has work (a TTL key or lease due), if any. */
  private nextTick(): number | undefined {
    const due = [this.v2.nextExpiry(), this.v3.nextLeaseExpiry()].filter(
      (t): t is number => t !== undefined,
    );
    if (due.length === 0) return undefined;
    const t = Math.min(...due);
    const ticks = Math.max(1, Math.ceil((t - this.started) / SYNC_TICK));
    return this.started + ticks * SYNC_TICK;
  }

  private expire(): void {
    const now = this.world.sched.now;
    const tick = this.started + Math.floor((now - this.started) / SYNC_TICK) * SYNC_TICK;
    if (this.v2.hasTtlKeys()) {
      const gone = this.v2.deleteExpiredKeys(tick, now);
      if (gone.length > 0) {
        this.raftIndex++;
        this.ids.next();
      }
    }
    for (const id of this.v3.expiredLeases(tick)) {
      this.v3.revoke(id);
      this.raftIndex++;
    }
  }

  private poll(wake: () => void): void {
    const w = this.world;
    for (const l of this.listeners) {
      for (let a = tcpAccept(w, l); a.ok && a.value; a = tcpAccept(w, l)) {
        a.value.onReadable = wake;
        this.conns.push({ s: a.value, buf: new Uint8Array(0), busy: false, cancel: undefined });
      }
    }
    for (const c of [...this.conns]) {
      for (;;) {
        const r = tcpRecv(w, c.s);
        if (!r.ok || r.value === null) {
          c.cancel?.();
          tcpClose(w, c.s);
          this.conns.splice(this.conns.indexOf(c), 1);
          break;
        }
        if (r.value === undefined) break;
        c.buf = concat(c.buf, r.value);
      }
      if (this.conns.includes(c)) this.handleBuffered(c);
    }
  }

  private handleBuffered(c: Conn): void {
    while (!c.busy) {
      const p = parseRequest(c.buf);
      if (p === undefined) return;
      if ('error' in p) {
        tcpSend(
          this.world,
          c.s,
          responseBytes(
            400,
            [
              ['Content-Type', 'text/plain; charset=utf-8'],
              ['Connection', 'close'],
            ],
            '400 Bad Request',
            this.date(),
          ),
        );
        tcpClose(this.world, c.s);
        this.conns.splice(this.conns.indexOf(c), 1);
        return;
      }
      c.buf = c.buf.subarray(p.used);
      const reply = this.route(p.req, c);
      if (reply !== 'streaming') this.send(c, reply);
    }
  }

  private send(c: Conn, r: { status: number; headers: [string, string][]; body: string }): void {
    tcpSend(this.world, c.s, responseBytes(r.status, r.headers, r.body, this.date()));
  }

  private date(): string {
    return httpDate(this.world.sched.now);
  }

  // -- routing --------------------------------------------------------------------------------

  private route(req: HttpRequest, c: Conn): Reply {
    const p = req.path;
    if (p === '/version') return json200(`{"etcdserver":"${ETCD_VERSION}","etcdcluster":"3.4.0"}`);
    if (p === '/health') return json200('{"health":"true"}');
    if (this.config.enableV2) {
      if (p === '/v2/keys' || p.startsWith('/v2/keys/')) return this.keys(req, c);
      if (p === '/v2/members' || p === '/v2/members/') return this.members(req);
      if (p === '/v2/machines')
        return { status: 200, headers: [], body: this.config.advertiseClientUrls.join(', ') };
    }
    if (req.method === 'POST' && p.startsWith('/v3/')) return this.v3Api(req, c);
    return notFound();
  }

  private clusterHeader(): [string, string] {
    return ['X-Etcd-Cluster-ID', idHex(this.clusterId)];
  }

  private members(req: HttpRequest): Reply {
    if (req.method !== 'GET')
      return { status: 405, headers: [['Allow', 'GET']], body: 'Method Not Allowed' };
    const m = {
      id: idHex(this.memberId),
      name: this.config.name,
      peerURLs: this.config.initialAdvertisePeerUrls,
      clientURLs: this.config.advertiseClientUrls,
    };
    return {
      status: 200,
      headers: [['Content-Type', 'application/json'], this.clusterHeader()],
      body: `${JSON.stringify({ members: [m] })}\n`,
    };
  }

  private v2ErrorReply(e: V2Error): Reply {
    return {
      status: v2ErrorStatus(e.errorCode),
      headers: [
        this.clusterHeader(),
        ['X-Etcd-Index', String(e.index)],
        ['Content-Type', 'application/json'],
      ],
      body: `${v2ErrorJson({ ...e, cause: trimKey(e.cause ?? '') })}\n`,
    };
  }

  private eventHeaders(index: number): [string, string][] {
    return [
      ['Content-Type', 'application/json'],
      this.clusterHeader(),
      ['X-Etcd-Index', String(index)],
      ['X-Raft-Index', String(this.raftIndex)],
      ['X-Raft-Term', String(this.raftTerm)],
    ];
  }

  /** etcdserver/api/v2http keysHandler + apply_v2. */
  private keys(req: HttpRequest, c: Conn): Reply {
    const m = req.method;
    if (!['HEAD', 'GET', 'PUT', 'POST', 'DELETE'].includes(m))
      return {
        status: 405,
        headers: [['Allow', 'GET, HEAD, POST, PUT, DELETE']],
        body: 'Method Not Allowed',
      };
    const form: FormValues = new Map();
    const ct = req.headers.get('content-type') ?? '';
    if ((m === 'PUT' || m === 'POST') && ct.startsWith('application/x-www-form-urlencoded')) {
      const f = parseForm(req.body, form);
      if (typeof f === 'string') return this.v2ErrorReply(v2Error(210, f, 0));
    }
    const q = parseForm(req.query, form);
    if (typeof q === 'string') return this.v2ErrorReply(v2Error(210, q, 0));
    const one = (k: string) => form.get(k)?.[0];
    const bad = (code: number, cause: string) => this.v2ErrorReply(v2Error(code, cause, 0));
    const uint = (k: string): number | null => {
      const v = one(k);
      if (v === undefined) return 0;
      return /^\d+$/.test(v) ? Number(v) : null;
    };
    const bool = (k: string): boolean | null => {
      const v = one(k);
      if (v === undefined) return false;
      if (/^(1|t|T|TRUE|true|True)$/.test(v)) return true;
      if (/^(0|f|F|FALSE|false|False)$/.test(v)) return false;
      return null;
    };
    const path = clean(`${KEYS_PREFIX}/${req.path.slice('/v2/keys'.length)}`);
    const prevIndex = uint('prevIndex');
    if (prevIndex === null) return bad(203, 'invalid value for "prevIndex"');
    const waitIndex = uint('waitIndex');
    if (waitIndex === null) return bad(203, 'invalid value for "waitIndex"');
    const flags: Record<string, boolean> = {};
    for (const k of [
      'recursive',
      'sorted',
      'wait',
      'dir',
      'quorum',
      'stream',
      'noValueOnSuccess',
    ]) {
      const b = bool(k);
      if (b === null) return bad(209, `invalid value for "${k}"`);
      flags[k] = b;
    }
    if (flags.wait && m !== 'GET') return bad(209, '"wait" can only be used with GET requests');
    const prevValue = one('prevValue') ?? '';
    if (form.has('prevValue') && prevValue === '') return bad(201, '"prevValue" cannot be empty');
    let expireAt: number | undefined;
    const now = this.world.sched.now;
    if ((one('ttl') ?? '') !== '') {
      const ttl = uint('ttl');
      if (ttl === null) return bad(202, 'invalid value for "ttl"');
      // A zero TTL is before etcd's minExpireTime: the key is permanent.
      expireAt = ttl === 0 ? undefined : now + ttl * 1_000_000;
    }
    let prevExist: boolean | undefined;
    if (form.has('prevExist')) {
      const b = bool('prevExist');
      if (b === null) return bad(209, 'invalid value for prevExist');
      prevExist = b;
    }
    const value = one('value') ?? '';
    if (m === 'GET' || m === 'HEAD') {
      if (flags.wait) return this.keysWatch(c, path, flags.recursive, flags.stream, waitIndex);
      return this.v2Reply(
        this.v2.get(path, flags.recursive, flags.sorted, now),
        flags.noValueOnSuccess,
      );
    }
    this.raftIndex++;
    this.ids.next();
    if (m === 'POST')
      return this.v2Reply(this.v2.create(path, flags.dir, value, true, expireAt, now), false);
    if (m === 'DELETE') {
      if (prevIndex > 0 || prevValue !== '')
        return this.v2Reply(this.v2.compareAndDelete(path, prevValue, prevIndex, now), false);
      return this.v2Reply(this.v2.delete(path, flags.dir, flags.recursive, now), false);
    }
    const nv = flags.noValueOnSuccess;
    if (prevExist === true) {
      if (prevIndex === 0 && prevValue === '')
        return this.v2Reply(this.v2.update(path, value, expireAt, now), nv);
      return this.v2Reply(
        this.v2.compareAndSwap(path, prevValue, prevIndex, value, expireAt, now),
        nv,
      );
    }
    if (prevExist === false)
      return this.v2Reply(this.v2.create(path, flags.dir, value, false, expireAt, now), nv);
    if (prevIndex > 0 || prevValue !== '')
      return this.v2Reply(
        this.v2.compareAndSwap(path, prevValue, prevIndex, value, expireAt, now),
        nv,
      );
    return this.v2Reply(this.v2.set(path, flags.dir, value, expireAt, now), nv);
  }

  private v2Reply(r: ReturnType<V2Store['get']>, noValueOnSuccess: boolean): Reply {
    if (!r.ok) return this.v2ErrorReply(r.error);
    const e = trimEvent(r.event);
    const created = e.action === 'create' || (e.action === 'set' && !e.prevNode);
    let body: V2Event = e;
    if (noValueOnSuccess && ['set', 'compareAndSwap', 'create', 'update'].includes(e.action))
      body = { action: e.action, etcdIndex: e.etcdIndex, node: undefined as unknown as V2NodeJson };
    return {
      status: created ? 201 : 200,
      headers: this.eventHeaders(r.event.etcdIndex),
      body: body.node ? v2EventJson(body) : `{"action":${JSON.stringify(e.action)}}\n`,
    };
  }

  /** A long poll: the head now, the event as one chunk when it comes. */
  private keysWatch(
    c: Conn,
    path: string,
    recursive: boolean,
    stream: boolean,
    waitIndex: number,
  ): Reply {
    let headSent = false;
    const pending: V2Event[] = [];
    let done = false;
    const deliver = (e: V2Event) => {
      if (done) return;
      if (!headSent) {
        pending.push(e);
        return;
      }
      tcpSend(this.world, c.s, chunk(v2EventJson(trimEvent(e))));
      if (!stream) finish();
    };
    const finish = () => {
      done = true;
      tcpSend(this.world, c.s, chunk(''));
      c.busy = false;
      c.cancel = undefined;
      this.proc?.wake();
    };
    const r = this.v2.watch(path, recursive, stream, waitIndex, deliver);
    if (!r.ok) return this.v2ErrorReply(r.error);
    c.busy = true;
    c.cancel = () => {
      done = true;
      r.remove();
    };
    const head = chunkedHead(200, this.eventHeaders(r.watcher.startIndex), this.date());
    tcpSend(this.world, c.s, ascii(head));
    headSent = true;
    for (const e of pending.splice(0)) deliver(e);
    return 'streaming';
  }

  // -- v3 through the gRPC gateway -------------------------------------------------------------

  private v3Header(withRevision = true): string {
    const rev = withRevision ? `,"revision":"${this.v3.revision}"` : '';
    return `{"cluster_id":"${this.clusterId}","member_id":"${this.memberId}"${rev},"raft_term":"${this.raftTerm}"}`;
  }

  private v3Api(req: HttpRequest, c: Conn): Reply {
    let body: Record<string, unknown>;
    try {
      const parsed: unknown = JSON.parse(req.body === '' ? '{}' : req.body);
      body =
        typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
    } catch {
      return grpcError(400, 3, 'unexpected EOF');
    }
    const str = (k: string) => (typeof body[k] === 'string' ? (body[k] as string) : '');
    const num = (k: string) => Number(body[k] ?? 0);
    const ok = (text: string): Reply => ({
      status: 200,
      headers: [
        ['Content-Type', 'application/json'],
        ['Grpc-Metadata-Content-Type', 'application/grpc'],
      ],
      body: text,
    });
    const now = this.world.sched.now;
    switch (req.path) {
      case '/v3/kv/range': {
        const rev = num('revision');
        if (rev > this.v3.revision)
          return grpcError(400, 11, 'etcdserver: mvcc: required revision is a future revision');
        const key = b64decode(str('key'));
        const kvs = this.v3.range(key, b64decode(str('range_end')));
        const keysOnly = body.keys_only === true;
        const count = kvs.length;
        const limit = num('limit');
        const shown = limit > 0 ? kvs.slice(0, limit) : kvs;
        let out = `{"header":${this.v3Header()}`;
        if (shown.length > 0 && body.count_only !== true)
          out += `,"kvs":[${shown.map((kv) => kvJson(kv, keysOnly)).join(',')}]`;
        if (shown.length < count) out += ',"more":true';
        if (count > 0) out += `,"count":"${count}"`;
        return ok(`${out}}`);
      }
      case '/v3/kv/put': {
        this.ids.next();
        const lease = BigInt(str('lease') || String(body.lease ?? 0));
        const key = b64decode(str('key'));
        const prev = this.v3.range(key, '')[0];
        const r = this.v3.put(key, b64decode(str('value')), lease);
        if (r === 'lease not found') {
          this.log(
            'W',
            'etcdserver',
            `failed to apply request "header:<ID:${this.ids.next()} > put:<key:${JSON.stringify(key)} value_size:${b64decode(str('value')).length} lease:${lease} >" with response "" took (9.674µs) to execute, err is lease not found`,
          );
          return grpcError(404, 5, 'etcdserver: requested lease not found');
        }
        this.raftIndex++;
        const prevKv = body.prev_kv === true && prev ? `,"prev_kv":${kvJson(prev, false)}` : '';
        return ok(`{"header":${this.v3Header()}${prevKv}}`);
      }
      case '/v3/kv/deleterange': {
        this.ids.next();
        const gone = this.v3.deleteRange(b64decode(str('key')), b64decode(str('range_end')));
        this.raftIndex++;
        const deleted = gone.length > 0 ? `,"deleted":"${gone.length}"` : '';
        const prev =
          body.prev_kv === true && gone.length > 0
            ? `,"prev_kvs":[${gone.map((kv) => kvJson(kv, false)).join(',')}]`
            : '';
        return ok(`{"header":${this.v3Header()}${deleted}${prev}}`);
      }
      case '/v3/lease/grant': {
        const ttl = num('TTL');
        let id = BigInt(str('ID') || '0');
        if (id === 0n) id = this.ids.next() & ((1n << 63n) - 1n);
        this.v3.grant(id, ttl, now);
        this.raftIndex++;
        return ok(`{"header":${this.v3Header()},"ID":"${id}","TTL":"${ttl}"}`);
      }
      case '/v3/lease/revoke': {
        const id = BigInt(str('ID') || '0');
        if (!this.v3.revoke(id)) return grpcError(404, 5, 'etcdserver: requested lease not found');
        this.raftIndex++;
        return ok(`{"header":${this.v3Header()}}`);
      }
      case '/v3/lease/timetolive': {
        const id = BigInt(str('ID') || '0');
        const l = this.v3.leases.get(id);
        if (!l) return ok(`{"header":${this.v3Header()},"ID":"${id}","TTL":"-1"}`);
        const left = Math.max(0, Math.ceil((l.expireAt - now) / 1_000_000) - 1);
        const keys =
          body.keys === true && l.keys.size > 0
            ? `,"keys":[${[...l.keys]
                .sort()
                .map((k) => `"${b64encode(k)}"`)
                .join(',')}]`
            : '';
        return ok(
          `{"header":${this.v3Header()},"ID":"${id}","TTL":"${left}","grantedTTL":"${l.grantedTtl}"${keys}}`,
        );
      }
      case '/v3/cluster/member/list': {
        const m = `{"ID":"${this.memberId}","name":${JSON.stringify(this.config.name)},"peerURLs":${JSON.stringify(this.config.initialAdvertisePeerUrls)},"clientURLs":${JSON.stringify(this.config.advertiseClientUrls)}}`;
        return ok(`{"header":${this.v3Header(false)},"members":[${m}]}`);
      }
      case '/v3/watch':
        return this.v3Watch(body, c);
      default:
        return notFound();
    }
  }

  /** `/v3/watch`: one create_request, then a `{"result":…}` line per batch of events. */
  private v3Watch(body: Record<string, unknown>, c: Conn): Reply {
    const cr = (body.create_request ?? {}) as Record<string, unknown>;
    const key = b64decode(typeof cr.key === 'string' ? cr.key : '');
    const end = b64decode(typeof cr.range_end === 'string' ? cr.range_end : '');
    const head = chunkedHead(
      200,
      [
        ['Content-Type', 'application/json'],
        ['Grpc-Metadata-Content-Type', 'application/grpc'],
      ],
      this.date(),
    );
    tcpSend(this.world, c.s, ascii(head));
    tcpSend(this.world, c.s, chunk(`{"result":{"header":${this.v3Header()},"created":true}}\n`));
    const stop = this.v3.watch({
      key,
      rangeEnd: end,
      deliver: (_rev, events: V3Event[]) => {
        const evs = events
          .map(
            (e) => `{${e.type === 'DELETE' ? '"type":"DELETE",' : ''}"kv":${kvJson(e.kv, false)}}`,
          )
          .join(',');
        tcpSend(
          this.world,
          c.s,
          chunk(`{"result":{"header":${this.v3Header()},"events":[${evs}]}}\n`),
        );
      },
    });
    c.busy = true;
    c.cancel = stop;
    return 'streaming';
  }
}

function ascii(text: string): Uint8Array {
  const b = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) b[i] = text.charCodeAt(i) & 0xff;
  return b;
}

function json200(body: string): Reply {
  return { status: 200, headers: [['Content-Type', 'application/json']], body };
}

function notFound(): Reply {
  return {
    status: 404,
    headers: [
      ['Content-Type', 'text/plain; charset=utf-8'],
      ['X-Content-Type-Options', 'nosniff'],
    ],
    body: '404 page not found\n',
  };
}

/** The gateway's error body for a gRPC status. */
function grpcError(status: number, code: number, msg: string): Reply {
  return {
    status,
    headers: [['Content-Type', 'application/json']],
    body: `{"error":${JSON.stringify(msg)},"message":${JSON.stringify(msg)},"code":${code}}`,
  };
}

/** A KeyValue as the gateway writes it (zero fields omitted, int64 as strings). */
function kvJson(kv: V3Kv, keysOnly: boolean): string {
  let s = `{"key":"${b64encode(kv.key)}"`;
  if (kv.createRevision) s += `,"create_revision":"${kv.createRevision}"`;
  if (kv.modRevision) s += `,"mod_revision":"${kv.modRevision}"`;
  if (kv.version) s += `,"version":"${kv.version}"`;
  if (!keysOnly && kv.value !== '') s += `,"value":"${b64encode(kv.value)}"`;
  if (kv.lease !== 0n) s += `,"lease":"${kv.lease}"`;
  return `${s}}`;
}

function trimKey(k: string): string {
  return k.startsWith(KEYS_PREFIX) ? k.slice(KEYS_PREFIX.length) : k;
}

function trimNode(n: V2NodeJson | undefined): V2NodeJson | undefined {
  if (!n) return undefined;
  return { ...n, key: trimKey(n.key ?? ''), nodes: n.nodes?.map((c) => trimNode(c) as V2NodeJson) };
}

function trimEvent(e: V2Event): V2Event {
  return { ...e, node: trimNode(e.node) as V2NodeJson, prevNode: trimNode(e.prevNode) };
}
