/**
 * etcd's v2 key space (etcdserver/api/v2store in etcd 3.4): a tree of directories and keys, one
 * global index that every change bumps, created/modified indexes per node, TTLs with expiry
 * events, the 1000-event history that `?wait=true&waitIndex=N` scans, and the watcher hub that
 * wakes long polls. Errors are the v2error documents (100 Key not found, 102 Not a file, 104 Not
 * a directory, 105 Key already exists, 107 Root is read only, 108 Directory not empty, 101
 * Compare failed, 401 history cleared). Paths are internal ones: the server keeps the cluster's
 * own records under /0 and the user's keys under /1, as etcd does, and strips /1 on the way out.
 *
 * Time is the virtual clock (µs), passed in. Children are listed in insertion order; etcd keeps
 * them in a Go map, so its unsorted listings come in a random order (use `sorted`).
 *
 * Left out: in-order keys' POST numbering beyond the 20-digit name, refresh of TTLs without a
 * value (`refresh=true` is accepted and treated as an update of the TTL), stats.
 */
import { rfc3339Nano } from '../docker/time';

export type Micros = number;

export interface V2NodeJson {
  key?: string;
  value?: string;
  dir?: boolean;
  expiration?: string;
  ttl?: number;
  nodes?: V2NodeJson[];
  modifiedIndex?: number;
  createdIndex?: number;
}

export interface V2Event {
  action: string;
  node: V2NodeJson;
  prevNode?: V2NodeJson;
  /** The store index when the event was produced or read (X-Etcd-Index), not serialised. */
  etcdIndex: number;
  refresh?: boolean;
}

export interface V2Error {
  errorCode: number;
  message: string;
  cause?: string;
  index: number;
}

export type V2Result = { ok: true; event: V2Event } | { ok: false; error: V2Error };

/** v2error's messages. */
export const V2_MESSAGES: Record<number, string> = {
  100: 'Key not found',
  101: 'Compare failed',
  102: 'Not a file',
  104: 'Not a directory',
  105: 'Key already exists',
  107: 'Root is read only',
  108: 'Directory not empty',
  110: 'The request requires user authentication',
  201: 'PrevValue is Required in POST form',
  202: 'The given TTL in POST form is not a number',
  203: 'The given index in POST form is not a number',
  209: 'Invalid field',
  210: 'Invalid POST form',
  211: 'Value provided on refresh',
  212: 'A TTL must be provided on refresh',
  300: 'Raft Internal Error',
  401: 'The event in requested index is outdated and cleared',
};

/** v2error.StatusCode. */
export function v2ErrorStatus(code: number): number {
  if (code === 100) return 404;
  if (code === 102 || code === 108) return 403;
  if (code === 110) return 401;
  if (code === 101 || code === 105) return 412;
  if (code === 300 || code === 301) return 500;
  return 400;
}

export function v2Error(errorCode: number, cause: string, index: number): V2Error {
  return { errorCode, message: V2_MESSAGES[errorCode] ?? '', cause, index };
}

/** The error document as etcd writes it (cause omitted when empty). */
export function v2ErrorJson(e: V2Error): string {
  const cause = e.cause ? `,"cause":${JSON.stringify(e.cause)}` : '';
  return `{"errorCode":${e.errorCode},"message":${JSON.stringify(e.message)}${cause},"index":${e.index}}`;
}

/** A node as json.Marshal writes NodeExtern (field order and omitempty kept). */
export function v2NodeJson(n: V2NodeJson): string {
  const parts: string[] = [];
  if (n.key) parts.push(`"key":${JSON.stringify(n.key)}`);
  if (n.value !== undefined) parts.push(`"value":${JSON.stringify(n.value)}`);
  if (n.dir) parts.push('"dir":true');
  if (n.expiration) parts.push(`"expiration":${JSON.stringify(n.expiration)}`);
  if (n.ttl) parts.push(`"ttl":${n.ttl}`);
  if (n.nodes && n.nodes.length > 0) parts.push(`"nodes":[${n.nodes.map(v2NodeJson).join(',')}]`);
  if (n.modifiedIndex) parts.push(`"modifiedIndex":${n.modifiedIndex}`);
  if (n.createdIndex) parts.push(`"createdIndex":${n.createdIndex}`);
  return `{${parts.join(',')}}`;
}

/** An event as json.Encoder writes it (the trailing newline included). */
export function v2EventJson(e: V2Event): string {
  const prev = e.prevNode ? `,"prevNode":${v2NodeJson(e.prevNode)}` : '';
  const refresh = e.refresh ? ',"refresh":true' : '';
  return `{"action":${JSON.stringify(e.action)},"node":${v2NodeJson(e.node)}${prev}${refresh}}\n`;
}

