import { describe, expect, it } from 'vitest';
import type { Scenario } from '../engine/api/types';
import { createLabStore } from './create-store';
import { FakeLab } from './fake-lab';

const scenario = (title: string, machines: string[]): Scenario => ({
  format: 'cnlab-scenario',
  version: 1,
  title,
  seed: 1,
  steps: machines.map((m) => ({ on: 'lab', line: `machine add ${m}` })),
  layout: {},
});

const defaultScenario = scenario('Default', ['node1', 'node2']);
const docker0 = scenario('docker0', ['node1']);

function setup() {
  const lab = new FakeLab();
  const store = createLabStore({
    lab,
    defaultScenario,
    decodeScenario: (text) =>
      text === 'good'
        ? { ok: true, scenario: scenario('Shared', ['host1']) }
        : { ok: false, error: 'not a scenario' },
    encodeScenario: (s) => `enc(${s.title})`,
    language: 'en',
    loadGuide: async (id) => (id === 'docker0' ? { scenario: docker0, steps: 7 } : null),
  });
  return { lab, s: () => store.getState() };
}

describe('#guide= links', () => {
  it('load the walkthrough’s scenario and open it at the step', async () => {
    const { lab, s } = setup();
    await s().boot('#guide=docker0&gstep=3');
    expect(lab.calls[0]).toBe('load docker0');
    expect(s().guide).toEqual({ id: 'docker0', step: 2 });
    expect(s().guideOpen).toBe(true);
    expect(s().errors).toEqual([]);
  });

  it('keep a scenario of their own when they carry one', async () => {
    const { lab, s } = setup();
    await s().boot('#s=good&guide=docker0');
    expect(lab.calls[0]).toBe('load Shared');
    expect(s().guide).toEqual({ id: 'docker0', step: 0 });
  });

  it('open the last step, with a notice, when the step is past the end', async () => {
    const { s } = setup();
    await s().boot('#guide=docker0&gstep=40');
    expect(s().guide).toEqual({ id: 'docker0', step: 6 });
    expect(s().errors).toMatchObject([
      { kind: 'badLink', detail: expect.stringMatching(/gstep 40 is past the end .*7 steps/) },
    ]);
  });

  it('open the first step, with a notice, when the step is malformed', async () => {
    const { lab, s } = setup();
    await s().boot('#guide=docker0&gstep=abc');
    expect(lab.calls[0]).toBe('load docker0');
    expect(s().guide).toEqual({ id: 'docker0', step: 0 });
    expect(s().errors).toMatchObject([
      { kind: 'badLink', detail: 'gstep "abc" is not a positive whole number' },
    ]);
  });

  it('name an unknown walkthrough and still load the lab', async () => {
    const { lab, s } = setup();
    await s().boot('#guide=nope&gstep=2');
    expect(lab.calls[0]).toBe('load Default');
    expect(s().guide).toBeNull();
    expect(s().status).toBe('ready');
    expect(s().errors).toMatchObject([
      { kind: 'badLink', detail: 'there is no walkthrough "nope"' },
    ]);
  });

  it('are what Share makes while a walkthrough is open', async () => {
    const { s } = setup();
    await s().boot('#guide=docker0&gstep=2');
    s().setGuideStep(4);
    expect(await s().shareHash()).toBe('#s=enc(docker0)&guide=docker0&gstep=5');
    s().closeGuide();
    expect(await s().shareHash()).toBe('#s=enc(docker0)');
  });
});

describe('guide slice', () => {
  it('ticks steps once, in order, and forgets them for another walkthrough', () => {
    const { s } = setup();
    s().openGuide('docker0');
    s().tickGuideStep(3);
    s().tickGuideStep(1);
    s().tickGuideStep(3);
    expect(s().guideDone).toEqual([1, 3]);
    s().openGuide('docker0', 2);
    expect(s().guideDone).toEqual([1, 3]);
    s().openGuide('net-host');
    expect(s().guideDone).toEqual([]);
    expect(s().guide).toEqual({ id: 'net-host', step: 0 });
  });

  it('typeLine opens the terminal and queues the keys', async () => {
    const { s } = setup();
    await s().boot('');
    await s().typeLine('node2', null, 'ip route');
    const tab = s().tabs.find((t) => t.id === 'node2');
    expect(s().activeTabId).toBe('node2');
    expect(tab?.inbox).toEqual([{ type: 'ready' }, { type: 'input', data: 'ip route\r' }]);
  });

  it('openScenario replaces the lab and its terminals', async () => {
    const { lab, s } = setup();
    await s().boot('');
    expect(await s().openScenario(docker0)).toBe(true);
    expect(lab.calls).toContain('load docker0');
    expect(s().tabs).toEqual([]);
    expect(s().topology?.title).toBe('docker0');
  });
});
