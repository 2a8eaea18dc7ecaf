/**
 * Which header fields changed since the previous frame of the same leg: a router's TTL and
 * checksum, the MACs of each hop, the outer headers VXLAN adds. Layers are matched from the
 * innermost outwards, so an inner Ethernet header still lines up with the frame it was before
 * encapsulation, and the outer headers show as added.
 */
import type { Layer } from '../../engine/wire/decode';

export type FieldChange = { kind: 'added' } | { kind: 'changed'; before: string };

/** A stable key for field `f` of layer `l`: its layer name, counted from the innermost. */
export function fieldKeys(layers: readonly Layer[]): string[][] {
  const seen = new Map<string, number>();
  const keys: string[][] = [];
  for (let li = layers.length - 1; li >= 0; li--) {
    const layer = layers[li];
    const n = seen.get(layer.name) ?? 0;
    seen.set(layer.name, n + 1);
    const names = new Map<string, number>();
    keys[li] = layer.fields.map((f) => {
      const k = names.get(f.name) ?? 0;
      names.set(f.name, k + 1);
      return `${layer.name}#${n}/${f.name}#${k}`;
    });
  }
  return keys;
}

/** Changes of `current` against `previous`, by field key; empty when there is no previous. */
export function diffLayers(
  previous: readonly Layer[] | null,
  current: readonly Layer[],
): Map<string, FieldChange> {
  const out = new Map<string, FieldChange>();
  if (!previous) return out;
  const before = new Map<string, string>();
  const prevKeys = fieldKeys(previous);
  previous.forEach((l, li) => {
    l.fields.forEach((f, fi) => {
      before.set(prevKeys[li][fi], String(f.value));
    });
  });
  const keys = fieldKeys(current);
  current.forEach((l, li) => {
    l.fields.forEach((f, fi) => {
      const key = keys[li][fi];
      const was = before.get(key);
      if (was === undefined) out.set(key, { kind: 'added' });
      else if (was !== String(f.value)) out.set(key, { kind: 'changed', before: was });
    });
  });
  return out;
}
