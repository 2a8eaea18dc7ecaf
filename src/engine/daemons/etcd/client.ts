/**
 * etcd's client side over the kernel's TCP sockets: HTTP/1.1 requests as Go's net/http writes
 * them, with one kept-alive connection per endpoint, and the v2 cluster client of etcd's
 * `client` package (go.etcd.io/etcd/client, what etcdctl v2 and flanneld use): try the
 * endpoints in turn, collect one error per endpoint, and report
 * `client: etcd cluster is unavailable or misconfigured; error #0: dial tcp 10.0.0.1:2379:
 * connect: connection refused` when none answers. `createEtcdClient` gives the `EtcdClient` of
 * contract.ts; `V2Cluster` and `v3Call` are the pieces etcdctl builds on.
 *
 * Every call is a process step (a generator run with `yield*`): it parks until the socket wakes
 * the process through `wake`. Nothing here reads real time.
 */
import { formatIpv4 } from '../../kernel/inet';
import type { Netns } from '../../kernel/netns';
import { newSockHolder, type SockHolder } from '../../kernel/sock-procs';
import {
  type TcpSocket,
  tcpClose,
  tcpConnect,
  tcpRecv,
  tcpSend,
  tcpSocketOpen,
  tcpTakeError,
} from '../../kernel/tcp-socket';
import type { World } from '../../kernel/world';
import type { Park, Resume } from '../../shell/process';
import type { EtcdCall, EtcdClient, EtcdNode, EtcdResult, EtcdSetOptions } from './contract';
import { encodeForm, pathEscape, ResponseReader, requestBytes } from './http';
import { type EtcdUrl, hostAddr, parseEtcdUrl } from './server';

export type HttpOutcome =
  | { ok: true; status: number; headers: Map<string, string>; body: string }
  /** `timeout`: the caller's deadline passed (Go's context deadline exceeded). */
  | { ok: false; error: string; timeout: boolean };

/** Go's syscall error texts for the errnos a connect or read reports. */
const GO_ERRNO: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset by peer',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'no route to host',
  ENETUNREACH: 'network is unreachable',
  EADDRNOTAVAIL: 'cannot assign requested address',
  EPIPE: 'broken pipe',
};

function goErrno(errno: string): string {
  return GO_ERRNO[errno] ?? errno.toLowerCase();
}

/** `host:port` as Go prints a dial target. */
function hostPort(ep: EtcdUrl): string {
  return `${ep.host}:${ep.port}`;
}

/**
 * An HTTP/1.1 client on one network namespace: the process's sockets wake it through `wake`.
 * Kept-alive connections are reused per endpoint; `close` ends them.
 */
export class HttpClient {
  private readonly idle = new Map<string, TcpSocket>();
  readonly world: World;
  readonly ns: Netns;
  readonly owner: string;
  readonly wake: () => void;
  /** The process holding the client's connections (for ss -p). */
  private readonly holder: SockHolder;

  constructor(world: World, ns: Netns, owner: string, wake: () => void, holder?: SockHolder) {
    this.world = world;
    this.ns = ns;
    this.owner = owner;
    this.wake = wake;
    this.holder = holder ?? newSockHolder(ns.machine);
  }

