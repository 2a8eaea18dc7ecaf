import { describe, expect, it } from 'vitest';
import { defaultScenario } from '../scenario/default-scenario';
import { CLEAR_SEQUENCE } from '../shell/commands/clear';
import { Lab } from './lab';
import type { LabEvent } from './types';

function labWith(...machines: string[]) {
  const lab = new Lab(1);
  const con = lab.openSession({ machine: 'lab' });
  for (const m of machines) expect(lab.execToEnd(con, `machine add ${m}`).code).toBe(0);
  return { lab, con };
}

describe('Lab shell', () => {
  it('runs echo, hostname and exit statuses like bash', () => {
    const { lab } = labWith('node1');
    const s = lab.openSession({ machine: 'node1' });
    expect(lab.execToEnd(s, 'echo hello   world')).toEqual({
      stdout: 'hello world\n',
      stderr: '',
      code: 0,
    });
    expect(lab.execToEnd(s, 'echo \'a  b\' "c  $HOME"').stdout).toBe('a  b c  /root\n');
    expect(lab.execToEnd(s, 'hostname').stdout).toBe('node1\n');
    expect(lab.execToEnd(s, 'false; echo $?').stdout).toBe('1\n');
    expect(lab.execToEnd(s, 'false && echo no || echo yes').stdout).toBe('yes\n');
    expect(lab.execToEnd(s, 'true && echo yes').stdout).toBe('yes\n');
    expect(lab.execToEnd(s, '! true; echo $?').stdout).toBe('1\n');
    expect(lab.execToEnd(s, 'echo -n a; echo -e "b\\tc"').stdout).toBe('ab\tc\n');
  });

  it('reports unknown commands and syntax errors with bash wording and codes', () => {
    const { lab } = labWith('node1');
    const s = lab.openSession({ machine: 'node1' });
    expect(lab.execToEnd(s, 'foo --bar')).toEqual({
      stdout: '',
      stderr: 'bash: foo: command not found\n',
      code: 127,
    });
    expect(lab.execToEnd(s, 'echo "oops')).toEqual({
      stdout: '',
      stderr: 'bash: unexpected EOF while looking for matching `"\'\n',
      code: 2,
    });
    expect(lab.execToEnd(s, 'ls ;;').stderr).toBe(
      "bash: syntax error near unexpected token `;;'\n",
    );
    expect(lab.execToEnd(s, '; echo').stderr).toBe(
      "bash: syntax error near unexpected token `;'\n",
    );
    // A redirection writes the machine's file (`>` empties it, `>>` appends); /proc is not
    // written this way.
    expect(lab.execToEnd(s, 'echo a > f; echo b >> f; cat f /root/f')).toEqual({
      stdout: 'a\nb\na\nb\n',
      stderr: '',
      code: 0,
    });
    expect(lab.execToEnd(s, 'echo c > f; cat < f').stdout).toBe('c\n');
    expect(lab.execToEnd(s, 'echo 1 > /proc/sys/net/ipv4/ip_forward')).toEqual({
      stdout: '',
      stderr: 'bash: /proc/sys/net/ipv4/ip_forward: Permission denied\n',
      code: 1,
    });
    // Into a directory that does not exist: open(2)'s ENOENT, as bash prints it.
    expect(lab.execToEnd(s, 'echo a > /nonexist/f')).toEqual({
      stdout: '',
      stderr: 'bash: /nonexist/f: No such file or directory\n',
      code: 1,
    });
  });

  it('keeps variables per session, with export and NAME=value', () => {
    const { lab } = labWith('node1');
    const a = lab.openSession({ machine: 'node1' });
    const b = lab.openSession({ machine: 'node1' });
    lab.execToEnd(a, 'X=1; export Y=two');
    // biome-ignore lint/suspicious/noTemplateCurlyInString: shell syntax, not a JS template
    expect(lab.execToEnd(a, 'echo $X ${Y}').stdout).toBe('1 two\n');
    expect(lab.execToEnd(b, 'echo "[$X]"').stdout).toBe('[]\n');
    expect(lab.execToEnd(a, 'export 1a=2').stderr).toBe(
      "bash: export: `1a=2': not a valid identifier\n",
    );
    lab.execToEnd(a, 'V="a   b"');
    expect(lab.execToEnd(a, 'echo $V "$V"').stdout).toBe('a b a   b\n');
  });

  it('numbers history as bash does and honours history N and -c', () => {
    const { lab } = labWith('node1');
    const s = lab.openSession({ machine: 'node1' });
    lab.execToEnd(s, 'echo one');
    lab.execToEnd(s, 'hostname');
    expect(lab.execToEnd(s, 'history').stdout).toBe(
      '    1  echo one\n    2  hostname\n    3  history\n',
    );
    expect(lab.execToEnd(s, 'history 1').stdout).toBe('    4  history 1\n');
    lab.execToEnd(s, 'history -c');
    expect(lab.execToEnd(s, 'history').stdout).toBe('    1  history\n');
  });

  it('prints help, command pages and clear', () => {
    const { lab } = labWith('node1');
    const s = lab.openSession({ machine: 'node1' });
    const help = lab.execToEnd(s, 'help').stdout;
    for (const c of ['echo', 'help', 'hostname', 'clear', 'history'])
      expect(help).toContain(`  ${c} `);
    expect(lab.execToEnd(s, 'help echo').stdout).toMatch(/^echo - write arguments/);
    expect(lab.execToEnd(s, 'man nosuch')).toEqual({
      stdout: '',
      stderr: 'No manual entry for nosuch\n',
      code: 16,
    });
    expect(lab.execToEnd(s, 'clear').stdout).toBe(CLEAR_SEQUENCE);
  });

  it('sets the hostname and refuses invalid ones like net-tools', () => {
    const { lab } = labWith('node1');
    const s = lab.openSession({ machine: 'node1' });
    expect(lab.execToEnd(s, 'hostname web-1').code).toBe(0);
    expect(lab.execToEnd(s, 'hostname').stdout).toBe('web-1\n');
    expect(lab.execToEnd(s, 'hostname bad_name!')).toEqual({
      stdout: '',
      stderr: 'hostname: the specified hostname is invalid\n',
      code: 1,
    });
    const x = lab.execToEnd(s, 'hostname -x');
    expect([x.stderr, x.code]).toEqual(["hostname: invalid option -- 'x'\n", 255]);
    expect(lab.view().machines[0].hostname).toBe('web-1');
  });
});

