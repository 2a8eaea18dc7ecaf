/**
 * The async LabApi over an in-process LabEngine (the worker and the local client use it).
 *
 * With lazily loaded command tables a call may be refused with `CommandsNotLoaded` before it
 * did anything; the facade then awaits the load and makes the same call again. Calls made while
 * one waits for a load queue behind it, so the engine sees them in the order they were made and
 * a lab with commands still to fetch gives the same results as one with everything loaded. When
 * nothing waits, a call runs at once, as a plain `async` wrapper would.
 */
import { CommandsNotLoaded } from '../shell/command-set';
import type { LabEngine } from './lab';
import type { LabApi } from './lab-api';

export interface FacadeOptions {
  /**
   * Called after `exec`/`execToEnd` ran a line or `load` built a lab (the worker starts pacing
   * virtual time: daemons have timers to run, BIRD's connect delay among them).
   */
  afterExec?(): void;
}

/** Loads are retried this many times before the refusal is passed on (a table bug). */
const MAX_LOADS = 3;

export function labFacade(core: LabEngine, options: FacadeOptions = {}): LabApi {
  let waiting = 0;
  let tail: Promise<unknown> = Promise.resolve();

  const slow = async <T>(first: CommandsNotLoaded | null, f: () => T): Promise<T> => {
    let refused = first;
    for (let attempt = 0; ; attempt++) {
      if (refused) {
        if (attempt > MAX_LOADS) throw refused;
        await refused.load();
      }
      try {
        return f();
      } catch (e) {
        if (!(e instanceof CommandsNotLoaded)) throw e;
        refused = e;
      }
    }
  };

  const call = <T>(f: () => T): Promise<T> => {
    if (waiting === 0) {
      try {
        return Promise.resolve(f());
      } catch (e) {
        if (!(e instanceof CommandsNotLoaded)) return Promise.reject(e);
        return queue(() => slow(e, f));
      }
    }
    return queue(() => slow(null, f));
  };

  const queue = <T>(f: () => Promise<T>): Promise<T> => {
    waiting++;
    const p = tail.then(f).finally(() => {
      waiting--;
    });
    tail = p.catch(() => {});
    return p;
  };

  return {
    load: (s) =>
      call(() => {
        const loaded = core.load(s);
        options.afterExec?.();
        return loaded;
      }),
    openSession: (t) => call(() => core.openSession(t)),
    closeSession: (id) => call(() => core.closeSession(id)),
    exec: (id, line) =>
      call(() => {
        const execId = core.exec(id, line);
        options.afterExec?.();
        return execId;
      }),
    execToEnd: (id, line, limit) =>
      call(() => {
        const result = core.execToEnd(id, line, limit);
        options.afterExec?.(); // it may have started a daemon whose timers now run
        return result;
      }),
    signal: (id, sig) => call(() => core.signal(id, sig)),
    run: (ms) => call(() => core.run(ms)),
    now: () => call(() => core.now()),
    view: () => call(() => core.view()),
    complete: (id, line) => call(() => core.complete(id, line)),
    subscribe: async (l) => core.subscribe(l),
    snapshot: () => call(() => core.snapshot()),
    setLayout: (layout) => call(() => core.setLayout(layout)),
  };
}
