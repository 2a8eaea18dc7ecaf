import type { LabApi } from '../engine/api/lab-api';
import type { LoadResult, Scenario, SessionId, Target, TopologyView } from '../engine/api/types';
import { mergePositions, reduceEngineEvents, tabExists } from './apply-events';
import { AUTOSAVE_KEY, parseSave, type SavedLab } from './autosave';
import { isCalicoRefusal, planCalico } from './calico-plan';
import {
  type ContainersByMachine,
  cniPodRunLines,
  containerNetns,
  containerOfNetns,
  containerRunLine,
  duplicateLines,
  execContainer,
  firstCniConfig,
  INSPECT_FORMAT,
  isFlannelRefusal,
  netnsContainers,
  parseInspectLines,
  planFlannel,
  podRunLines,
} from './daemons';
import { type DeepLink, formatDeepLink, parseDeepLink, type RunSpec } from './deep-link';
import {
  freeSpot,
  isHostname,
  isIpv4Cidr,
  isMtu,
  netnsId,
  nextBridgeName,
  nextIfname,
  nextNetnsIfname,
  nextNetnsName,
  nextVethName,
  paletteCommand,
  paletteName,
  paletteNodeId,
  parseInnerId,
  tabIdOf,
  tabTarget,
  vethCommands,
} from './naming';
import { selectPrompt } from './selectors';
import {
  type ActionEntry,
  type InspectorTable,
  type KeyValueStorage,
  LAB_CONSOLE,
  type LabSlice,
  type RestartableLab,
  type Slice,
  type StoreDeps,
} from './state';
import { errorText, newTab, shellLine, tabShell } from './terminal-slice';
import { tracedRuns } from './trace-slice';
import { afterChange, emptyHistory, type History, noteGroup, planRedo, planUndo } from './undo';

export const SHARE_PREFIX = '#s=';

/** Virtual time a deep link's command may run before it is interrupted (like Ctrl-C). */
const REPLAY_LIMIT_MS = 30_000;

function runSpec(tabId: string, line: string): RunSpec {
  const { machine, netns } = tabTarget(tabId);
  return netns === undefined ? { machine, line } : { machine, netns, line };
}

/** Is this line a step of the scenario (a change the scenario replays anyway)? */
function isStep(scenario: Scenario, tabId: string, line: string): boolean {
  const { machine, netns } = tabTarget(tabId);
  return scenario.steps.some((st) => st.on === machine && st.netns === netns && st.line === line);
}

/** The scenario text of a `#s=…` location hash, or null when the hash is not a share link. */
export function shareText(hash: string): string | null {
  return hash.startsWith(SHARE_PREFIX) ? hash.slice(SHARE_PREFIX.length) : null;
}

/**
 * Tables the inspector always reads, and those it shows only once the shell has them.
 * `ip -br a`, not `ip -br addr`: the engine's ip currently counts any word starting with "add"
 * (addr, address) as a change and records it as a scenario step, which would flood undo.
 */
export const INSPECTOR_COMMANDS = ['ip -br addr', 'ip route', 'bridge link'] as const;
export const OPTIONAL_INSPECTOR_COMMANDS = ['ip neigh', 'bridge fdb show', 'iptables -S'] as const;

const ACTIONS_LIMIT = 200;

function browserStorage(): KeyValueStorage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

function isRestartable(lab: LabApi): lab is LabApi & RestartableLab {
  const l = lab as Partial<RestartableLab>;
  return typeof l.onCrash === 'function' && typeof l.restart === 'function';
}

/** The shell target a view id lives in: a machine's root netns, a named netns or a device's. */
export function targetOf(
  view: TopologyView | null,
  id: string | null,
  containers: ContainersByMachine = {},
): Target | null {
  if (!view || !id) return null;
  const machine = view.machines.find((m) => m.id === id);
  if (machine) return { machine: machine.name };
  const inner = parseInnerId(id);
  if (!inner || !view.machines.some((m) => m.name === inner.machine)) return null;
  const owner = containerOfNetns(inner.netns);
  if (owner !== null) {
    // A container's namespace is reached through a container that has a shell (a pod's app).
    const exec = execContainer(owner, containers[inner.machine] ?? []);
    return { machine: inner.machine, netns: containerNetns(exec) };
  }
  return inner.netns ? { machine: inner.machine, netns: inner.netns } : { machine: inner.machine };
}

