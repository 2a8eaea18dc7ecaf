/**
 * The worker's lab loads its rarer commands on demand. These tests hold it to the promise that
 * this changes nothing but the download: the tables match the eager ones, the default scenario
 * needs nothing extra, and a fresh worker-style lab gives byte-identical events and results to
 * the eager lab for every built-in scenario, random lines, expansions and completion.
 */
import { describe, expect, it } from 'vitest';
import { createLab, LabEngine } from '../engine/api/lab';
import type { LabApi } from '../engine/api/lab-api';
import { labFacade } from '../engine/api/lab-facade';
import type { LabEvent, Scenario } from '../engine/api/types';
import { BUILTIN_SCENARIOS } from '../engine/scenario/builtin';
import { defaultScenario } from '../engine/scenario/default-scenario';
import { CommandsNotLoaded } from '../engine/shell/command-set';
import { labCommands, machineCommands } from '../engine/shell/registry';
import { Rng } from '../engine/sim/rng';
import { lazyCommandSets, lazyLabCatalog, lazyMachineCatalog } from './lazy-commands';

function lazyLab(seed: number) {
  const sets = lazyCommandSets();
  const core = new LabEngine(seed, sets);
  return { api: labFacade(core), core, sets };
}

/** Everything a lab tells: the events of every batch, and each call's result. */
async function record(
  api: LabApi,
  script: (api: LabApi, log: (x: unknown) => void) => Promise<void>,
): Promise<unknown[]> {
  const out: unknown[] = [];
  const unsubscribe = await api.subscribe((batch: LabEvent[]) => out.push(batch));
  await script(api, (x) => out.push(x));
  unsubscribe();
  return out;
}