  /**
   * One request. `deadline` (virtual µs) bounds the whole exchange; `onChunk` sees each chunk of
   * a chunked body as it arrives (a v3 watch stream) and may return false to stop reading.
   */
  *request(
    ep: EtcdUrl,
    method: string,
    target: string,
    body?: string,
    contentType?: string,
    deadline?: number,
    onChunk?: (text: string) => boolean | undefined,
  ): Generator<Park, HttpOutcome, Resume> {
    const w = this.world;
    const addr = hostAddr(ep.host);
    if (addr === undefined)
      return { ok: false, error: `dial tcp: lookup ${ep.host}: no such host`, timeout: false };
    const dial = `dial tcp ${formatIpv4(addr)}:${ep.port}`;
    const late = () => deadline !== undefined && w.sched.now >= deadline;
    const park = (): Park => (deadline === undefined ? {} : { until: deadline });
    const timedOut: HttpOutcome = { ok: false, error: 'context deadline exceeded', timeout: true };
    let s = this.idle.get(hostPort(ep));
    this.idle.delete(hostPort(ep));
    if (s && (s.state !== 'ESTABLISHED' || s.rcvFin || s.recvQueue.length > 0)) {
      tcpClose(w, s);
      s = undefined;
    }
    let keep = false;
    let sock: TcpSocket | undefined;
    try {
      if (!s) {
        s = tcpSocketOpen(this.ns, this.owner, this.holder);
        s.noDelay = true;
        s.onReadable = this.wake;
        sock = s;
        const c = tcpConnect(w, s, addr, ep.port);
        if (!c.ok)
          return { ok: false, error: `${dial}: connect: ${goErrno(c.errno)}`, timeout: false };
        while (s.state === 'SYN_SENT') {
          if (late()) return timedOut;
          yield park();
        }
        const e = tcpTakeError(s);
        if (e || s.state !== 'ESTABLISHED')
          return {
            ok: false,
            error: `${dial}: connect: ${goErrno(e ?? 'ECONNREFUSED')}`,
            timeout: false,
          };
      }
      sock = s;
      s.onReadable = this.wake;
      tcpSend(w, s, requestBytes(method, target, hostPort(ep), body, contentType));
      const reader = new ResponseReader();
      let seen = 0;
      for (;;) {
        const r = tcpRecv(w, s);
        if (!r.ok) {
          const local = `${formatIpv4(s.localAddr)}:${s.localPort}`;
          return {
            ok: false,
            error: `read tcp ${local}->${formatIpv4(addr)}:${ep.port}: read: ${goErrno(r.errno)}`,
            timeout: false,
          };
        }
        if (r.value === null) {
          reader.eof();
          if (reader.complete) break;
          return { ok: false, error: 'EOF', timeout: false };
        }
        if (r.value === undefined) {
          if (late()) return timedOut;
          yield park();
          continue;
        }
        const bad = reader.feed(r.value);
        if (bad) return { ok: false, error: bad, timeout: false };
        if (onChunk) {
          while (seen < reader.chunks.length) {
            if (onChunk(reader.chunks[seen++]) === false)
              return { ok: true, status: reader.status, headers: reader.headers, body: '' };
          }
        }
        if (reader.complete) break;
      }
      keep = !/close/i.test(reader.headers.get('connection') ?? '');
      if (keep) this.idle.set(hostPort(ep), s);
      return { ok: true, status: reader.status, headers: reader.headers, body: reader.body };
    } finally {
      if (sock && !keep) tcpClose(w, sock);
    }
  }

  /** Close the kept-alive connections. */
  close(): void {
    for (const s of this.idle.values()) tcpClose(this.world, s);
    this.idle.clear();
  }
}

/** etcd's client.ClusterError text: one `; error #i: …` (and a newline) per endpoint. */
export function clusterErrorText(errors: string[]): string {
  return `client: etcd cluster is unavailable or misconfigured${errors.map((e, i) => `; error #${i}: ${e}\n`).join('')}`;
}

/** client.ClusterError.Detail(). */
export function clusterErrorDetail(errors: string[]): string {
  return errors.map((e, i) => `error #${i}: ${e}\n`).join('');
}

export const ERR_INVALID_JSON =
  'client: response is invalid json. The endpoint is probably not valid etcd cluster endpoint.';

/** What a v2 request came back with, before it is read as keys JSON. */
export type V2Outcome =
  | { ok: true; status: number; headers: Map<string, string>; body: string }
  /** Every endpoint failed (errors in endpoint order), or the deadline passed. */
  | { ok: false; errors: string[]; timeout: boolean };

/** go.etcd.io/etcd/client's httpClusterClient: endpoints tried from the pinned one on. */
export class V2Cluster {
  endpoints: EtcdUrl[];
  private pinned = 0;

  readonly http: HttpClient;

  constructor(http: HttpClient, endpoints: EtcdUrl[]) {
    this.http = http;
    this.endpoints = endpoints;
  }

