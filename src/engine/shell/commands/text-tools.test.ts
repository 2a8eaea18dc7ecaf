import { describe, expect, it } from 'vitest';
import { Lab } from '../../api/lab';

function shell() {
  const lab = new Lab(1);
  lab.execToEnd(lab.openSession({ machine: 'lab' }), 'machine add h');
  const s = lab.openSession({ machine: 'h' });
  return (line: string) => lab.execToEnd(s, line);
}

describe('text tools beyond grep', () => {
  it('refuse sed and awk programs they do not know, saying so, instead of misreading them', () => {
    const run = shell();
    expect(run("ip -br link | sed 'y/abc/xyz/'")).toEqual({
      stdout: '',
      stderr: "sed: -e expression #1: unknown command: `y' (cnlab's sed knows s///, p and d)\n",
      code: 1,
    });
    const awk = run("ip -br link | awk 'BEGIN { n = 0 } { n++ } END { print n }'");
    expect(awk.code).toBe(2);
    expect(awk.stderr).toMatch(/^awk: this program is not simulated in cnlab: BEGIN/);
  });

  it('run the common shapes: sed ranges and substitutions, awk fields, cut, sort, uniq', () => {
    const run = shell();
    expect(run("printf 'a 1\\nb 2\\nc 3\\nd 4\\n' | sed -n '2,3p'").stdout).toBe('b 2\nc 3\n');
    expect(run("printf 'x.y\\n' | sed 's/\\./-/g;s/^/[/;s/$/]/'").stdout).toBe('[x-y]\n');
    expect(run("printf 'a:b:c\\n' | awk -F: '{print $NF, NR \"!\"}'").stdout).toBe('c 1!\n');
    expect(run("printf 'a:b:c\\n' | cut -d: -f2-").stdout).toBe('b:c\n');
    expect(run("printf '2\\n10\\n2\\n' | sort -n | uniq -c").stdout).toBe(
      '      2 2\n      1 10\n',
    );
  });
});
