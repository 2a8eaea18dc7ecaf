/**
 * birdc against bird 2.0.12 itself: fixtures/birdc-real.txt holds what the real client printed
 * (and its exit status) for each command, on node1 of the same two-node Calico topology. The lab
 * runs the same commands, in the same order, on node1 of calico-bgp.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runBuiltin } from '../../../scenario/builtin/run-builtin';

const REAL = readFileSync(
  new URL('../../../daemons/bird/fixtures/birdc-real.txt', import.meta.url),
  'utf8',
);

/** The fixture's sections: command, output, exit status. */
function sections(): { cmd: string; out: string; code: number }[] {
  return REAL.split(/^### birdc /m)
    .slice(1)
    .map((s) => {
      const [cmd, ...rest] = s.split('\n');
      const body = rest.join('\n');
      const m = /\[exit (\d+)\]\n?$/.exec(body);
      return { cmd, out: body.slice(0, m?.index), code: Number(m?.[1]) };
    });
}

const norm = (t: string) => t.replace(/\d\d:\d\d:\d\d\.\d{3}/g, 'HH:MM:SS.mmm');

/** Commands whose answers depend on what else ran on the real host (memory, IPv6, kernel scans). */
const SKIP = new Set(['show memory', 'show interfaces', 'show protocols all kernel1', 'configure']);

describe('birdc (bird 2.0.12 answers)', () => {
  it('prints what the real client printed, with its exit status', () => {
    const cases = sections().filter((c) => !SKIP.has(c.cmd));
    expect(cases.length).toBeGreaterThan(20);
    const r = runBuiltin(
      'calico-bgp',
      'node1: sleep 5',
      ...cases.flatMap((c) => [
        `node1: birdc ${c.cmd}`,
        'node1: echo "[exit $?]"',
        'node1: echo @@',
      ]),
    );
    const got = r.output.split('@@\n').slice(0, cases.length);
    cases.forEach((c, i) => {
      expect(norm(got[i]), c.cmd).toBe(norm(`${c.out}[exit ${c.code}]\n`));
    });
  });

  it('says where the socket is missing, and rejects unknown options as getopt does', () => {
    const r = runBuiltin(
      'calico-bgp',
      'node1: birdc -s /tmp/nosuch.ctl show route',
      'node1: echo "[exit $?]"',
      'node1: birdc -x',
      'node1: echo "[exit $?]"',
    );
    expect(r.output).toBe(
      'Unable to connect to server control socket (/tmp/nosuch.ctl): No such file or directory\n[exit 1]\n' +
        "birdc: invalid option -- 'x'\nUsage: birdc [-s <control-socket>] [-v] [-r] [-l]\n[exit 1]\n",
    );
  });

  it('reads commands from its input as readline echoes them when none is given', () => {
    const r = runBuiltin(
      'calico-bgp',
      'node1: sleep 5',
      "node1: printf 'show status\\nsh pro\\nsh st\\n\\nshow ?\\nexit\\nshow status\\n' | birdc",
    );
    // Each answer of the daemon comes after the prompt is redrawn and erased (bird 2.0.12).
    expect(
      r.output.startsWith('BIRD 2.0.12 ready.\nbird> show status\nbird> \r\x1b[KBIRD 2.0.12\n'),
    ).toBe(true);
    expect(r.output).toMatch(
      /Established {3}\nbird> sh st\nAmbiguous command, possible expansions are:\n/,
    );
    expect(r.output).toContain(
      'show static [<name>]                           Show details of static protocol\nbird> \nbird> show ?\nshow status ',
    );
    // `?` lists, offers the line again without it; `show` alone is no command; exit ends it.
    expect(r.output).toMatch(
      /Show details of static protocol\nbird> show \nNo such command\. Press `\?' for help\.\nbird> exit\n$/,
    );
  });

  it('alone in a terminal, says its prompt is not modelled and how to give commands', () => {
    const r = runBuiltin('calico-bgp', 'node1: birdc', 'node1: echo "[exit $?]"');
    expect(r.output).toBe(
      'BIRD 2.0.12 ready.\nbird> \r\x1b[K' +
        "cnlab: birdc's interactive prompt is not modelled; give the command on the line, " +
        "e.g. 'birdc show protocols', or pipe commands in: printf 'show route\\n' | birdc\n[exit 0]\n",
    );
  });

  it('expands abbreviations as birdc does, and lists the candidates of an ambiguous one', () => {
    const r = runBuiltin(
      'calico-bgp',
      'node1: birdc d Mesh_10_168_0_3; echo "[exit $?]"',
      'node1: birdc show r count; echo "[exit $?]"',
      'node1: birdc sh in s | tail -n +2 | head -1',
      'node1: birdc show static; birdc show static Mesh_10_168_0_3; echo "[exit $?]"',
      'node1: birdc show ospf; echo "[exit $?]"',
    );
    expect(r.output).toBe(
      'BIRD 2.0.12 ready.\nAmbiguous command, possible expansions are:\n' +
        'dump ...                                       Dump debugging information\n' +
        'disable (<protocol> | "<pattern>" | all) [message]  Disable protocol\n' +
        'debug ...                                      Control protocol debugging via BIRD logs\n' +
        'down                                           Shut the daemon down\n[exit 1]\n' +
        'BIRD 2.0.12 ready.\n4 of 4 routes for 4 networks in table master4\n' +
        '0 of 0 routes for 0 networks in table master6\n' +
        'Total: 4 of 4 routes for 4 networks in 2 tables\n[exit 0]\n' +
        'Interface  State  IPv4 address       IPv6 address\n' +
        'BIRD 2.0.12 ready.\n10.233.1.0/26\tblackhole\n' +
        'BIRD 2.0.12 ready.\nMesh_10_168_0_3: Not a Static protocol\n[exit 1]\n' +
        'BIRD 2.0.12 ready.\nThere is no OSPF protocol running\n[exit 1]\n',
    );
  });
});