  *do(
    method: string,
    target: string,
    body?: string,
    contentType?: string,
    deadline?: number,
    oneShot = false,
  ): Generator<Park, V2Outcome, Resume> {
    const errors: string[] = [];
    const n = this.endpoints.length;
    for (let i = this.pinned; i < this.pinned + n; i++) {
      const k = i % n;
      const ep = this.endpoints[k];
      const r = yield* this.http.request(ep, method, target, body, contentType, deadline);
      let err: string | undefined;
      if (!r.ok) {
        if (r.timeout) return { ok: false, errors: [r.error], timeout: true };
        err = r.error;
      } else if (r.status === 500 || r.status === 503)
        err = `client: etcd member ${ep.url} has no leader`;
      if (err !== undefined) {
        errors.push(err);
        if (oneShot) {
          this.pinned = (k + 1) % n;
          return { ok: false, errors, timeout: false };
        }
        continue;
      }
      this.pinned = k;
      return r as V2Outcome;
    }
    return { ok: false, errors, timeout: false };
  }

  /**
   * Client.Sync: read /v2/members and use the members' advertised client URLs from now on (so an
   * etcd advertising http://localhost:2379 sends a remote etcdctl to its own loopback).
   */
  *sync(deadline?: number): Generator<Park, V2Outcome | undefined, Resume> {
    const r = yield* this.do('GET', '/v2/members', undefined, undefined, deadline);
    if (!r.ok) return r;
    if (r.status !== 200) return undefined;
    try {
      const doc = JSON.parse(r.body) as { members?: { clientURLs?: string[] }[] };
      const urls = (doc.members ?? []).flatMap((m) => m.clientURLs ?? []);
      const eps = urls.map(parseEtcdUrl).filter((u): u is EtcdUrl => typeof u !== 'string');
      if (
        eps.length > 0 &&
        eps.map((e) => e.url).join() !== this.endpoints.map((e) => e.url).join()
      ) {
        this.endpoints = eps;
        this.pinned = 0;
      }
    } catch {
      // Not JSON: keep the endpoints (etcd without v2 answers 404 text).
    }
    return undefined;
  }
}

/** The v2 keys URL of `key` with its query (v2KeysURL + url.Values.Encode). */
export function v2KeysTarget(key: string, query: [string, string][]): string {
  const k = key.startsWith('/') ? key : `/${key}`;
  const q = encodeForm(query);
  return `${pathEscape(`/v2/keys${k}`.replace(/\/+$/, '') || '/v2/keys')}${q ? `?${q}` : ''}`;
}

/** Read a v2 keys response: the event, etcd's error document, or a transport failure. */
export function v2Result(r: V2Outcome): EtcdResult & { detail?: string } {
  if (!r.ok) {
    const message = r.timeout ? r.errors[0] : clusterErrorText(r.errors);
    return {
      ok: false,
      errorCode: 0,
      message,
      cause: 'transport',
      index: 0,
      detail: clusterErrorDetail(r.errors),
    };
  }
  try {
    if (r.status === 200 || r.status === 201) {
      const doc = JSON.parse(r.body) as { action: string; node: EtcdNode; prevNode?: EtcdNode };
      return {
        ok: true,
        action: doc.action as Extract<EtcdResult, { ok: true }>['action'],
        node: doc.node,
        ...(doc.prevNode ? { prevNode: doc.prevNode } : {}),
        index: Number(r.headers.get('x-etcd-index') ?? 0),
      };
    }
    const e = JSON.parse(r.body) as {
      errorCode: number;
      message: string;
      cause?: string;
      index: number;
    };
    if (typeof e.errorCode !== 'number') throw new Error('not an etcd error');
    return {
      ok: false,
      errorCode: e.errorCode,
      message: e.message,
      cause: e.cause ?? '',
      index: e.index,
    };
  } catch {
    return { ok: false, errorCode: 0, message: ERR_INVALID_JSON, cause: 'transport', index: 0 };
  }
}

/** The form of a v2 set (client.setAction.HTTPRequest). */
export function v2SetRequest(
  key: string,
  value: string,
  opts: EtcdSetOptions & { prevValue?: string; prevIndex?: number },
): { target: string; body: string } {
  const query: [string, string][] = [];
  const form: [string, string][] = [];
  if (opts.dir) query.push(['dir', 'true']);
  else {
    if (opts.prevValue) query.push(['prevValue', opts.prevValue]);
    form.push(['value', value]);
  }
  if (opts.prevIndex) query.push(['prevIndex', String(opts.prevIndex)]);
  if (opts.prevExist !== undefined) query.push(['prevExist', String(opts.prevExist)]);
  if (opts.ttl && opts.ttl > 0) form.push(['ttl', String(opts.ttl)]);
  return { target: v2KeysTarget(key, query), body: encodeForm(form) };
}

