import { describe, expect, it } from 'vitest';
import type { Scenario } from '../engine/api/types';
import { mergePositions, reduceEngineEvents } from './apply-events';
import { createLabStore } from './create-store';
import { FakeLab, viewOf } from './fake-lab';
import { shareText } from './lab-slice';
import { GRID } from './naming';
import { selectPrompt } from './selectors';

const defaultScenario: Scenario = {
  format: 'cnlab-scenario',
  version: 1,
  title: 'Default',
  seed: 1,
  steps: [
    { on: 'lab', line: 'machine add node1' },
    { on: 'lab', line: 'machine add node2' },
    { on: 'lab', line: 'segment add lan0' },
  ],
  layout: { 'machine:node1': { x: 60, y: 60 } },
};

const shared: Scenario = {
  ...defaultScenario,
  title: 'Shared',
  steps: defaultScenario.steps.slice(0, 1),
};

function setup() {
  const lab = new FakeLab();
  const store = createLabStore({
    lab,
    defaultScenario,
    decodeScenario: (text) =>
      text === 'good' ? { ok: true, scenario: shared } : { ok: false, error: 'not a scenario' },
    encodeScenario: (s) => `enc(${s.title}:${Object.keys(s.layout).sort().join(',')})`,
    language: 'en',
  });
  return { lab, store, s: () => store.getState() };
}

async function booted() {
  const t = setup();
  await t.s().boot('');
  return t;
}

