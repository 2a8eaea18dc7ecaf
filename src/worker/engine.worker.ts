/**
 * The engine's Web Worker: exposes the Lab over Comlink and paces virtual time against real
 * time while something is running (a ping takes its real second per probe).
 */
import { expose, proxy } from 'comlink';
import { Lab } from '../engine/api/lab';
import type { LabListener } from '../engine/api/types';
import { createPacer } from './pacer';
import type { WorkerLab } from './worker-api';

const lab = new Lab();
const pacer = createPacer(lab, {
  now: () => performance.now(),
  every: (ms, fn) => setInterval(fn, ms),
});

const api: WorkerLab = {
  load: async (s) => lab.load(s),
  openSession: async (t) => lab.openSession(t),
  closeSession: async (id) => lab.closeSession(id),
  exec: async (id, line) => {
    const execId = lab.exec(id, line);
    pacer.kick();
    return execId;
  },
  execToEnd: async (id, line, limit) => lab.execToEnd(id, line, limit),
  signal: async (id, sig) => lab.signal(id, sig),
  run: async (ms) => lab.run(ms),
  now: async () => lab.now(),
  view: async () => lab.view(),
  complete: async (id, line) => lab.complete(id, line),
  subscribe: async (listener: LabListener) => proxy(lab.subscribe(listener)),
  snapshot: async () => lab.snapshot(),
  setLayout: async (layout) => lab.setLayout(layout),
  ping: async () => 'pong',
};

expose(api);
