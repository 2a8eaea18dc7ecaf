/**
 * How flanneld gets an etcd v2 client (daemons/etcd/contract.ts): the client library
 * (daemons/etcd/client.ts) speaks HTTP over the machine's TCP sockets; each of flanneld's loops
 * holds its own client, bound to the loop's process so that a response wakes it.
 *
 * A machine may carry another connector under {@link ETCD_CONNECT} in `machine.daemons` (tests
 * install the in-memory keyspace of fake-etcd.ts there).
 */
import type { Machine } from '../../kernel/machine';
import type { Netns } from '../../kernel/netns';
import type { SockHolder } from '../../kernel/sock-procs';
import type { World } from '../../kernel/world';
import { createEtcdClient } from '../etcd/client';
import type { EtcdClient } from '../etcd/contract';

/** Make a client for `endpoints` in `ns`; `wake` resumes the calling process. */
export type EtcdConnect = (
  w: World,
  ns: Netns,
  endpoints: string[],
  wake: () => void,
  holder?: SockHolder,
) => EtcdClient;

/** The `machine.daemons` key of an installed connector. */
export const ETCD_CONNECT = 'etcd-connect';

/** The connector for `machine`: an installed one, else the real client over TCP. */
export function etcdConnectFor(machine: Machine): EtcdConnect {
  const c = machine.daemons.get(ETCD_CONNECT);
  if (typeof c === 'function') return c as EtcdConnect;
  return (world, netns, endpoints, wake, holder) =>
    createEtcdClient({ world, netns, endpoints, wake, owner: 'flanneld', holder });
}