describe('lazy command tables', () => {
  it('hold the commands of registry.ts, in its order, and load the very same objects', async () => {
    expect(lazyMachineCatalog().map((c) => c.name)).toEqual(machineCommands.map((c) => c.name));
    expect(lazyLabCatalog().map((c) => c.name)).toEqual(labCommands.map((c) => c.name));
    const { machine, lab } = lazyCommandSets();
    expect(lab.complete()).toBe(false);
    expect(machine.complete()).toBe(false);
    await Promise.all([machine.loadAll(), lab.loadAll()]);
    machineCommands.forEach((c, i) => {
      expect([...machine.table.values()][i]).toBe(c);
    });
    labCommands.forEach((c, i) => {
      expect([...lab.table.values()][i]).toBe(c);
    });
    expect(machine.table.size).toBe(machineCommands.length);
    expect(lab.table.size).toBe(labCommands.length);
  });

  it('run the default scenario without loading anything', async () => {
    const { api, sets } = lazyLab(1);
    const before = sets.machine.names().filter((n) => sets.machine.isUnloaded(n));
    expect(before).toEqual(expect.arrayContaining(['ping', 'docker', 'etcd', 'tcpdump', 'tc']));
    const result = await api.load(defaultScenario);
    expect(result.ok).toBe(true);
    const s = await api.openSession({ machine: 'node1' });
    expect((await api.execToEnd(s, 'ip -br addr')).code).toBe(0);
    expect(sets.machine.names().filter((n) => sets.machine.isUnloaded(n))).toEqual(before);
  });

  it('refuse a line with an unloaded command before anything happens', async () => {
    const { core, sets } = lazyLab(1);
    core.load(defaultScenario);
    const s = core.openSession({ machine: 'node1' });
    const events: LabEvent[][] = [];
    core.subscribe((b) => events.push(b));
    const now = core.now();
    let refused: unknown;
    try {
      core.execToEnd(s, 'ping -c 1 10.0.0.2');
    } catch (e) {
      refused = e;
    }
    expect(refused).toBeInstanceOf(CommandsNotLoaded);
    expect((refused as CommandsNotLoaded).names).toEqual(['ping']);
    expect(events).toEqual([]);
    expect(core.now()).toBe(now);
    expect(core.snapshot().steps).toEqual(defaultScenario.steps);
    await (refused as CommandsNotLoaded).load();
    expect(sets.machine.isUnloaded('ping')).toBe(false);
    expect(core.execToEnd(s, 'ping -c 1 10.0.0.2').stdout).toContain('1 received');
  });

  it.each(BUILTIN_SCENARIOS.map((b) => [b.id, b.scenario] as const))(
    'give the eager lab’s exact events for the %s scenario and lines run on it',
    async (_id, scenario: Scenario) => {
      const machines = [...new Set(scenario.steps.map((s) => s.on))].filter((m) => m !== 'lab');
      // Each line meets commands not loaded yet; `help` and `man` (every command) come last.
      const lines = [
        'X=ping; $X -c 1 10.0.0.2',
        'ping -c 2 -i 0.2 10.0.0.2',
        'Y=traceroute; $Y -n -m 2 10.0.0.2 | head -n 1',
        'ip netns exec nope ping -c 1 10.0.0.1',
        'tcpdump -c 2 -n -i any',
        'iptables-save | head -n 3',
        'route -n; arp -n; tc qdisc show',
        'docker ps',
        'man etcdctl',
        'help',
      ];
      const script = async (api: LabApi, log: (x: unknown) => void) => {
        log(await api.load(scenario));
        for (const m of machines.slice(0, 2)) {
          const s = await api.openSession({ machine: m });
          for (const line of lines) log(await api.execToEnd(s, line, 3_000));
          log(await api.complete(s, 'tcpd'));
          log(await api.complete(s, 'help et'));
          log(await api.complete(s, 'tc q'));
        }
        log(await api.snapshot());
      };
      const eager = await record(createLab(scenario.seed), script);
      const lazy = await record(lazyLab(scenario.seed).api, script);
      expect(lazy).toEqual(eager);
    },
  );

  it('give the eager lab’s exact results for 1,500 random lines', async () => {
    const words = [
      ...['ip', 'link', 'addr', 'route', 'show', 'netns', 'exec', 'ns1', 'add', 'dev', 'eth0'],
      ...['ping', '-c', '1', '10.0.0.2', 'tcpdump', '-i', 'any', 'iptables', '-S', 'tc', 'qdisc'],
      ...['docker', 'ps', 'etcdctl', 'ls', 'bridge', 'fdb', 'arp', 'route', 'sysctl', 'conntrack'],
      ...['-L', 'curl', 'nc', 'help', 'man', 'echo', 'grep', 'X=ping', '$X', '"ping"', "'tc'"],
      ...['|', ';', '&&', '||', '/bin/ping', 'traceroute', 'journalctl', 'ifconfig', 'hostname'],
    ];
    const rng = new Rng(5);
    const lines: string[] = [];
    for (let i = 0; i < 1_500; i++) {
      const n = rng.int(1, 7);
      const parts: string[] = [];
      for (let k = 0; k < n; k++) parts.push(words[rng.below(words.length)]);
      lines.push(parts.join(' '));
    }
    // Fresh labs every 100 lines, so lines keep meeting unloaded commands.
    for (let from = 0; from < lines.length; from += 100) {
      const script = async (api: LabApi, log: (x: unknown) => void) => {
        await api.load(defaultScenario);
        const s = await api.openSession({ machine: 'node1' });
        await api.execToEnd(s, 'ip netns add ns1');
        for (const line of lines.slice(from, from + 100)) {
          log(await api.execToEnd(s, line, 2_000));
        }
      };
      const eager = await record(createLab(3), script);
      const lazy = await record(lazyLab(3).api, script);
      expect(lazy).toEqual(eager);
    }
  });

  it('keep the order of calls made while a command loads', async () => {
    const script = async (api: LabApi, log: (x: unknown) => void) => {
      await api.load(defaultScenario);
      const a = await api.openSession({ machine: 'node1' });
      const b = await api.openSession({ machine: 'node2' });
      // Not awaited one by one: the second and third must not overtake the first.
      const calls = [
        api.exec(a, 'ping -c 1 10.0.0.2'),
        api.exec(b, 'ip -br addr'),
        api.exec(b, 'tcpdump -c 1 -n -i eth0'),
        api.run(2_000),
      ];
      log(await Promise.all(calls));
      await api.run(2_000);
    };
    const eager = await record(createLab(1), script);
    const lazy = await record(lazyLab(1).api, script);
    expect(lazy).toEqual(eager);
  });
});
