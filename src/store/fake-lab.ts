/**
 * A tiny scripted LabApi for the store's unit tests (not used by the app). It records calls and
 * lets a test push event batches as the worker would.
 */
import type { LabApi } from '../engine/api/lab-api';
import type {
  LabEvent,
  LabListener,
  LoadResult,
  Scenario,
  TopologyView,
} from '../engine/api/types';

export function viewOf(s: Scenario, extraMachines: string[] = []): TopologyView {
  const names = (verb: string) =>
    s.steps
      .map((st) => st.line.split(' '))
      .filter((w) => w.slice(0, 2).join(' ') === verb)
      .map((w) => w[2]);
  const machines = [...names('machine add'), ...extraMachines];
  return {
    title: s.title,
    machines: machines.map((name) => ({
      id: `machine:${name}`,
      name,
      kind: 'host',
      hostname: name,
      netns: [],
      namespaces: [{ name: null, devices: [], ipForward: false }],
      ipForward: false,
    })),
    segments: names('segment add').map((name) => ({ id: `segment:${name}`, name })),
    cables: [],
    layout: { ...s.layout },
  };
}

export class FakeLab implements LabApi {
  calls: string[] = [];
  listener: LabListener | null = null;
  loadResults: LoadResult[] = [];
  execResult = { stdout: '', stderr: '', code: 0 };
  completions: string[] = [];
  layout: Scenario['layout'] = {};
  nextExec = 1;
  loaded: Scenario | null = null;

  emit(...batch: LabEvent[]) {
    this.listener?.(batch);
  }

  async load(scenario: Scenario): Promise<LoadResult> {
    this.calls.push(`load ${scenario.title}`);
    this.loaded = scenario;
    return this.loadResults.shift() ?? { ok: true, view: viewOf(scenario) };
  }
  async openSession(target: { machine: string; netns?: string }) {
    const id = target.netns ? `${target.machine}:${target.netns}` : target.machine;
    this.calls.push(`open ${id}`);
    return `s-${id}`;
  }
  async closeSession(session: string) {
    this.calls.push(`close ${session}`);
  }
  async exec(session: string, line: string) {
    this.calls.push(`exec ${session} ${line}`);
    return this.nextExec++;
  }
  async execToEnd(session: string, line: string) {
    this.calls.push(`execToEnd ${session} ${line}`);
    return this.execResult;
  }
  async signal(exec: number) {
    this.calls.push(`signal ${exec}`);
  }
  async run() {}
  async now() {
    return 0;
  }
  async view(): Promise<TopologyView> {
    return viewOf(this.loaded ?? ({ steps: [], layout: {} } as unknown as Scenario));
  }
  async complete(session: string, line: string) {
    this.calls.push(`complete ${session} ${line}`);
    return this.completions;
  }
  async subscribe(listener: LabListener) {
    this.listener = listener;
    return () => {
      this.listener = null;
    };
  }
  async snapshot(): Promise<Scenario> {
    if (!this.loaded) throw new Error('nothing loaded');
    return { ...this.loaded, layout: { ...this.layout } };
  }
  async setLayout(layout: Scenario['layout']) {
    this.calls.push(`setLayout ${Object.keys(layout).sort().join(',')}`);
    this.layout = { ...layout };
  }
}
