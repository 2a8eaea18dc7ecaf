/**
 * The engine's Web Worker: exposes the Lab over Comlink and paces virtual time against real
 * time while something is running (a ping takes its real second per probe).
 *
 * Its lab loads the rarer machine commands (docker, etcd, tcpdump, …) on demand, so the worker's
 * first download holds only what a fresh lab and the default scenario run; `labFacade` loads a
 * command before the line that may run it.
 */
import { expose, proxy } from 'comlink';
import { LabEngine } from '../engine/api/lab';
import { labFacade } from '../engine/api/lab-facade';
import type { LabListener } from '../engine/api/types';
import { lazyCommandSets } from './lazy-commands';
import { createPacer } from './pacer';
import type { WorkerLab } from './worker-api';

const lab = new LabEngine(1, lazyCommandSets());
const pacer = createPacer(lab, {
  now: () => performance.now(),
  every: (ms, fn) => setInterval(fn, ms),
});

const api: WorkerLab = {
  ...labFacade(lab, { afterExec: () => pacer.kick() }),
  subscribe: async (listener: LabListener) => proxy(lab.subscribe(listener)),
  ping: async () => 'pong',
};

expose(api);