interface Node {
  path: string;
  value: string | undefined;
  children: Map<string, Node> | undefined;
  createdIndex: number;
  modifiedIndex: number;
  /** Virtual time of expiry; undefined = permanent. */
  expireAt: Micros | undefined;
  parent: Node | undefined;
}

export interface V2Watcher {
  readonly key: string;
  readonly recursive: boolean;
  readonly stream: boolean;
  readonly sinceIndex: number;
  /** The store index when the watch began (X-Etcd-Index of the response). */
  readonly startIndex: number;
  /** Called once (or per event for a stream) with the matching event. */
  deliver: (e: V2Event) => void;
  removed: boolean;
}

const HISTORY = 1000;

/** path.Clean(path.Join("/", p)): etcd's key normalisation. */
export function clean(p: string): string {
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return `/${out.join('/')}`;
}

function join(a: string, b: string): string {
  return clean(`${a}/${b}`);
}

function baseName(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}

function isHiddenName(p: string): boolean {
  return baseName(p).startsWith('_');
}

export class V2Store {
  currentIndex = 0;
  private readonly root: Node;
  private readonly readonly = new Set<string>(['/']);
  /** The event history: the last HISTORY events, oldest first. */
  private readonly history: V2Event[] = [];
  private readonly watchers = new Map<string, V2Watcher[]>();
  private readonly ttlNodes = new Set<Node>();

  constructor(namespaces: string[]) {
    this.root = this.newNode('/', undefined, 0, undefined, undefined, true);
    for (const ns of namespaces) {
      this.root.children?.set(
        ns.slice(1),
        this.newNode(ns, undefined, 0, this.root, undefined, true),
      );
      this.readonly.add(ns);
    }
  }

  private newNode(
    path: string,
    value: string | undefined,
    index: number,
    parent: Node | undefined,
    expireAt: Micros | undefined,
    dir: boolean,
  ): Node {
    return {
      path,
      value: dir ? undefined : (value ?? ''),
      children: dir ? new Map() : undefined,
      createdIndex: index,
      modifiedIndex: index,
      expireAt,
      parent,
    };
  }

  /** True while some node has a TTL (etcd proposes SYNC requests only then). */
  hasTtlKeys(): boolean {
    return this.ttlNodes.size > 0;
  }

  /** The earliest expiry, if any. */
  nextExpiry(): Micros | undefined {
    let t: Micros | undefined;
    for (const n of this.ttlNodes)
      if (n.expireAt !== undefined && (t === undefined || n.expireAt < t)) t = n.expireAt;
    return t;
  }

  private ttlOf(n: Node, now: Micros): { expiration?: string; ttl?: number } {
    if (n.expireAt === undefined) return {};
    const left = n.expireAt - now;
    // ceil((expireTime - now) / 1s), as node.expirationAndTTL.
    const ttl = Math.floor(left / 1_000_000) + (left % 1_000_000 > 0 ? 1 : 0);
    return { expiration: rfc3339Nano(n.expireAt), ttl };
  }

  private repr(n: Node, recursive: boolean, sorted: boolean, now: Micros): V2NodeJson {
    if (n.children) {
      const out: V2NodeJson = {
        key: n.path,
        dir: true,
        ...this.ttlOf(n, now),
        modifiedIndex: n.modifiedIndex,
        createdIndex: n.createdIndex,
      };
      if (!recursive) return out;
      out.nodes = this.list(n).map((c) => this.repr(c, true, sorted, now));
      if (sorted) out.nodes.sort((a, b) => ((a.key ?? '') < (b.key ?? '') ? -1 : 1));
      return out;
    }
    return {
      key: n.path,
      value: n.value,
      ...this.ttlOf(n, now),
      modifiedIndex: n.modifiedIndex,
      createdIndex: n.createdIndex,
    };
  }

  private list(n: Node): Node[] {
    return [...(n.children?.values() ?? [])].filter((c) => !isHiddenName(c.path));
  }

  private walkGet(nodePath: string): Node | V2Error {
    const p = clean(nodePath);
    let curr = this.root;
    for (const name of p.split('/').slice(1)) {
      if (name === '') break;
      if (!curr.children) return v2Error(104, curr.path, this.currentIndex);
      const child = curr.children.get(name);
      if (!child) return v2Error(100, join(curr.path, name), this.currentIndex);
      curr = child;
    }
    return curr;
  }