describe('Lab time and signals', () => {
  it('sleep advances virtual time only', () => {
    const { lab } = labWith('node1');
    const s = lab.openSession({ machine: 'node1' });
    const t0 = lab.now();
    expect(lab.execToEnd(s, 'sleep 1.5 && echo done').stdout).toBe('done\n');
    expect(lab.now() - t0).toBe(1_500_000);
  });

  it('streams exit events and interrupts a running command with Ctrl-C (status 130)', () => {
    const { lab } = labWith('node1');
    const s = lab.openSession({ machine: 'node1' });
    const events: LabEvent[] = [];
    lab.subscribe((b) => events.push(...b));
    const id = lab.exec(s, 'sleep 100; echo after');
    lab.run(1000);
    expect(events.some((e) => e.kind === 'exit')).toBe(false);
    lab.signal(id, 'INT');
    const exit = events.find((e) => e.kind === 'exit');
    expect(exit).toMatchObject({ kind: 'exit', exec: id, code: 130 });
    expect(events.some((e) => e.kind === 'output' && e.data.includes('after'))).toBe(false);
    expect(lab.busy()).toBe(false);
  });

  it('stops a whole for loop with Ctrl-C, and a loop of sleeps takes their virtual time', () => {
    const { lab } = labWith('node1');
    const s = lab.openSession({ machine: 'node1' });
    const events: LabEvent[] = [];
    lab.subscribe((b) => events.push(...b));
    const id = lab.exec(s, 'for i in 1 2 3; do echo "round $i"; sleep 10; done; echo after');
    lab.run(15_000);
    const said = () => events.flatMap((e) => (e.kind === 'output' ? [e.data] : [])).join('');
    expect(said()).toBe('round 1\nround 2\n');
    lab.signal(id, 'INT');
    expect(events.find((e) => e.kind === 'exit')).toMatchObject({ exec: id, code: 130 });
    expect(said()).toBe('round 1\nround 2\n');
    expect(lab.busy()).toBe(false);
    const t0 = lab.now();
    expect(lab.execToEnd(s, 'for i in a b; do sleep 2; done; echo $i').stdout).toBe('b\n');
    expect(lab.now() - t0).toBe(4_000_000);
  });

  it('moves a terminal into a namespace with ip netns exec NS bash, and back with exit', () => {
    const { lab } = labWith('node1');
    const s = lab.openSession({ machine: 'node1' });
    lab.execToEnd(s, 'ip netns add inner');
    expect(lab.execToEnd(s, 'ip netns exec inner bash')).toEqual({
      stdout: '',
      stderr: '',
      code: 0,
    });
    // The new namespace's loopback (down), not the machine's (up).
    expect(lab.execToEnd(s, 'ip -br link').stdout).toMatch(/^lo +DOWN/);
    expect(lab.execToEnd(s, 'exit 4')).toEqual({ stdout: '', stderr: 'exit\n', code: 4 });
    expect(lab.execToEnd(s, 'ip -br link').stdout).toMatch(/^lo +UNKNOWN/);
    // In a script, bash reads its commands from the script's input (none here) and returns.
    const events: LabEvent[] = [];
    const code = lab.runScript(s, 'x.sh', 'ip netns exec inner bash\nip -br link\n', (e) =>
      events.push(e),
    );
    expect(code).toBe(0);
    const out = events.flatMap((e) => (e.kind === 'output' ? [e.data] : [])).join('');
    expect(out).toMatch(/^lo +UNKNOWN/);
  });

  it('runs a pipeline as concurrent processes', () => {
    const { lab } = labWith('node1');
    const s = lab.openSession({ machine: 'node1' });
    expect(lab.execToEnd(s, 'echo hi | echo piped').stdout).toBe('piped\n');
    expect(lab.execToEnd(s, 'sleep 1 | echo x').stdout).toBe('x\n');
  });
});

