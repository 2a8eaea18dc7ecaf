/**
 * The UI's handle on the engine: a module Worker wrapped with Comlink. `subscribe` takes a plain
 * callback; it is proxied here so callers never see Comlink.
 */
import { proxy, type Remote, releaseProxy, wrap } from 'comlink';
import type { LabApi } from '../engine/api/lab-api';
import type { LabListener, Unsubscribe } from '../engine/api/types';
import type { WorkerLab } from './worker-api';

export interface LabConnection {
  lab: LabApi;
  /** Resolves when the worker answers (it has started and loaded the engine). */
  ready: Promise<void>;
  terminate(): void;
}

export function connectLab(): LabConnection {
  const worker = new Worker(new URL('./engine.worker.ts', import.meta.url), { type: 'module' });
  const remote: Remote<WorkerLab> = wrap<WorkerLab>(worker);
  const lab: LabApi = {
    load: (s) => remote.load(s),
    openSession: (t) => remote.openSession(t),
    closeSession: (id) => remote.closeSession(id),
    exec: (id, line) => remote.exec(id, line),
    execToEnd: (id, line, limit) => remote.execToEnd(id, line, limit),
    signal: (id, sig) => remote.signal(id, sig),
    run: (ms) => remote.run(ms),
    now: () => remote.now(),
    view: () => remote.view(),
    complete: (id, line) => remote.complete(id, line),
    subscribe: async (listener: LabListener): Promise<Unsubscribe> => {
      const unsubscribe = await remote.subscribe(proxy(listener));
      return () => {
        void unsubscribe();
      };
    },
    snapshot: () => remote.snapshot(),
    setLayout: (layout) => remote.setLayout(layout),
  };
  return {
    lab,
    ready: remote.ping().then(() => undefined),
    terminate: () => {
      remote[releaseProxy]();
      worker.terminate();
    },
  };
}