  /** Walk to a directory, creating missing ones (store.checkDir) with the next index. */
  private walkDirs(dirPath: string): Node | V2Error {
    let curr = this.root;
    for (const name of clean(dirPath).split('/').slice(1)) {
      if (name === '') break;
      const child = curr.children?.get(name);
      if (child) {
        if (!child.children) return v2Error(104, child.path, this.currentIndex);
        curr = child;
        continue;
      }
      const d = this.newNode(
        join(curr.path, name),
        undefined,
        this.currentIndex + 1,
        curr,
        undefined,
        true,
      );
      curr.children?.set(name, d);
      curr = d;
    }
    return curr;
  }

  get(nodePath: string, recursive: boolean, sorted: boolean, now: Micros): V2Result {
    const n = this.walkGet(nodePath);
    if ('errorCode' in n) return { ok: false, error: n };
    const node: V2NodeJson = {
      key: clean(nodePath),
      modifiedIndex: n.modifiedIndex,
      createdIndex: n.createdIndex,
    };
    if (n.children) {
      node.dir = true;
      node.nodes = this.list(n).map((c) => this.repr(c, recursive, sorted, now));
      if (sorted) node.nodes.sort((a, b) => ((a.key ?? '') < (b.key ?? '') ? -1 : 1));
    } else node.value = n.value;
    Object.assign(node, this.ttlOf(n, now));
    return { ok: true, event: { action: 'get', node, etcdIndex: this.currentIndex } };
  }

  private internalCreate(
    nodePath: string,
    dir: boolean,
    value: string,
    unique: boolean,
    replace: boolean,
    expireAt: Micros | undefined,
    action: string,
    now: Micros,
  ): V2Result {
    const curr = this.currentIndex;
    const next = curr + 1;
    let p = nodePath;
    if (unique) p += `/${String(next).padStart(20, '0')}`;
    p = clean(p);
    if (this.readonly.has(p)) return { ok: false, error: v2Error(107, '/', curr) };
    const d = this.walkDirs(p.slice(0, p.lastIndexOf('/')) || '/');
    if ('errorCode' in d) {
      d.index = curr;
      return { ok: false, error: d };
    }
    const name = baseName(p);
    const event: V2Event = {
      action,
      node: { key: p, modifiedIndex: next, createdIndex: next },
      etcdIndex: 0,
    };
    const existing = d.children?.get(name);
    if (existing) {
      if (!replace) return { ok: false, error: v2Error(105, p, curr) };
      if (existing.children) return { ok: false, error: v2Error(102, p, curr) };
      event.prevNode = this.repr(existing, false, false, now);
      this.removeNode(existing);
    }
    const n = this.newNode(p, value, next, d, expireAt, dir);
    if (dir) event.node.dir = true;
    else event.node.value = value;
    d.children?.set(name, n);
    if (expireAt !== undefined) {
      this.ttlNodes.add(n);
      Object.assign(event.node, this.ttlOf(n, now));
    }
    this.currentIndex = next;
    event.etcdIndex = next;
    return { ok: true, event };
  }

  create(
    nodePath: string,
    dir: boolean,
    value: string,
    unique: boolean,
    expireAt: Micros | undefined,
    now: Micros,
  ): V2Result {
    const r = this.internalCreate(nodePath, dir, value, unique, false, expireAt, 'create', now);
    if (r.ok) this.notify(r.event);
    return r;
  }

  set(
    nodePath: string,
    dir: boolean,
    value: string,
    expireAt: Micros | undefined,
    now: Micros,
  ): V2Result {
    const got = this.walkGet(nodePath);
    if ('errorCode' in got && got.errorCode !== 100) return { ok: false, error: got };
    const r = this.internalCreate(nodePath, dir, value, false, true, expireAt, 'set', now);
    if (r.ok) this.notify(r.event);
    return r;
  }

  update(nodePath: string, value: string, expireAt: Micros | undefined, now: Micros): V2Result {
    const p = clean(nodePath);
    if (this.readonly.has(p)) return { ok: false, error: v2Error(107, '/', this.currentIndex) };
    const n = this.walkGet(p);
    if ('errorCode' in n) return { ok: false, error: n };
    const next = this.currentIndex + 1;
    if (n.children && value.length !== 0)
      return { ok: false, error: v2Error(102, p, this.currentIndex) };
    const event: V2Event = {
      action: 'update',
      node: { key: p, modifiedIndex: next, createdIndex: n.createdIndex },
      prevNode: this.repr(n, false, false, now),
      etcdIndex: next,
    };
    n.modifiedIndex = next;
    if (n.children) event.node.dir = true;
    else {
      n.value = value;
      event.node.value = value;
    }
    this.setTtl(n, expireAt);
    Object.assign(event.node, this.ttlOf(n, now));
    this.notify(event);
    this.currentIndex = next;
    return { ok: true, event };
  }