describe('Lab scenarios', () => {
  it('loads the default scenario and snapshots it back', () => {
    const lab = new Lab();
    const r = lab.load(defaultScenario);
    expect(r.ok).toBe(true);
    const view = lab.view();
    expect(view.title).toBe('Two hosts on one LAN');
    expect(view.machines.map((m) => m.id)).toEqual(['machine:node1', 'machine:node2']);
    expect(view.cables.map((c) => c.id)).toEqual(['cable:node1:eth0', 'cable:node2:eth0']);
    const snap = lab.snapshot();
    expect(snap.steps).toEqual(defaultScenario.steps);
    const again = new Lab();
    again.load(snap);
    expect(again.view()).toEqual(view);
  });

  it('records only lines that changed the lab', () => {
    const { lab, con } = labWith('a');
    lab.execToEnd(con, 'machine list');
    lab.execToEnd(con, 'machine add a');
    const s = lab.openSession({ machine: 'a' });
    lab.execToEnd(s, 'hostname');
    lab.execToEnd(s, 'hostname b');
    expect(lab.snapshot().steps).toEqual([
      { on: 'lab', line: 'machine add a' },
      { on: 'a', line: 'hostname b' },
    ]);
  });

  it('rejects a bad scenario with a clear error and keeps the current lab', () => {
    const lab = new Lab();
    lab.load(defaultScenario);
    const r = lab.load({
      format: 'cnlab-scenario',
      version: 1,
      steps: [{ on: 'ghost', line: 'x' }],
    });
    expect(r).toEqual({ ok: false, error: 'step 1: there is no machine named "ghost"', step: 1 });
    expect(lab.load({ format: 'nope' })).toEqual({
      ok: false,
      error: 'invalid scenario: "format" must be "cnlab-scenario"',
    });
    expect(lab.load(null).ok).toBe(false);
  });

  it('emits a topology event when the lab changes', () => {
    const lab = new Lab();
    const batches: LabEvent[][] = [];
    lab.subscribe((b) => batches.push(b));
    const con = lab.openSession({ machine: 'lab' });
    lab.exec(con, 'machine add h1');
    const topo = batches.flat().filter((e) => e.kind === 'topology');
    expect(topo).toHaveLength(1);
    expect(batches).toHaveLength(1);
  });

  it('completes command names and lab arguments', () => {
    const { lab, con } = labWith('node1', 'node2');
    const s = lab.openSession({ machine: 'node1' });
    expect(lab.complete(s, 'hi')).toEqual(['history']);
    expect(lab.complete(s, 'echo x; ho')).toEqual(['hostname']);
    expect(lab.complete(con, 'machine del no')).toEqual(['node1', 'node2']);
  });
});

