/**
 * An in-memory etcd v2 keyspace for tests of flanneld (and anything else coding against
 * daemons/etcd/contract.ts) until the real server and client exist: one store shared by every
 * machine, v2 semantics for what flannel uses — `get` (recursive), `set` with `ttl` and
 * `prevExist`, `rm`, `watch` with `waitIndex` — keys that expire on the virtual clock (action
 * `expire`), and etcd's error documents (100 Key not found, 105 Key already exists, 401 index
 * cleared). Each call takes one millisecond of virtual time, as a round trip on a LAN might.
 *
 * Not a model of etcd: no HTTP, no TCP, no raft; `install` puts it where flanneld looks
 * (etcd-link.ts).
 */
import type { Machine } from '../../kernel/machine';
import type { World } from '../../kernel/world';
import { rfc3339Nano } from '../docker/time';
import type { EtcdAction, EtcdCall, EtcdClient, EtcdNode, EtcdResult } from '../etcd/contract';
import { ETCD_CONNECT, type EtcdConnect } from './etcd-link';

interface Entry {
  value: string;
  createdIndex: number;
  modifiedIndex: number;
  /** Virtual time of expiry, if the key has a TTL. */
  expiresAt?: number;
}

interface Event {
  action: EtcdAction;
  node: EtcdNode;
  prevNode?: EtcdNode;
  index: number;
}

const RTT_US = 1000;
const HISTORY = 1000;

export class FakeEtcd {
  index = 1;
  readonly entries = new Map<string, Entry>();
  readonly history: Event[] = [];
  private readonly waiters = new Set<() => void>();
  private readonly w: World;

  constructor(w: World) {
    this.w = w;
  }

  /** Make every machine of the world use this store (`machine.daemons[ETCD_CONNECT]`). */
  install(...machines: Machine[]): void {
    const connect: EtcdConnect = (_w, _ns, _endpoints, wake) => this.client(wake);
    for (const m of machines) m.daemons.set(ETCD_CONNECT, connect);
  }

  private node(key: string, e: Entry): EtcdNode {
    const n: EtcdNode = {
      key,
      value: e.value,
      createdIndex: e.createdIndex,
      modifiedIndex: e.modifiedIndex,
    };
    if (e.expiresAt !== undefined) {
      n.expiration = rfc3339Nano(e.expiresAt);
      n.ttl = Math.max(0, Math.ceil((e.expiresAt - this.w.sched.now) / 1_000_000));
    }
    return n;
  }

  private err(errorCode: number, message: string, cause: string): EtcdResult {
    return { ok: false, errorCode, message, cause, index: this.index };
  }

  private record(e: Event): void {
    this.history.push(e);
    if (this.history.length > HISTORY) this.history.shift();
    for (const wake of [...this.waiters]) wake();
  }

  /** A synchronous v2 request (what the server answers). */
  getNow(key: string, recursive = false): EtcdResult {
    const e = this.entries.get(key);
    if (e) return { ok: true, action: 'get', node: this.node(key, e), index: this.index };
    const prefix = `${key.replace(/\/$/, '')}/`;
    const children = [...this.entries.keys()].filter((k) => k.startsWith(prefix)).sort();
    if (children.length === 0) return this.err(100, 'Key not found', key);
    const nodes = children
      .filter((k) => recursive || !k.slice(prefix.length).includes('/'))
      .map((k) => this.node(k, this.entries.get(k) as Entry));
    return {
      ok: true,
      action: 'get',
      node: { key, dir: true, nodes, createdIndex: 1, modifiedIndex: 1 },
      index: this.index,
    };
  }

  setNow(key: string, value: string, opts: { ttl?: number; prevExist?: boolean } = {}): EtcdResult {
    const prev = this.entries.get(key);
    if (opts.prevExist === false && prev) return this.err(105, 'Key already exists', key);
    if (opts.prevExist === true && !prev) return this.err(100, 'Key not found', key);
    const index = ++this.index;
    const e: Entry = { value, createdIndex: prev?.createdIndex ?? index, modifiedIndex: index };
    if (!prev) e.createdIndex = index;
    if (opts.ttl !== undefined) {
      e.expiresAt = this.w.sched.now + opts.ttl * 1_000_000;
      this.w.sched.at(e.expiresAt, () => this.expire(key, index));
    }
    this.entries.set(key, e);
    const action: EtcdAction =
      opts.prevExist === false ? 'create' : opts.prevExist === true ? 'update' : 'set';
    const ev: Event = { action, node: this.node(key, e), index };
    if (prev) ev.prevNode = this.node(key, prev);
    this.record(ev);
    return { ok: true, action, node: ev.node, prevNode: ev.prevNode, index };
  }

  rmNow(key: string): EtcdResult {
    const prev = this.entries.get(key);
    if (!prev) return this.err(100, 'Key not found', key);
    this.entries.delete(key);
    const index = ++this.index;
    const ev: Event = {
      action: 'delete',
      node: { key, createdIndex: prev.createdIndex, modifiedIndex: index },
      prevNode: this.node(key, prev),
      index,
    };
    this.record(ev);
    return { ok: true, action: 'delete', node: ev.node, prevNode: ev.prevNode, index };
  }

  private expire(key: string, version: number): void {
    const e = this.entries.get(key);
    if (!e || e.modifiedIndex !== version) return;
    this.entries.delete(key);
    const index = ++this.index;
    this.record({
      action: 'expire',
      node: { key, createdIndex: e.createdIndex, modifiedIndex: index },
      prevNode: {
        key,
        value: e.value,
        createdIndex: e.createdIndex,
        modifiedIndex: e.modifiedIndex,
      },
      index,
    });
  }

  private *rtt(): Generator<{ until?: number }, void, unknown> {
    const until = this.w.sched.now + RTT_US;
    while (this.w.sched.now < until) yield { until };
  }

  /** A client whose calls park the calling process (woken by `wake`). */
  client(wake: () => void): EtcdClient {
    const self = this;
    function* call(f: () => EtcdResult): EtcdCall {
      yield* self.rtt();
      return f();
    }
    return {
      get: (key, opts) => call(() => self.getNow(key, opts?.recursive ?? false)),
      set: (key, value, opts) => call(() => self.setNow(key, value, opts)),
      mkdir: (key) => call(() => self.getNow(key)),
      rm: (key) => call(() => self.rmNow(key)),
      *watch(key, opts) {
        yield* self.rtt();
        const from = opts.waitIndex ?? self.index + 1;
        const oldest = self.history[0]?.index ?? self.index + 1;
        if (from < oldest && self.history.length >= HISTORY) {
          return self.err(
            401,
            'The event in requested index is outdated and cleared',
            `the requested history has been cleared [${oldest}/${from}]`,
          );
        }
        const prefix = `${key.replace(/\/$/, '')}/`;
        for (;;) {
          const ev = self.history.find(
            (e) =>
              e.index >= from &&
              (e.node.key === key || (opts.recursive === true && e.node.key.startsWith(prefix))),
          );
          if (ev)
            return {
              ok: true,
              action: ev.action,
              node: ev.node,
              prevNode: ev.prevNode,
              index: ev.index,
            };
          self.waiters.add(wake);
          try {
            yield {};
          } finally {
            self.waiters.delete(wake);
          }
        }
      },
      close: () => {},
    };
  }
}
