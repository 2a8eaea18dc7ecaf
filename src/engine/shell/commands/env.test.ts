import { describe, expect, it } from 'vitest';
import { Lab } from '../../api/lab';

function node() {
  const lab = new Lab(1);
  const con = lab.openSession({ machine: 'lab' });
  lab.execToEnd(con, 'machine add node1');
  const s = lab.openSession({ machine: 'node1' });
  return (line: string) => lab.execToEnd(s, line);
}

describe('env (coreutils 9.1)', () => {
  it('runs a command with variables set, or prints them', () => {
    const run = node();
    expect(run('env -i A=1 B=2')).toEqual({ stdout: 'A=1\nB=2\n', stderr: '', code: 0 });
    expect(run('env -i false').code).toBe(1);
    expect(run('env -i Y=2 env -u Y Z=3').stdout).toBe('Z=3\n');
    expect(run('ip netns add ns1; ip netns exec ns1 env A=1 ip -br link').stdout).toMatch(
      /^lo +DOWN/,
    );
  });

  it('prints the real messages and statuses', () => {
    const run = node();
    expect(run('env foo')).toEqual({
      stdout: '',
      stderr: 'env: ‘foo’: No such file or directory\n',
      code: 127,
    });
    expect(run('env -q')).toEqual({
      stdout: '',
      stderr: "env: invalid option -- 'q'\nTry 'env --help' for more information.\n",
      code: 125,
    });
    expect(run('env -u').stderr).toBe(
      "env: option requires an argument -- 'u'\nTry 'env --help' for more information.\n",
    );
  });
});