  compareAndSwap(
    nodePath: string,
    prevValue: string,
    prevIndex: number,
    value: string,
    expireAt: Micros | undefined,
    now: Micros,
  ): V2Result {
    const p = clean(nodePath);
    if (this.readonly.has(p)) return { ok: false, error: v2Error(107, '/', this.currentIndex) };
    const n = this.walkGet(p);
    if ('errorCode' in n) return { ok: false, error: n };
    if (n.children) return { ok: false, error: v2Error(102, p, this.currentIndex) };
    const cause = this.compareFail(n, prevValue, prevIndex);
    if (cause) return { ok: false, error: v2Error(101, cause, this.currentIndex) };
    this.currentIndex++;
    const event: V2Event = {
      action: 'compareAndSwap',
      node: { key: p, value, modifiedIndex: this.currentIndex, createdIndex: n.createdIndex },
      prevNode: this.repr(n, false, false, now),
      etcdIndex: this.currentIndex,
    };
    n.value = value;
    n.modifiedIndex = this.currentIndex;
    this.setTtl(n, expireAt);
    Object.assign(event.node, this.ttlOf(n, now));
    this.notify(event);
    return { ok: true, event };
  }

  private compareFail(n: Node, prevValue: string, prevIndex: number): string | undefined {
    const valueOk = prevValue === '' || n.value === prevValue;
    const indexOk = prevIndex === 0 || n.modifiedIndex === prevIndex;
    if (valueOk && indexOk) return undefined;
    if (!indexOk && valueOk) return `[${prevIndex} != ${n.modifiedIndex}]`;
    if (!valueOk && indexOk) return `[${prevValue} != ${n.value}]`;
    return `[${prevValue} != ${n.value}] [${prevIndex} != ${n.modifiedIndex}]`;
  }

  delete(nodePath: string, dir: boolean, recursive: boolean, now: Micros): V2Result {
    const p = clean(nodePath);
    if (this.readonly.has(p)) return { ok: false, error: v2Error(107, '/', this.currentIndex) };
    const n = this.walkGet(p);
    if ('errorCode' in n) return { ok: false, error: n };
    const next = this.currentIndex + 1;
    const event: V2Event = {
      action: 'delete',
      node: { key: p, modifiedIndex: next, createdIndex: n.createdIndex },
      prevNode: this.repr(n, false, false, now),
      etcdIndex: next,
    };
    if (n.children) {
      event.node.dir = true;
      if (!dir && !recursive) return { ok: false, error: v2Error(102, p, this.currentIndex) };
      if (n.children.size > 0 && !recursive)
        return { ok: false, error: v2Error(108, p, this.currentIndex) };
    }
    this.removeTree(n, (path) => this.notifyWatchers(event, path, true));
    this.currentIndex = next;
    this.notify(event);
    return { ok: true, event };
  }

  compareAndDelete(nodePath: string, prevValue: string, prevIndex: number, now: Micros): V2Result {
    const p = clean(nodePath);
    const n = this.walkGet(p);
    if ('errorCode' in n) return { ok: false, error: n };
    if (n.children) return { ok: false, error: v2Error(102, p, this.currentIndex) };
    const cause = this.compareFail(n, prevValue, prevIndex);
    if (cause) return { ok: false, error: v2Error(101, cause, this.currentIndex) };
    this.currentIndex++;
    const event: V2Event = {
      action: 'compareAndDelete',
      node: { key: p, modifiedIndex: this.currentIndex, createdIndex: n.createdIndex },
      prevNode: this.repr(n, false, false, now),
      etcdIndex: this.currentIndex,
    };
    this.removeTree(n, (path) => this.notifyWatchers(event, path, true));
    this.notify(event);
    return { ok: true, event };
  }

  /** DeleteExpiredKeys: every node whose expiry is not after `cutoff` goes, one index each. */
  deleteExpiredKeys(cutoff: Micros, now: Micros): V2Event[] {
    const out: V2Event[] = [];
    for (;;) {
      let first: Node | undefined;
      for (const n of this.ttlNodes)
        if (first === undefined || (n.expireAt ?? 0) < (first.expireAt ?? 0)) first = n;
      if (!first || (first.expireAt ?? 0) > cutoff) break;
      this.currentIndex++;
      const event: V2Event = {
        action: 'expire',
        node: {
          key: first.path,
          modifiedIndex: this.currentIndex,
          createdIndex: first.createdIndex,
        },
        prevNode: this.repr(first, false, false, now),
        etcdIndex: this.currentIndex,
      };
      if (first.children) event.node.dir = true;
      this.ttlNodes.delete(first);
      this.removeTree(first, (path) => this.notifyWatchers(event, path, true));
      this.notify(event);
      out.push(event);
    }
    return out;
  }