const targetKey = (t: Target) => tabIdOf(t.machine, t.netns);

export const createLabSlice =
  (deps: StoreDeps): Slice<LabSlice> =>
  (set, get) => {
    const { lab } = deps;
    const storage = deps.storage === undefined ? browserStorage() : deps.storage;
    const autosaveDelay = deps.autosaveDelayMs ?? 400;
    // Hidden shells: one per target for canvas gestures, one per target for the inspector.
    const actionSessions = new Map<string, Promise<SessionId>>();
    const inspectSessions = new Map<string, Promise<SessionId>>();
    let nextAction = 1;
    let autosaveTimer: ReturnType<typeof setTimeout> | null = null;
    let refreshSeq = 0;
    let recovering = false;
    let unsubscribe: (() => void) | null = null;

    const sessionFor = (cache: Map<string, Promise<SessionId>>, target: Target) => {
      const key = targetKey(target);
      let session = cache.get(key);
      if (!session) {
        session = lab.openSession(tabShell(key).target);
        cache.set(key, session);
        session.catch(() => cache.delete(key));
      }
      return session;
    };

    const loaded = (result: Extract<LoadResult, { ok: true }>, fit = true) => {
      // A new world: packet ids start again, the old trace no longer describes it.
      get().resetTrace();
      set((s) => ({
        topology: result.view,
        positions: mergePositions(result.view, fit ? {} : s.positions),
        loadCount: fit ? s.loadCount + 1 : s.loadCount,
        selectedId: fit ? null : s.selectedId,
      }));
    };

    const log = (entry: Omit<ActionEntry, 'id'>) =>
      set((s) => ({
        actions: [...s.actions, { ...entry, id: nextAction++ }].slice(-ACTIONS_LIMIT),
      }));

    const stepCount = async () => (await lab.snapshot()).steps.length;

    /** The current scenario with the UI's layout (what share, autosave and undo use). */
    const scenarioNow = async (): Promise<Scenario> => {
      const scenario = await lab.snapshot();
      return { ...scenario, layout: { ...scenario.layout, ...get().positions } };
    };

    const subscribe = async () => {
      unsubscribe?.();
      unsubscribe = await lab.subscribe((batch) => get().applyEngineEvents(batch));
    };

    /** Run lines in the hidden shell of `target`, logged; stops at the first failure. */
    const execLines = async (target: Target, lines: string[]): Promise<boolean> => {
      const where = target.machine === LAB_CONSOLE ? LAB_CONSOLE : targetKey(target);
      const prompt = selectPrompt(where)(get());
      try {
        const session = await sessionFor(actionSessions, target);
        for (const typed of lines) {
          const line = where === LAB_CONSOLE ? typed : shellLine(where, typed);
          const r = await lab.execToEnd(session, line);
          log({ where, prompt, line, code: r.code, output: r.stdout + r.stderr });
          if (r.code !== 0) {
            get().showToast('commandFailed', (r.stderr || r.stdout).trim() || line);
            return false;
          }
        }
        return true;
      } catch (err) {
        actionSessions.delete(targetKey(target));
        get().showToast('commandFailed', errorText(err));
        void get().recover(errorText(err));
        return false;
      } finally {
        get().scheduleAutosave();
      }
    };

    /** A quiet shell per machine for questions to daemons (docker ps, etcd's log). */
    const askSessions = new Map<string, Promise<SessionId>>();
    const ask = async (machine: string, line: string) => {
      const session = await sessionFor(askSessions, { machine });
      return lab.execToEnd(session, line);
    };
    let containersSeq = 0;
    let containersTimer: ReturnType<typeof setTimeout> | null = null;

    /** Undo/redo: load a scenario keeping the view where it is, then adopt its history. */
    const reloadFrom = async (history: History, scenario: Scenario): Promise<void> => {
      const result = await lab.load(scenario);
      if (!result.ok) {
        get().showToast('commandFailed', result.error);
        return;
      }
      loaded(result, false);
      set({ history, stepCount: scenario.steps.length });
      get().scheduleAutosave();
    };

    /** Open the tabs of a save (or the first machine's terminal) on the loaded lab. */
    const openTabs = async (saved: SavedLab | null, view: TopologyView) => {
      const tabs = (saved?.tabs ?? []).filter((t) => t.id === LAB_CONSOLE || tabExists(view, t.id));
      if (tabs.length === 0) {
        const first = view.machines[0];
        if (first) await get().openTerminal(first.name);
        return;
      }
      set({
        tabs: tabs.map((t) => newTab(t.id, t)),
        activeTabId: tabs.some((t) => t.id === saved?.activeTabId)
          ? (saved?.activeTabId ?? null)
          : tabs[0].id,
      });
      await Promise.all(tabs.map((t) => get().connectTab(t.id)));
    };

    const readSave = () => {
      try {
        return parseSave(storage?.getItem(AUTOSAVE_KEY) ?? null);
      } catch (err) {
        return { ok: false as const, error: errorText(err) };
      }
    };

    /**
     * Regenerate a deep link's trace: run its commands on hidden shells (the engine is
     * deterministic), then show its flow and step.
     */
    const replayLink = async (link: DeepLink) => {
      const sessions = new Map<string, SessionId>();
      for (const run of link.runs) {
        const key = tabIdOf(run.machine, run.netns);
        try {
          let session = sessions.get(key);
          if (!session) {
            session = await lab.openSession(
              run.netns ? { machine: run.machine, netns: run.netns } : { machine: run.machine },
            );
            sessions.set(key, session);
          }
          get().noteRun(key, run.line);
          await lab.execToEnd(session, run.line, REPLAY_LIMIT_MS);
        } catch (err) {
          get().reportError('badLink', `${key}: ${errorText(err)}`);
        }
      }
      for (const session of sessions.values()) void lab.closeSession(session).catch(() => {});
      // Trace batches travel on their own channel: let them land before selecting.
      await new Promise((resolve) => setTimeout(resolve, 0));
      await get().traceSettled();
      const s = get();
      const flows = s.trace.flows;
      const flow =
        link.flow !== null && flows.some((f) => f.id === link.flow)
          ? link.flow
          : (flows.at(-1)?.id ?? null);
      if (flow === null) {
        get().reportError('badLink', 'the commands of the link produced no packets');
        return;
      }
      s.selectFlow(flow);
      s.setTimelineOpen(true);
      if (link.step !== null) {
        const count = flows.find((f) => f.id === flow)?.steps ?? 0;
        if (link.step > count) {
          get().reportError('badLink', `step ${link.step} is past the end (${count} steps)`);
        }
        get().setStep(link.step - 1);
      }
    };

    /**
     * The walkthrough of a `guide=` link, its 0-based step and its scenario. A step past the end
     * opens the last one, with a notice; an unknown walkthrough is a notice and nothing else.
     */
    const guideOfLink = async (
      id: string,
      gstep: number | null,
    ): Promise<{ id: string; step: number; scenario: Scenario | null } | null> => {
      const wanted = (gstep ?? 1) - 1;
      if (!deps.loadGuide) return { id, step: wanted, scenario: null };
      let found: Awaited<ReturnType<NonNullable<StoreDeps['loadGuide']>>>;
      try {
        found = await deps.loadGuide(id);
      } catch (err) {
        get().reportError('badLink', `the walkthroughs could not be loaded: ${errorText(err)}`);
        return null;
      }
      if (!found) {
        get().reportError('badLink', `there is no walkthrough "${id}"`);
        return null;
      }
      if (wanted >= found.steps) {
        get().reportError(
          'badLink',
          `gstep ${wanted + 1} is past the end of walkthrough "${id}" (${found.steps} steps): showing the last`,
        );
      }
      return { id, step: Math.min(wanted, found.steps - 1), scenario: found.scenario };
    };

    return {
      history: emptyHistory(0),
      containers: {},
      stepCount: 0,
      actions: [],
      tables: null,

      async boot(hash) {
        if (get().status !== 'idle') return; // StrictMode runs effects twice
        set({ status: 'booting' });
        try {
          await subscribe();
          if (isRestartable(lab)) lab.onCrash((detail) => void get().recover(detail));
          let scenario: Scenario = deps.defaultScenario;
          let saved: SavedLab | null = null;
          let fromSave = false;
          const parsed = parseDeepLink(hash);
          const link = parsed?.link ?? null;
          if (parsed && !parsed.ok) get().reportError('badLink', parsed.error);
          let guide: { id: string; step: number; scenario: Scenario | null } | null = null;
          if (link) {
            // A share link wins over the autosave.
            if (link.scenario !== null) {
              const decoded = deps.decodeScenario(link.scenario);
              if (decoded.ok) scenario = decoded.scenario;
              else get().reportError('badLink', decoded.error);
            }
            if (link.guide !== null) {
              guide = await guideOfLink(link.guide, link.gstep);
              if (guide?.scenario && link.scenario === null) scenario = guide.scenario;
            }
          } else {
            const save = readSave();
            if (save?.ok) {
              saved = save.saved;
              scenario = saved.scenario;
              fromSave = true;
            } else if (save) get().reportError('restoreFailed', save.error);
          }
          let result = await lab.load(scenario);
          if (!result.ok && scenario !== deps.defaultScenario) {
            get().reportError(fromSave ? 'restoreFailed' : 'loadFailed', result.error);
            saved = null;
            result = await lab.load(deps.defaultScenario);
          }
          if (!result.ok) throw new Error(result.error);
          loaded(result);
          const steps = await stepCount();
          set({
            status: 'ready',
            stepCount: steps,
            history: saved
              ? { ...saved.history, floor: Math.min(saved.history.floor, steps) }
              : emptyHistory(steps),
          });
          await openTabs(saved, result.view);
          if (guide) get().openGuide(guide.id, guide.step);
          if (link && link.runs.length > 0) await replayLink(link);
        } catch (err) {
          set({ status: 'failed' });
          get().reportError('engineFailed', errorText(err));
        }
      },

      applyEngineEvents(batch) {
        const traced = batch.filter((e) => e.kind === 'trace');
        if (traced.length > 0) get().recordTrace(traced.flatMap((e) => e.events));
        const changed = reduceEngineEvents(get(), batch);
        if (Object.keys(changed).length === 0) return;
        set(changed);
        if (changed.topology) {
          void get().refreshTables();
          // Which containers share a namespace is dockerd's knowledge, not the view's: ask it.
          if (containersTimer !== null) clearTimeout(containersTimer);
          containersTimer = setTimeout(() => {
            containersTimer = null;
            void get().refreshContainers();
          }, 50);
        }
        if (changed.topology || changed.tabs) get().scheduleAutosave();
      },

      async shareHash() {
        const scenario = await scenarioNow();
        const s = get();
        const encoded = deps.encodeScenario(scenario);
        const runs = tracedRuns(s.traceRuns, s.traceTotal()).filter(
          (r) => r.tabId !== LAB_CONSOLE && !isStep(scenario, r.tabId, r.line),
        );
        const guide = s.guide
          ? { guide: s.guide.id, gstep: s.guide.step + 1 }
          : { guide: null, gstep: null };
        if (s.playback.flow === null || runs.length === 0) {
          return formatDeepLink({ scenario: encoded, runs: [], flow: null, step: null, ...guide });
        }
        return formatDeepLink({
          scenario: encoded,
          runs: runs.map((r) => runSpec(r.tabId, r.line)),
          flow: s.playback.flow,
          step: s.playback.step + 1,
          ...guide,
        });
      },

      async runLabCommand(line) {
        return get().runActions({ machine: LAB_CONSOLE }, [line]);
      },

      async runActions(target, lines) {
        const start = lines.length > 1 ? await stepCount().catch(() => 0) : 0;
        const ok = await execLines(target, lines);
        if (ok && lines.length > 1) {
          const end = await stepCount();
          set((s) => ({ history: noteGroup(s.history, start, end) }));
        }
        return ok;
      },

      async runPlan(runs) {
        const start = await stepCount().catch(() => 0);
        let ok = true;
        for (const run of runs) {
          ok = await execLines(run.target, run.lines);
          if (!ok) break;
        }
        // Even a gesture that failed halfway is undone as one step.
        const end = await stepCount().catch(() => start);
        set((s) => ({ history: noteGroup(s.history, start, end) }));
        return ok;
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

      async addInside(item, machine) {
        const view = get().topology;
        if (!view) return;
        const host = view.machines.find((m) => m.name === machine);
        if (!host) {
          const why = {
            netns: 'dropNetnsOutside',
            bridge: 'dropBridgeOutside',
            container: 'dropContainerOutside',
            pod: 'dropPodOutside',
          } as const;
          get().showToast(why[item]);
          return;
        }
        if (item === 'container' || item === 'pod') {
          const known = get().containers[host.name] ?? [];
          if (item === 'container') {
            const run = containerRunLine(host, known, get().containerImage);
            if (await get().runActions({ machine: host.name }, [run.line])) {
              get().select(netnsId(host.name, containerNetns(run.name)));
              get().showToast('containerStarted', undefined, {
                name: run.name,
                host: host.name,
                line: run.line,
              });
            }
          } else {
            // A node with CNI config makes pods as kubelet does; any other host with docker.
            const ls = await ask(host.name, 'ls /etc/cni/net.d');
            const config = ls.code === 0 ? firstCniConfig(ls.stdout) : null;
            const pod = config ? cniPodRunLines(host, known) : podRunLines(host, known);
            if (await get().runActions({ machine: host.name }, pod.lines)) {
              get().select(netnsId(host.name, containerNetns(pod.pause)));
              get().showToast(config ? 'podStartedCni' : 'podStarted', undefined, {
                pod: pod.pod,
                pause: pod.pause,
                app: pod.app,
                host: host.name,
                config: config ?? '',
              });
            }
          }
          await get().refreshContainers();
          return;
        }
        if (item === 'netns') {
          const ns = nextNetnsName(view, host.name);
          if (await get().runActions({ machine: host.name }, [`ip netns add ${ns}`])) {
            get().select(`netns:${host.name}:${ns}`);
          }
          return;
        }
        const br = nextBridgeName(view, host.name);
        await get().runActions({ machine: host.name }, [
          `ip link add ${br} type bridge`,
          `ip link set ${br} up`,
        ]);
      },

      async refreshContainers() {
        const seq = ++containersSeq;
        const view = get().topology;
        if (!view) return;
        const next: ContainersByMachine = {};
        for (const m of view.machines) {
          // Only machines whose dockerd runs containers: `docker ps` would start dockerd.
          if (!m.namespaces.some((n) => n.container)) continue;
          try {
            const ps = await ask(m.name, 'docker ps -q --no-trunc');
            const ids = ps.stdout.split('\n').filter((x) => x.trim() !== '');
            if (ps.code !== 0 || ids.length === 0) continue;
            const r = await ask(m.name, `docker inspect -f '${INSPECT_FORMAT}' ${ids.join(' ')}`);
            next[m.name] = parseInspectLines(r.stdout);
          } catch {
            askSessions.delete(m.name);
          }
        }
        if (seq !== containersSeq) return;
        if (JSON.stringify(next) !== JSON.stringify(get().containers)) set({ containers: next });
      },

      async hostsWithDefault(hosts) {
        const out = new Set<string>();
        for (const h of hosts) {
          const r = await ask(h, 'ip route show default');
          if (r.code === 0 && r.stdout.trim() !== '') out.add(h);
        }
        return out;
      },

      async startCalico(hosts, withPods) {
        const view = get().topology;
        if (!view) return false;
        const plan = planCalico(view, hosts, withPods, await get().hostsWithDefault(hosts));
        if (isCalicoRefusal(plan)) {
          if (plan.reason === 'noHosts') get().showToast('calicoNoHosts');
          else if (plan.reason === 'noUnderlay') {
            get().showToast('calicoNoUnderlay', plan.hosts.join(', '));
          } else get().showToast('calicoBirdRunning', plan.hosts.join(', '));
          return false;
        }
        const ok = await get().runPlan(
          plan.runs.map((r) => ({ target: { machine: r.machine }, lines: r.lines })),
        );
        if (ok) {
          get().showToast('calicoStarted', undefined, {
            hosts: hosts.join(', '),
            count: hosts.length,
            blocks: plan.blocks.map((b) => `${b.host} ${b.block}`).join(', '),
          });
        }
        return ok;
      },

      async findEtcd() {
        const view = get().topology;
        if (!view) return null;
        for (const m of view.machines) {
          try {
            const r = await ask(m.name, 'cat /var/log/etcd.log');
            if (r.code === 0 && r.stdout.trim() !== '') return m.name;
          } catch {
            askSessions.delete(m.name);
          }
        }
        return null;
      },

      async startFlannel(hosts, backend) {
        const view = get().topology;
        if (!view) return false;
        const plan = planFlannel(view, hosts, backend, await get().findEtcd());
        if (isFlannelRefusal(plan)) {
          if (plan.reason === 'noHosts') get().showToast('flannelNoHosts');
          else if (plan.reason === 'noUnderlay') {
            get().showToast('flannelNoUnderlay', plan.hosts.join(', '));
          } else get().showToast('flannelHostGw', plan.hosts.join(', '));
          return false;
        }
        const ok = await get().runPlan(
          plan.runs.map((r) => ({ target: { machine: r.machine }, lines: r.lines })),
        );
        if (ok) {
          get().showToast('flannelStarted', undefined, {
            backend,
            network: plan.network,
            etcd: plan.startEtcd ? 'started' : 'reused',
            etcdHost: plan.etcdHost,
            etcdIp: plan.etcdIp,
            hosts: hosts.join(', '),
            count: hosts.length,
          });
        }
        return ok;
      },

      async duplicateNode(id) {
        const view = get().topology;
        const m = view?.machines.find((x) => x.id === id);
        if (!view || !m) {
          get().showToast('duplicateWhat');
          return;
        }
        const name = paletteName(m.kind === 'router' ? 'router' : 'host', view);
        const lines = duplicateLines(view, m.name, name);
        if (!lines) return;
        const from = get().positions[m.id];
        if (!(await get().runPlan([{ target: { machine: LAB_CONSOLE }, lines }]))) return;
        if (from) {
          get().moveNodes({ [`machine:${name}`]: { x: from.x + 60, y: from.y + 60 } });
          await get().saveLayout();
        }
        get().select(`machine:${name}`);
        get().showToast('duplicated', undefined, {
          source: m.name,
          name,
          cables: lines.length - 1,
        });
      },

      async deleteSelected() {
        const s = get();
        const view = s.topology;
        if (!view) return;
        const ids = s.multi.length > 0 ? s.multi : s.selectedId ? [s.selectedId] : [];
        if (ids.length <= 1) {
          if (ids[0]) await get().deleteNode(ids[0]);
          return;
        }
        // Machines first: a segment goes once nothing is cabled to it.
        const machines = view.machines.filter((m) => ids.includes(m.id));
        const segments = view.segments.filter((x) => ids.includes(x.id));
        const lines = [
          ...machines.map((m) => `machine del ${m.name}`),
          ...segments.map((x) => `segment del ${x.name}`),
        ];
        if (await get().runPlan([{ target: { machine: LAB_CONSOLE }, lines }])) {
          set({ multi: [], selectedId: null });
          get().showToast('deletedMany', undefined, { count: lines.length });
        }
      },

      async newLab() {
        const empty: Scenario = {
          format: 'cnlab-scenario',
          version: 1,
          title: '',
          seed: 1,
          steps: [],
          layout: {},
        };
        if (await get().openScenario(empty)) get().showToast('newLab');
      },

      async openScenario(scenario) {
        try {
          const result = await lab.load(scenario);
          if (!result.ok) {
            get().showToast('commandFailed', result.error);
            return false;
          }
          for (const t of get().tabs) {
            if (t.session) void lab.closeSession(t.session).catch(() => {});
          }
          actionSessions.clear();
          inspectSessions.clear();
          askSessions.clear();
          loaded(result);
          const steps = scenario.steps.length === 0 ? 0 : await stepCount();
          set({
            tabs: [],
            activeTabId: null,
            secondTabId: null,
            split: false,
            multi: [],
            containers: {},
            actions: [],
            traceRuns: [],
            stepCount: steps,
            history: emptyHistory(steps),
          });
          get().scheduleAutosave();
          return true;
        } catch (err) {
          void get().recover(errorText(err));
          return false;
        }
      },

      async applyLayout(positions) {
        get().moveNodes(positions);
        await get().saveLayout();
        get().showToast('layoutDone');
      },

      async connectNetns(machine, netns, bridgeDeviceId) {
        const view = get().topology;
        const bridge = parseInnerId(bridgeDeviceId);
        if (!view || bridge?.kind !== 'device') {
          get().showToast('connectNotBridge');
          return;
        }
        if (bridge.machine !== machine) {
          get().showToast('connectOtherHost');
          return;
        }
        const device = view.machines
          .find((m) => m.name === machine)
          ?.namespaces.find((n) => n.name === bridge.netns)
          ?.devices.find((d) => d.id === bridgeDeviceId);
        if (device?.kind !== 'bridge' || bridge.netns !== null) {
          get().showToast('connectNotBridge');
          return;
        }
        const veth = nextVethName(view, machine, netns);
        const ifname = nextNetnsIfname(view, machine, netns);
        await get().runActions({ machine }, vethCommands(veth, ifname, netns, device.name));
      },

      async setDeviceUp(deviceId, up) {
        const dev = parseInnerId(deviceId);
        if (dev?.kind !== 'device') return;
        const target = targetOf(get().topology, deviceId);
        if (target)
          await get().runActions(target, [`ip link set ${dev.name} ${up ? 'up' : 'down'}`]);
      },

      async addAddress(deviceId, cidr) {
        const dev = parseInnerId(deviceId);
        const target = targetOf(get().topology, deviceId);
        if (dev?.kind !== 'device' || !target) return false;
        if (!isIpv4Cidr(cidr)) {
          get().showToast('badAddress', cidr);
          return false;
        }
        return get().runActions(target, [`ip addr add ${cidr.trim()} dev ${dev.name}`]);
      },

      async delAddress(deviceId, cidr) {
        const dev = parseInnerId(deviceId);
        const target = targetOf(get().topology, deviceId);
        if (dev?.kind === 'device' && target) {
          await get().runActions(target, [`ip addr del ${cidr} dev ${dev.name}`]);
        }
      },

      async setMtu(deviceId, mtu) {
        const dev = parseInnerId(deviceId);
        const target = targetOf(get().topology, deviceId);
        if (dev?.kind !== 'device' || !target) return false;
        if (!isMtu(mtu)) {
          get().showToast('badMtu', mtu);
          return false;
        }
        return get().runActions(target, [`ip link set dev ${dev.name} mtu ${Number(mtu)}`]);
      },

      async setHostname(machine, hostname) {
        if (!isHostname(hostname)) {
          get().showToast('badHostname', hostname);
          return false;
        }
        return get().runActions({ machine }, [`hostname ${hostname}`]);
      },

      async setIpForward(machine, on) {
        await get().runActions({ machine }, [`sysctl -w net.ipv4.ip_forward=${on ? 1 : 0}`]);
      },

      async cable(machine, segment) {
        const view = get().topology;
        if (!view) return;
        await get().runLabCommand(`cable ${machine} ${nextIfname(view, machine)} ${segment}`);
      },

      async deleteNode(id) {
        const view = get().topology;
        if (!view) return;
        const machine = view.machines.find((m) => m.id === id);
        if (machine) {
          await get().runLabCommand(`machine del ${machine.name}`);
          return;
        }
        const segment = view.segments.find((s) => s.id === id);
        if (segment) {
          await get().runLabCommand(`segment del ${segment.name}`);
          return;
        }
        const inner = parseInnerId(id);
        const container = containerOfNetns(inner?.netns);
        if (inner?.kind === 'netns' && container !== null) {
          // Containers that joined its namespace (a pod's app) go first, as kubelet does.
          const known = get().containers[inner.machine] ?? [];
          const joined = netnsContainers(container, known).joined.map((c) => c.name);
          await get().runActions({ machine: inner.machine }, [
            `docker rm -f ${[...joined, container].join(' ')}`,
          ]);
        } else if (inner?.kind === 'netns' && inner.netns) {
          await get().runActions({ machine: inner.machine }, [`ip netns del ${inner.netns}`]);
        } else if (inner?.kind === 'device') {
          const target = targetOf(view, id);
          if (target) await get().runActions(target, [`ip link del ${inner.name}`]);
        }
      },

      async undo() {
        try {
          const plan = planUndo(get().history, await scenarioNow());
          if (!plan) {
            get().showToast('nothingToUndo');
            return;
          }
          await reloadFrom(plan.history, plan.scenario);
        } catch (err) {
          void get().recover(errorText(err));
        }
      },

      async redo() {
        try {
          const plan = planRedo(get().history, await scenarioNow());
          if (!plan?.scenario) {
            if (plan) set({ history: plan.history });
            get().showToast('nothingToRedo');
            return;
          }
          await reloadFrom(plan.history, plan.scenario);
        } catch (err) {
          void get().recover(errorText(err));
        }
      },

      async refreshTables() {
        const s = get();
        const target = targetOf(s.topology, s.selectedId, s.containers);
        const seq = ++refreshSeq;
        if (!target) {
          if (s.tables) set({ tables: null });
          return;
        }
        const key = targetKey(target);
        try {
          const session = await sessionFor(inspectSessions, target);
          const rows: InspectorTable[] = [];
          for (const command of INSPECTOR_COMMANDS) {
            const r = await lab.execToEnd(session, shellLine(key, command));
            rows.push({ command, text: r.code === 0 ? r.stdout : r.stdout + r.stderr });
          }
          // Shown only once the shell has them (127: no such command; others: not simulated).
          for (const command of OPTIONAL_INSPECTOR_COMMANDS) {
            const r = await lab.execToEnd(session, shellLine(key, command));
            if (r.code === 0) rows.push({ command, text: r.stdout });
          }
          if (seq === refreshSeq) set({ tables: { key, rows } });
        } catch {
          inspectSessions.delete(key);
          if (seq === refreshSeq) set({ tables: null });
        }
      },

      scheduleAutosave() {
        if (!storage || get().status !== 'ready') return;
        if (autosaveTimer !== null) clearTimeout(autosaveTimer);
        autosaveTimer = setTimeout(() => {
          autosaveTimer = null;
          void (async () => {
            try {
              const scenario = await scenarioNow();
              const s = get();
              const history = afterChange(s.history, scenario.steps.length);
              set({ history, stepCount: scenario.steps.length });
              const saved: SavedLab = {
                format: 'cnlab-autosave',
                version: 1,
                scenario,
                tabs: s.tabs.map((t) => ({
                  id: t.id,
                  history: t.history,
                  transcript: t.transcript,
                })),
                activeTabId: s.activeTabId,
                history,
              };
              storage.setItem(AUTOSAVE_KEY, JSON.stringify(saved));
            } catch {
              // Quota or a dead engine: the next change tries again.
            }
          })();
        }, autosaveDelay);
      },

      async recover(detail) {
        if (recovering || get().status !== 'ready') return;
        recovering = true;
        try {
          get().reportError('engineRestarted', detail);
          actionSessions.clear();
          inspectSessions.clear();
          askSessions.clear();
          if (isRestartable(lab)) await lab.restart();
          await subscribe();
          const parsed = readSave();
          const scenario = parsed?.ok ? parsed.saved.scenario : deps.defaultScenario;
          let result = await lab.load(scenario);
          if (!result.ok) result = await lab.load(deps.defaultScenario);
          if (!result.ok) throw new Error(result.error);
          loaded(result, false);
          const ids = get().tabs.map((t) => t.id);
          set((s) => ({
            tabs: s.tabs.map((t) => ({ ...t, session: null, busy: false, exec: null })),
          }));
          await Promise.all(ids.map((id) => get().connectTab(id)));
          set({ stepCount: await stepCount() });
        } catch (err) {
          set({ status: 'failed' });
          get().reportError('engineFailed', errorText(err));
        } finally {
          recovering = false;
        }
      },
    };
  };
