import type { InnerPaletteItem, PaletteItem } from '../../store';

/** The drag-and-drop type that carries a palette item from the palette to the canvas. */
export const PALETTE_MIME = 'application/x-cnlab-palette';

/** A flannel or Calico network is dropped anywhere on the canvas: it spans hosts, it lives in none. */
export type AnyPaletteItem = PaletteItem | InnerPaletteItem | 'flannel' | 'calico';

const ITEMS: readonly AnyPaletteItem[] = [
  'host',
  'router',
  'segment',
  'netns',
  'bridge',
  'container',
  'pod',
  'flannel',
  'calico',
];

export function paletteItemOf(data: string): AnyPaletteItem | null {
  return (ITEMS as readonly string[]).includes(data) ? (data as AnyPaletteItem) : null;
}

/** Namespaces, bridges, containers and pods live inside a host: they are dropped onto one. */
export function isInnerItem(item: AnyPaletteItem): item is InnerPaletteItem {
  return item === 'netns' || item === 'bridge' || item === 'container' || item === 'pod';
}

/** The machine a view id belongs to (`machine:x`, `netns:x:…`, `dev:x:…`), if any. */
export function machineOfId(id: string | null): string | null {
  const m = id ? /^(?:machine|netns|dev):([^:]+)/.exec(id) : null;
  return m ? m[1] : null;
}
