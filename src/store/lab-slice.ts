import type { LoadResult, Scenario, SessionId } from '../engine/api/types';
import { mergePositions, reduceEngineEvents } from './apply-events';
import { freeSpot, nextIfname, paletteCommand, paletteName, paletteNodeId } from './naming';
import { LAB_CONSOLE, type LabSlice, type Slice, type StoreDeps } from './state';
import { errorText } from './terminal-slice';

export const SHARE_PREFIX = '#s=';

/** The scenario text of a `#s=…` location hash, or null when the hash is not a share link. */
export function shareText(hash: string): string | null {
  return hash.startsWith(SHARE_PREFIX) ? hash.slice(SHARE_PREFIX.length) : null;
}

export const createLabSlice =
  (deps: StoreDeps): Slice<LabSlice> =>
  (set, get) => {
    const { lab } = deps;
    // The palette's own lab-console session, opened on first use.
    let labSession: Promise<SessionId> | null = null;

    const loaded = (result: Extract<LoadResult, { ok: true }>) => {
      set((s) => ({
        topology: result.view,
        positions: mergePositions(result.view, {}),
        loadCount: s.loadCount + 1,
        selectedId: null,
      }));
    };

    return {
      async boot(hash) {
        if (get().status !== 'idle') return; // StrictMode runs effects twice
        set({ status: 'booting' });
        try {
          await lab.subscribe((batch) => get().applyEngineEvents(batch));
          let scenario: Scenario = deps.defaultScenario;
          const text = shareText(hash);
          if (text !== null) {
            const decoded = deps.decodeScenario(text);
            if (decoded.ok) scenario = decoded.scenario;
            else get().reportError('badLink', decoded.error);
          }
          let result = await lab.load(scenario);
          if (!result.ok && scenario !== deps.defaultScenario) {
            get().reportError('loadFailed', result.error);
            result = await lab.load(deps.defaultScenario);
          }
          if (!result.ok) throw new Error(result.error);
          loaded(result);
          set({ status: 'ready' });
          const first = result.view.machines[0];
          if (first) await get().openTerminal(first.name);
        } catch (err) {
          set({ status: 'failed' });
          get().reportError('engineFailed', errorText(err));
        }
      },

      applyEngineEvents(batch) {
        const changed = reduceEngineEvents(get(), batch);
        if (Object.keys(changed).length > 0) set(changed);
      },

      async shareHash() {
        const scenario = await lab.snapshot();
        const withLayout = { ...scenario, layout: { ...scenario.layout, ...get().positions } };
        return SHARE_PREFIX + deps.encodeScenario(withLayout);
      },

      async runLabCommand(line) {
        try {
          labSession ??= lab.openSession({ machine: LAB_CONSOLE });
          const result = await lab.execToEnd(await labSession, line);
          if (result.code === 0) return true;
          get().showToast('commandFailed', (result.stderr || result.stdout).trim() || line);
        } catch (err) {
          labSession = null;
          get().showToast('commandFailed', errorText(err));
        }
        return false;
      },

      async addFromPalette(item, position) {
        const view = get().topology;
        if (!view) return;
        const name = paletteName(item, view);
        const at = position ?? freeSpot(item, view, get().positions);
        if (!(await get().runLabCommand(paletteCommand(item, name)))) return;
        get().moveNodes({ [paletteNodeId(item, name)]: at });
        await get().saveLayout();
      },

      async cable(machine, segment) {
        const view = get().topology;
        if (!view) return;
        await get().runLabCommand(`cable ${machine} ${nextIfname(view, machine)} ${segment}`);
      },

      async deleteNode(id) {
        const view = get().topology;
        const machine = view?.machines.find((m) => m.id === id);
        if (machine) {
          await get().runLabCommand(`machine del ${machine.name}`);
          return;
        }
        const segment = view?.segments.find((s) => s.id === id);
        if (segment) await get().runLabCommand(`segment del ${segment.name}`);
      },
    };
  };
