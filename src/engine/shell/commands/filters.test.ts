import { describe, expect, it } from 'vitest';
import { Lab } from '../../api/lab';
import { breToJs } from './filters';

function shell() {
  const lab = new Lab(1);
  const con = lab.openSession({ machine: 'lab' });
  lab.execToEnd(con, 'machine add h');
  const s = lab.openSession({ machine: 'h' });
  return (line: string) => lab.execToEnd(s, line);
}

describe('grep, head, tail, wc', () => {
  it('greps piped output with GNU grep options and exit statuses', () => {
    const run = shell();
    expect(run("echo -e 'one\\ntwo\\nthree' | grep t")).toEqual({
      stdout: 'two\nthree\n',
      stderr: '',
      code: 0,
    });
    expect(run("echo -e 'one\\ntwo' | grep -v t").stdout).toBe('one\n');
    expect(run("echo -e 'One\\ntwo' | grep -i one").stdout).toBe('One\n');
    expect(run("echo -e 'a\\nb\\na' | grep -c a").stdout).toBe('2\n');
    expect(run("echo -e 'a\\nb\\na' | grep -n a").stdout).toBe('1:a\n3:a\n');
    expect(run('echo abc | grep x')).toEqual({ stdout: '', stderr: '', code: 1 });
    expect(run("echo 'eth0 eth01' | grep -ow eth0").stdout).toBe('eth0\n');
    expect(run("echo 'a+b' | grep 'a+b'").stdout).toBe('a+b\n');
    expect(run("echo 'aab' | grep -E 'a+b'").stdout).toBe('aab\n');
    expect(run('grep').code).toBe(2);
  });

  it('greps the output of ip', () => {
    const run = shell();
    expect(run('ip link | grep -c LOOPBACK').stdout).toBe('1\n');
    expect(run('ip addr | grep inet').stdout).toContain('inet 127.0.0.1/8 scope host lo');
  });

  it('takes the first and last lines', () => {
    const run = shell();
    expect(run("echo -e '1\\n2\\n3\\n4' | head -n 2").stdout).toBe('1\n2\n');
    expect(run("echo -e '1\\n2\\n3\\n4' | head -1").stdout).toBe('1\n');
    expect(run("echo -e '1\\n2\\n3\\n4' | tail -n 2").stdout).toBe('3\n4\n');
    expect(run("echo -e '1\\n2\\n3\\n4' | tail -n +3").stdout).toBe('3\n4\n');
    expect(run('head -n x').stderr).toBe('head: invalid number of lines: ‘x’\n');
  });

  it('counts like GNU wc', () => {
    const run = shell();
    expect(run("echo -e 'a b\\nc' | wc -l").stdout).toBe('2\n');
    expect(run("echo -e 'a b\\nc' | wc").stdout).toBe('      2       3       6\n');
    expect(run('ip link | wc -l').stdout).toBe('2\n');
  });

  it('stops a long-running producer when head has enough (SIGPIPE)', () => {
    const run = shell();
    expect(run("echo -e '1\\n2\\n3' | head -n 1 | wc -l").stdout).toBe('1\n');
  });

  it('reads modelled files', () => {
    const run = shell();
    expect(run('cat /proc/sys/net/ipv4/ip_forward').stdout).toBe('0\n');
    expect(run('grep nameserver /etc/resolv.conf').code).toBe(0);
    expect(run('cat /nope')).toEqual({
      stdout: '',
      stderr: 'cat: /nope: No such file or directory\n',
      code: 1,
    });
  });

  it('translates basic regular expressions', () => {
    expect(breToJs('a\\+b')).toBe('a+b');
    expect(breToJs('a+b|c')).toBe('a\\+b\\|c');
    expect(breToJs('^10\\.0')).toBe('^10\\.0');
  });
});