export const FORM = 'application/x-www-form-urlencoded';

export interface EtcdClientOptions {
  world: World;
  /** The namespace the client's sockets live in (the process's). */
  netns: Netns;
  /** `http://10.0.0.1:2379`, …: tried in order. */
  endpoints: string[];
  /** Wakes the process that runs the calls (a socket became readable). */
  wake: () => void;
  /** Socket owner name in traces and `ss` (default `etcd-client`). */
  owner?: string;
  /** The process holding the sockets, when it has others (default: a process of its own). */
  holder?: SockHolder;
  /** Per-request limit in ms for everything but watches (none by default). */
  timeoutMs?: number;
}

/**
 * The v2 keys API over the simulated network, as flanneld uses etcd's Go client: no member
 * sync (flanneld talks to the endpoints it was given). `watch`'s `waitIndex` is the v2
 * `waitIndex` parameter: the first index to report (pass the last seen index + 1).
 */
export function createEtcdClient(opts: EtcdClientOptions): EtcdClient {
  const eps = opts.endpoints.map(parseEtcdUrl).filter((u): u is EtcdUrl => typeof u !== 'string');
  const http = new HttpClient(
    opts.world,
    opts.netns,
    opts.owner ?? 'etcd-client',
    opts.wake,
    opts.holder,
  );
  const cluster = new V2Cluster(http, eps);
  const deadline = () =>
    opts.timeoutMs === undefined ? undefined : opts.world.sched.now + opts.timeoutMs * 1000;
  function* call(method: string, target: string, body?: string, oneShot = false): EtcdCall {
    const r = yield* cluster.do(
      method,
      target,
      body,
      body === undefined ? undefined : FORM,
      deadline(),
      oneShot,
    );
    const out = v2Result(r);
    delete out.detail;
    return out;
  }
  return {
    get(key, o = {}) {
      return call(
        'GET',
        v2KeysTarget(key, [
          ['quorum', 'false'],
          ['recursive', String(o.recursive ?? false)],
          ['sorted', String(o.sorted ?? false)],
        ]),
      );
    },
    set(key, value, o = {}) {
      const r = v2SetRequest(key, value, o);
      return call('PUT', r.target, r.body, o.prevExist === false);
    },
    mkdir(key) {
      const r = v2SetRequest(key, '', { dir: true, prevExist: false });
      return call('PUT', r.target, r.body, true);
    },
    rm(key, o = {}) {
      const q: [string, string][] = [];
      if (o.dir) q.push(['dir', 'true']);
      if (o.recursive) q.push(['recursive', 'true']);
      return call('DELETE', v2KeysTarget(key, q));
    },
    *watch(key, o) {
      const target = v2KeysTarget(key, [
        ['recursive', String(o.recursive ?? false)],
        ['wait', 'true'],
        ['waitIndex', String(o.waitIndex ?? 0)],
      ]);
      for (;;) {
        const r = yield* cluster.do('GET', target);
        // An empty body (a watch the server ended) is retried, as httpWatcher.Next does.
        if (r.ok && (r.status === 200 || r.status === 201) && r.body === '') continue;
        const out = v2Result(r);
        delete out.detail;
        return out;
      }
    },
    close() {
      http.close();
    },
  };
}

/** One v3 call through the gateway (`POST /v3/…` with JSON), retried until `deadline` as gRPC waits for a connection. */
export function* v3Call(
  http: HttpClient,
  endpoints: EtcdUrl[],
  path: string,
  body: string,
  deadline: number,
  onChunk?: (text: string) => boolean | undefined,
): Generator<Park, HttpOutcome, Resume> {
  for (;;) {
    let last: HttpOutcome | undefined;
    for (const ep of endpoints) {
      const r = yield* http.request(
        ep,
        'POST',
        path,
        body,
        'application/json',
        onChunk ? undefined : deadline,
        onChunk,
      );
      if (r.ok || r.timeout) return r;
      last = r;
    }
    // gRPC's reconnect backoff (1 s base) until the command's deadline.
    const next = Math.min(http.world.sched.now + 1_000_000, deadline);
    while (http.world.sched.now < next) yield { until: next };
    if (next >= deadline || last === undefined)
      return { ok: false, error: 'context deadline exceeded', timeout: true };
  }
}
