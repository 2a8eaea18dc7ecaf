/**
 * The contract between etcd (server and client library, daemons/etcd/) and its users (etcdctl,
 * flanneld): the etcd v2 keys API as flannel uses it, carried as real HTTP/1.1 over TCP port 2379
 * (`PUT /v2/keys/coreos.com/network/config`, `GET /v2/keys/…?recursive=true`,
 * `GET …?wait=true&waitIndex=N`). Responses are the v2 JSON documents etcd 3.4 returns with
 * `--enable-v2` (see /work/shared/reference/corpus/etcd).
 *
 * Client calls are process steps: generator functions a command or daemon runs with `yield*`,
 * parked until the HTTP response arrives (a real TCP exchange on the simulated network).
 */
import type { Park, Resume } from '../../shell/process';

export interface EtcdNode {
  key: string;
  value?: string;
  dir?: boolean;
  nodes?: EtcdNode[];
  /** Seconds left, when the key has a TTL. */
  ttl?: number;
  /** RFC 3339 time of expiry (virtual clock), when the key has a TTL. */
  expiration?: string;
  createdIndex: number;
  modifiedIndex: number;
}

export type EtcdAction =
  | 'get'
  | 'set'
  | 'create'
  | 'update'
  | 'delete'
  | 'expire'
  | 'compareAndSwap';

export type EtcdResult =
  | { ok: true; action: EtcdAction; node: EtcdNode; prevNode?: EtcdNode; index: number }
  /** etcd's error document: e.g. errorCode 100 "Key not found", 105 "Key already exists". */
  | { ok: false; errorCode: number; message: string; cause: string; index: number }
  /** No answer: connection refused, timeout, … (`Error: client: etcd cluster is unavailable …`). */
  | { ok: false; errorCode: 0; message: string; cause: 'transport'; index: 0 };

export type EtcdCall<T = EtcdResult> = Generator<Park, T, Resume>;

export interface EtcdSetOptions {
  ttl?: number;
  /** `prevExist=false`: create only (flanneld's lease acquisition). */
  prevExist?: boolean;
  dir?: boolean;
}

export interface EtcdClient {
  get(key: string, opts?: { recursive?: boolean; sorted?: boolean }): EtcdCall;
  set(key: string, value: string, opts?: EtcdSetOptions): EtcdCall;
  mkdir(key: string): EtcdCall;
  rm(key: string, opts?: { recursive?: boolean; dir?: boolean }): EtcdCall;
  /** Long-poll for the next change under `key` after `waitIndex` (v2 `?wait=true`). */
  watch(key: string, opts: { recursive?: boolean; waitIndex?: number }): EtcdCall;
  close(): void;
}