describe('Lab trace events', () => {
  it('forwards what the stack did to a ping as trace batches, the same for the same seed', () => {
    const run = () => {
      const lab = new Lab(3);
      const events: LabEvent[] = [];
      lab.subscribe((b) => events.push(...b));
      lab.load(defaultScenario);
      const s = lab.openSession({ machine: 'node1' });
      const r = lab.execToEnd(s, 'ping -c 1 10.0.0.2');
      const trace = events.flatMap((e) => (e.kind === 'trace' ? e.events : []));
      return { r, trace };
    };
    const a = run();
    expect(a.r.code).toBe(0);
    expect(a.r.stdout).toContain('1 received');
    const hooks = new Set(a.trace.map((e) => e.hook));
    for (const h of ['arp.request', 'arp.reply', 'icmp.reply']) expect(hooks).toContain(h);
    expect(a.trace.some((e) => e.machine === 'node2')).toBe(true);
    expect(JSON.stringify(run().trace)).toBe(JSON.stringify(a.trace));
  });

  it('hands a long traced run its events in batches while it runs, none lost', () => {
    const lab = new Lab(3);
    lab.load(defaultScenario);
    const s = lab.openSession({ machine: 'node1' });
    lab.execToEnd(s, 'ping -c 1 10.0.0.2'); // ARP done
    const batches: LabEvent[][] = [];
    lab.subscribe((b) => batches.push(b));
    const r = lab.execToEnd(s, 'ping -f -q -c 2000 10.0.0.2');
    expect(r.stdout).toContain('2000 received');
    const traced = batches.map((b) => b.flatMap((e) => (e.kind === 'trace' ? e.events : [])));
    const exitAt = batches.findIndex((b) => b.some((e) => e.kind === 'exit'));
    // Several batches of trace events came before the one with the exit.
    expect(traced.slice(0, exitAt).filter((t) => t.length > 0).length).toBeGreaterThan(1);
    const all = traced.flat();
    expect(all.filter((e) => e.hook === 'icmp.reply')).toHaveLength(2000);
    // In order: virtual time never goes back across batches.
    expect(all.every((e, i) => i === 0 || e.t >= all[i - 1].t)).toBe(true);
  });
});

describe('Lab scenario recording of ip lines', () => {
  it('records ip lines that change something, however abbreviated, and not the ones that show', () => {
    const { lab } = labWith('h');
    const s = lab.openSession({ machine: 'h' });
    for (const line of [
      'ip addr',
      'ip -br addr',
      'ip addr show',
      'ip link add d0 type dummy',
      'ip a a 10.9.0.1/24 dev d0',
      'ip -n nope link',
      'ip route',
      'ip netns add c1',
      'ip netns exec c1 ip link set lo up',
      'ip netns exec c1 ip addr',
      'ip netns exec c1 sysctl -w net.ipv4.ip_forward=1',
    ]) {
      lab.execToEnd(s, line);
    }
    expect(
      lab
        .snapshot()
        .steps.filter((x) => x.on === 'h')
        .map((x) => x.line),
    ).toEqual([
      'ip link add d0 type dummy',
      'ip a a 10.9.0.1/24 dev d0',
      'ip netns add c1',
      'ip netns exec c1 ip link set lo up',
      'ip netns exec c1 sysctl -w net.ipv4.ip_forward=1',
    ]);
  });
});

describe('Lab tab completion of names', () => {
  it('completes device and namespace names after the words that take them', () => {
    const { lab } = labWith('h');
    const s = lab.openSession({ machine: 'h' });
    lab.execToEnd(s, 'ip link add veth0 type veth peer name veth1');
    lab.execToEnd(s, 'ip netns add blue');
    expect(lab.complete(s, 'ip link set dev ve')).toEqual(['veth0', 'veth1']);
    expect(lab.complete(s, 'ping -I ve')).toEqual(['veth0', 'veth1']);
    expect(lab.complete(s, 'tcpdump -i l')).toEqual(['lo']);
    expect(lab.complete(s, 'ip netns exec b')).toEqual(['blue']);
    expect(lab.complete(s, 'ip -n b')).toEqual(['blue']);
  });
});