  private setTtl(n: Node, expireAt: Micros | undefined): void {
    n.expireAt = expireAt;
    if (expireAt === undefined) this.ttlNodes.delete(n);
    else this.ttlNodes.add(n);
  }

  private removeNode(n: Node): void {
    const name = baseName(n.path);
    if (n.parent?.children?.get(name) === n) n.parent.children.delete(name);
    this.ttlNodes.delete(n);
  }

  private removeTree(n: Node, callback: (path: string) => void): void {
    for (const c of [...(n.children?.values() ?? [])]) this.removeTree(c, callback);
    this.removeNode(n);
    callback(n.path);
  }

  // -- watches ------------------------------------------------------------------------------

  /** The first event at or after `index` matching the watch (EventHistory.scan). */
  private scan(key: string, recursive: boolean, index: number): V2Event | V2Error | undefined {
    const start = this.history.length > 0 ? (this.history[0].node.modifiedIndex ?? 0) : 0;
    const last =
      this.history.length > 0 ? (this.history[this.history.length - 1].node.modifiedIndex ?? 0) : 0;
    if (index < start)
      return v2Error(401, `the requested history has been cleared [${start}/${index}]`, 0);
    if (index > last) return undefined;
    for (const e of this.history.slice(index - start)) {
      if (e.refresh) continue;
      const k = e.node.key ?? '';
      let ok = k === key;
      if (recursive) {
        const prefix = key.endsWith('/') ? key : `${key}/`;
        ok ||= k.startsWith(prefix);
      }
      if ((e.action === 'delete' || e.action === 'expire') && e.prevNode?.dir)
        ok ||= key.startsWith(e.prevNode.key ?? '');
      if (ok) return e;
    }
    return undefined;
  }

  /**
   * Watch `key` from `sinceIndex` (0: the next change). An event already in the history is
   * delivered at once; otherwise the watcher waits for `notify`. Errors: 401 when `sinceIndex`
   * fell out of the 1000-event window.
   */
  watch(
    key: string,
    recursive: boolean,
    stream: boolean,
    sinceIndex: number,
    deliver: (e: V2Event) => void,
  ): { ok: true; watcher: V2Watcher; remove: () => void } | { ok: false; error: V2Error } {
    const k = clean(key);
    const since = sinceIndex === 0 ? this.currentIndex + 1 : sinceIndex;
    const found = this.scan(k, recursive, since);
    if (found && 'errorCode' in found) {
      found.index = this.currentIndex;
      return { ok: false, error: found };
    }
    const w: V2Watcher = {
      key: k,
      recursive,
      stream,
      sinceIndex: since,
      startIndex: this.currentIndex,
      deliver,
      removed: false,
    };
    const remove = () => {
      if (w.removed) return;
      w.removed = true;
      const list = (this.watchers.get(k) ?? []).filter((x) => x !== w);
      if (list.length === 0) this.watchers.delete(k);
      else this.watchers.set(k, list);
    };
    if (found) {
      w.removed = true;
      deliver({ ...found, etcdIndex: this.currentIndex });
      return { ok: true, watcher: w, remove };
    }
    const list = this.watchers.get(k);
    if (list) list.push(w);
    else this.watchers.set(k, [w]);
    return { ok: true, watcher: w, remove };
  }

  private notify(e: V2Event): void {
    this.history.push(e);
    if (this.history.length > HISTORY) this.history.shift();
    let curr = '/';
    this.notifyWatchers(e, curr, false);
    for (const seg of (e.node.key ?? '/').split('/')) {
      if (seg === '') continue;
      curr = join(curr, seg);
      this.notifyWatchers(e, curr, false);
    }
  }

  private notifyWatchers(e: V2Event, nodePath: string, deleted: boolean): void {
    const list = this.watchers.get(nodePath);
    if (!list) return;
    const key = e.node.key ?? '';
    for (const w of [...list]) {
      const original = key === nodePath;
      const hidden =
        !original &&
        nodePath.length <= key.length &&
        clean(`/${key.slice(nodePath.length)}`).includes('/_');
      if (hidden) continue;
      if ((w.recursive || original || deleted) && (e.node.modifiedIndex ?? 0) >= w.sinceIndex) {
        if (!w.stream) {
          w.removed = true;
          list.splice(list.indexOf(w), 1);
        }
        w.deliver(e);
      }
    }
    if (list.length === 0) this.watchers.delete(nodePath);
  }
}
