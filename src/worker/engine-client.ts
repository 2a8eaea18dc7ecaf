/**
 * The UI's handle on the engine: a module Worker wrapped with Comlink. `subscribe` takes a plain
 * callback; it is proxied here so callers never see Comlink. A crashed worker is reported through
 * `onCrash` and replaced by `restart` (the store then reloads the last saved scenario).
 */
import { proxy, type Remote, releaseProxy, wrap } from 'comlink';
import type { LabApi } from '../engine/api/lab-api';
import type { LabListener, Unsubscribe } from '../engine/api/types';
import type { WorkerLab } from './worker-api';

export interface RestartableLabApi extends LabApi {
  /** Called when the worker dies or sends something unreadable. Returns an unsubscribe. */
  onCrash(listener: (detail: string) => void): () => void;
  /** Replace the worker with a fresh engine (empty lab: the caller loads a scenario). */
  restart(): Promise<void>;
}

export interface LabConnection {
  lab: RestartableLabApi;
  /** Resolves when the worker answers (it has started and loaded the engine). */
  ready: Promise<void>;
  terminate(): void;
}

function startWorker(): { worker: Worker; remote: Remote<WorkerLab> } {
  const worker = new Worker(new URL('./engine.worker.ts', import.meta.url), { type: 'module' });
  return { worker, remote: wrap<WorkerLab>(worker) };
}

export function connectLab(): LabConnection {
  let { worker, remote } = startWorker();
  const crashListeners = new Set<(detail: string) => void>();
  const onError = (e: Event) => {
    const detail = e instanceof ErrorEvent ? e.message : 'the engine worker stopped';
    for (const l of crashListeners) l(detail);
  };
  const watch = (w: Worker) => {
    w.addEventListener('error', onError);
    w.addEventListener('messageerror', onError);
  };
  watch(worker);
  const lab: RestartableLabApi = {
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
    onCrash(listener) {
      crashListeners.add(listener);
      return () => crashListeners.delete(listener);
    },
    async restart() {
      remote[releaseProxy]();
      worker.terminate();
      ({ worker, remote } = startWorker());
      watch(worker);
      await remote.ping();
    },
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