/** Let pending promise callbacks run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('boot', () => {
  it('loads the default scenario and opens a terminal on the first machine', async () => {
    const { lab, s } = await booted();
    expect(s().status).toBe('ready');
    expect(s().topology?.machines.map((m) => m.name)).toEqual(['node1', 'node2']);
    expect(s().positions).toEqual({
      'machine:node1': { x: 60, y: 60 },
      'machine:node2': { x: 60 + GRID.machineDx, y: 60 },
      'segment:lan0': { x: 0, y: 60 + GRID.rowDy },
    });
    expect(s().loadCount).toBe(1);
    expect(lab.calls).toEqual(['load Default', 'open node1']);
    expect(s().tabs).toMatchObject([
      { id: 'node1', session: 's-node1', inbox: [{ type: 'ready' }] },
    ]);
    expect(s().activeTabId).toBe('node1');
  });

  it('runs only once (StrictMode mounts effects twice)', async () => {
    const { lab, s } = setup();
    await Promise.all([s().boot(''), s().boot('')]);
    expect(lab.calls.filter((c) => c.startsWith('load'))).toHaveLength(1);
  });

  it('loads the scenario of a #s= link', async () => {
    const { lab, s } = setup();
    await s().boot('#s=good');
    expect(lab.calls[0]).toBe('load Shared');
    expect(s().errors).toEqual([]);
  });

  it('reports a malformed link and loads the default', async () => {
    const { lab, s } = setup();
    await s().boot('#s=bad');
    expect(s().errors).toMatchObject([{ kind: 'badLink', detail: 'not a scenario' }]);
    expect(lab.calls[0]).toBe('load Default');
    expect(s().status).toBe('ready');
  });

  it('reports a link that fails to load and loads the default', async () => {
    const { lab, s } = setup();
    lab.loadResults = [{ ok: false, error: 'step 2: no such machine', step: 2 }];
    await s().boot('#s=good');
    expect(s().errors).toMatchObject([{ kind: 'loadFailed', detail: 'step 2: no such machine' }]);
    expect(lab.calls.slice(0, 2)).toEqual(['load Shared', 'load Default']);
    expect(s().topology?.title).toBe('Default');
  });

  it('reports an engine that fails', async () => {
    const { lab, s } = setup();
    lab.load = async () => {
      throw new Error('worker died');
    };
    await s().boot('');
    expect(s().status).toBe('failed');
    expect(s().errors).toMatchObject([{ kind: 'engineFailed', detail: 'worker died' }]);
  });

  it('ignores a hash that is not a share link', () => {
    expect(shareText('#s=abc')).toBe('abc');
    expect(shareText('#other')).toBeNull();
    expect(shareText('')).toBeNull();
  });
});

describe('engine events', () => {
  it('route output and exit to the tab of their session', async () => {
    const { lab, s } = await booted();
    s().takeInbox('node1');
    await s().runLine('node1', 'hostname');
    expect(s().tabs[0]).toMatchObject({ busy: true, exec: 1 });
    lab.emit(
      { kind: 'output', exec: 1, session: 's-node1', stream: 'stdout', data: 'node1\n' },
      { kind: 'output', exec: 9, session: 's-other', stream: 'stdout', data: 'lost' },
      { kind: 'exit', exec: 1, session: 's-node1', code: 0 },
    );
    expect(s().tabs[0]).toMatchObject({ busy: false, exec: null });
    expect(s().takeInbox('node1')).toEqual([
      { type: 'output', data: 'node1\n' },
      { type: 'exit', code: 0 },
    ]);
    expect(s().takeInbox('node1')).toEqual([]);
  });

  it('waits under a > prompt while a for loop is open and sends it whole', async () => {
    const { lab, s } = await booted();
    s().takeInbox('node1');
    await s().runLine('node1', 'for i in 1 2');
    expect(s().tabs[0]).toMatchObject({ busy: false, pendingInput: 'for i in 1 2' });
    expect(s().takeInbox('node1')).toEqual([{ type: 'exit', code: 0 }]);
    expect(selectPrompt('node1')(s())).toBe('> ');
    await s().runLine('node1', 'do');
    await s().runLine('node1', 'echo $i');
    expect(lab.calls.filter((c) => c.startsWith('exec '))).toEqual([]);
    await s().runLine('node1', 'done');
    expect(lab.calls.filter((c) => c.startsWith('exec '))).toEqual([
      'exec s-node1 for i in 1 2\ndo\necho $i\ndone',
    ]);
    expect(s().tabs[0]).toMatchObject({ busy: true, pendingInput: null });
    expect(s().tabs[0].history.at(-1)).toBe('for i in 1 2; do echo $i; done');
    expect(selectPrompt('node1')(s())).toBe('root@node1:~# ');
    // Ctrl-C at the > prompt drops what was typed so far.
    await s().runLine('node1', 'for x in a');
    expect(s().abandonInput('node1')).toBe(true);
    expect(s().abandonInput('node1')).toBe(false);
    expect(selectPrompt('node1')(s())).toBe('root@node1:~# ');
  });

  it('a topology event replaces the view and drops what is gone', async () => {
    const { lab, s } = await booted();
    s().select('machine:node1');
    const view = viewOf({ ...defaultScenario, steps: defaultScenario.steps.slice(1) });
    lab.emit({ kind: 'topology', view: { ...view, layout: { 'machine:node2': { x: 5, y: 5 } } } });
    expect(s().topology).toEqual({ ...view, layout: { 'machine:node2': { x: 5, y: 5 } } });
    expect(s().selectedId).toBeNull();
    expect(s().tabs).toEqual([]);
    expect(s().activeTabId).toBeNull();
    // node1 is gone; the others keep the positions the UI gave them at load
    expect(s().positions).toEqual({
      'machine:node2': { x: 60 + GRID.machineDx, y: 60 },
      'segment:lan0': { x: 0, y: 60 + GRID.rowDy },
    });
  });

  it('a batch without anything for the store changes nothing', () => {
    const fields = {
      topology: null,
      positions: {},
      selectedId: null,
      multi: [],
      tabs: [],
      activeTabId: null,
    };
    expect(reduceEngineEvents(fields, [{ kind: 'clock', now: 5 }])).toEqual({});
  });

  it('mergePositions keeps UI positions, adopts the engine’s, places the rest', () => {
    const view = viewOf(defaultScenario);
    view.layout = { 'machine:node2': { x: 9, y: 9 }, 'segment:gone': { x: 0, y: 0 } };
    expect(
      mergePositions(view, { 'machine:node1': { x: 1, y: 1 }, 'machine:old': { x: 2, y: 2 } }),
    ).toEqual({
      'machine:node1': { x: 1, y: 1 },
      'machine:node2': { x: 9, y: 9 },
      'segment:lan0': { x: 0, y: 1 + GRID.rowDy },
    });
  });
});

describe('terminals', () => {
  it('focuses an open tab instead of opening a second one', async () => {
    const { lab, s } = await booted();
    await s().openTerminal('node2');
    await s().openTerminal('node1');
    expect(s().tabs.map((t) => t.id)).toEqual(['node1', 'node2']);
    expect(s().activeTabId).toBe('node1');
    expect(lab.calls.filter((c) => c.startsWith('open'))).toEqual(['open node1', 'open node2']);
  });

  it('closing a tab closes its session and activates a neighbour', async () => {
    const { lab, s } = await booted();
    await s().openTerminal('node2');
    s().closeTerminal('node2');
    expect(s().tabs.map((t) => t.id)).toEqual(['node1']);
    expect(s().activeTabId).toBe('node1');
    await settle();
    expect(lab.calls).toContain('close s-node2');
  });

  it('an exit that arrives before exec() answers leaves the tab idle', async () => {
    const { lab, s } = await booted();
    lab.exec = async (session, line) => {
      lab.calls.push(`exec ${session} ${line}`);
      lab.emit({ kind: 'exit', exec: 7, session, code: 0 });
      return 7;
    };
    await s().runLine('node1', 'true');
    expect(s().tabs[0]).toMatchObject({ busy: false, exec: null });
  });

  it('Ctrl-C signals the running exec, also when it comes before exec() answers', async () => {
    const { lab, s } = await booted();
    await s().runLine('node1', 'ping node2');
    await s().interrupt('node1');
    expect(lab.calls.at(-1)).toBe('signal 1');

    let answer: (id: number) => void = () => {};
    lab.exec = () => new Promise((resolve) => (answer = resolve));
    lab.emit({ kind: 'exit', exec: 1, session: 's-node1', code: 130 });
    const running = s().runLine('node1', 'ping node2');
    await s().interrupt('node1');
    expect(s().tabs[0].interruptPending).toBe(true);
    answer(2);
    await running;
    expect(lab.calls.at(-1)).toBe('signal 2');
  });

  it('an exec that fails prints the error and ends the command', async () => {
    const { lab, s } = await booted();
    s().takeInbox('node1');
    lab.exec = async () => {
      throw new Error('session closed');
    };
    await s().runLine('node1', 'ls');
    expect(s().takeInbox('node1')).toEqual([
      { type: 'output', data: 'cnlab: session closed\n' },
      { type: 'exit', code: 1 },
    ]);
  });

  it('completion asks the engine for the tab session', async () => {
    const { lab, s } = await booted();
    lab.completions = ['hostname'];
    expect(await s().complete('node1', 'ho')).toEqual(['hostname']);
    expect(lab.calls.at(-1)).toBe('complete s-node1 ho');
    expect(await s().complete('nope', 'ho')).toEqual([]);
  });
});

describe('lab commands', () => {
  it('the palette runs the lab command and saves the new node position', async () => {
    const { lab, s } = await booted();
    await s().addFromPalette('host', { x: 100, y: 200 });
    expect(lab.calls).toContain('open lab');
    expect(lab.calls).toContain('execToEnd s-lab machine add host3');
    expect(s().positions['machine:host3']).toEqual({ x: 100, y: 200 });
    expect(lab.layout['machine:host3']).toEqual({ x: 100, y: 200 });
  });

  it('a failing lab command shows a toast and moves nothing', async () => {
    const { lab, s } = await booted();
    lab.execResult = { stdout: '', stderr: 'segment add: lan1: exists\n', code: 1 };
    await s().addFromPalette('segment');
    expect(s().toasts).toMatchObject([
      { kind: 'commandFailed', detail: 'segment add: lan1: exists' },
    ]);
    expect(s().positions['segment:lan1']).toBeUndefined();
  });

  it('cable and delete build the right commands', async () => {
    const { lab, s } = await booted();
    await s().cable('node1', 'lan0');
    await s().deleteNode('machine:node2');
    await s().deleteNode('segment:lan0');
    expect(lab.calls.filter((c) => c.startsWith('execToEnd'))).toEqual([
      'execToEnd s-lab cable node1 eth0 lan0',
      'execToEnd s-lab machine del node2',
      'execToEnd s-lab segment del lan0',
    ]);
  });

  it('the share hash carries the UI layout', async () => {
    const { s } = await booted();
    s().moveNodes({ 'segment:lan0': { x: 3, y: 4 } });
    expect(await s().shareHash()).toBe('#s=enc(Default:machine:node1,machine:node2,segment:lan0)');
  });
});

describe('ui', () => {
  it('keeps one toast, and errors until dismissed', () => {
    const { s } = setup();
    s().showToast('linkCopied');
    s().showToast('commandFailed', 'x');
    expect(s().toasts).toMatchObject([{ kind: 'commandFailed', detail: 'x' }]);
    s().dismissToast(s().toasts[0].id);
    expect(s().toasts).toEqual([]);
    s().reportError('badLink', 'a');
    s().reportError('loadFailed', 'b');
    s().dismissError(s().errors[0].id);
    expect(s().errors).toMatchObject([{ kind: 'loadFailed' }]);
    s().setLanguage('zh-CN');
    expect(s().language).toBe('zh-CN');
  });
});
