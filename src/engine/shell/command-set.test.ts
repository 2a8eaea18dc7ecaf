import { describe, expect, it } from 'vitest';
import type { Command } from './command';
import {
  ANY_COMMAND,
  type CatalogEntry,
  CommandSet,
  namesIn,
  namesInPartialLine,
} from './command-set';

const command = (name: string): Command => ({
  name,
  help: { summary: name, usage: [name] },
  run: () => 0,
});

/** A table of a, b (lazy), c, d (lazy), in that order; `loads` counts each lazy fetch. */
function table(widening: string[] = []) {
  const loads: string[] = [];
  const lazy = (name: string): CatalogEntry => ({
    name,
    load: async () => {
      loads.push(name);
      return command(name);
    },
  });
  const set = new CommandSet([command('a'), lazy('b'), command('c'), lazy('d')], widening);
  return { set, loads };
}

describe('namesIn', () => {
  it('reads every literal word, with and without its path', () => {
    expect([...namesIn('ip netns exec ns1 /usr/bin/ping -c 1 x | grep ttl')]).toEqual(
      expect.arrayContaining(['ip', 'netns', 'exec', 'ns1', '/usr/bin/ping', 'ping', 'grep']),
    );
  });

  it('removes quotes as the shell does', () => {
    const names = namesIn(`pi'ng' -c1 x; "tc" qdisc; sh -c "tcpdump -i any"`);
    expect(names.has('ping')).toBe(true);
    expect(names.has('tc')).toBe(true);
    expect(names.has('tcpdump')).toBe(true);
  });

  it('counts any expansion as every command', () => {
    expect([...namesIn('X=ping; $X -c 1 10.0.0.2')]).toEqual([ANY_COMMAND]);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell line, not a template
    expect([...namesIn('echo "${CMD}"')]).toEqual([ANY_COMMAND]);
    expect([...namesIn('echo $?')]).toEqual([ANY_COMMAND]);
  });

  it('finds nothing in a line that does not lex (it runs nothing)', () => {
    expect(namesIn('echo "unterminated').size).toBe(0);
  });

  it('reads a partial line for completion as plain words', () => {
    const names = namesInPartialLine('ip netns exec ns1 "tcpd');
    expect(names.has('tcpd')).toBe(true);
    expect(names.has('exec')).toBe(true);
  });
});

describe('CommandSet', () => {
  it('offers every name but looks up only loaded commands, in catalog order', async () => {
    const { set, loads } = table();
    expect(set.names()).toEqual(['a', 'b', 'c', 'd']);
    expect([...set.table.keys()]).toEqual(['a', 'c']);
    expect(set.isUnloaded('b')).toBe(true);
    expect(set.complete()).toBe(false);
    await set.load(['d']);
    expect([...set.table.keys()]).toEqual(['a', 'c', 'd']);
    await set.load(['b', 'd']);
    expect([...set.table.keys()]).toEqual(['a', 'b', 'c', 'd']);
    expect(set.complete()).toBe(true);
    expect(loads).toEqual(['d', 'b']);
  });

  it('says which unloaded commands a line may run', async () => {
    const { set } = table(['help']);
    expect(set.missingFor('a; c | a')).toEqual([]);
    expect(set.missingFor('a x b')).toEqual(['b']);
    expect(set.missingFor('echo $X')).toEqual(['b', 'd']);
    expect(set.missingFor('help')).toEqual(['b', 'd']);
    await set.loadFor('d');
    expect(set.missingFor('b d')).toEqual(['b']);
  });

  it('fetches each command once, however many ask at the same time', async () => {
    const { set, loads } = table();
    await Promise.all([set.load(['b']), set.load(['b', 'd']), set.loadAll()]);
    expect(loads).toEqual(['b', 'd']);
  });

  it('keeps its own copy of the catalog (two labs do not share loads)', async () => {
    const entries: CatalogEntry[] = [command('a'), { name: 'b', load: async () => command('b') }];
    const one = new CommandSet(entries);
    const two = new CommandSet(entries);
    await one.loadAll();
    expect(one.table.has('b')).toBe(true);
    expect(two.table.has('b')).toBe(false);
  });

  it('rejects a loader that returns another command, and a name twice', async () => {
    const set = new CommandSet([{ name: 'b', load: async () => command('x') }]);
    await expect(set.load(['b'])).rejects.toThrow('lazy command b loaded as x');
    expect(() => new CommandSet([command('a'), command('a')])).toThrow('twice');
  });

  it('is complete at once when eager', () => {
    const set = CommandSet.eager([command('a'), command('b')]);
    expect(set.complete()).toBe(true);
    expect(set.missingFor('$X')).toEqual([]);
  });
});
