import type { InnerPaletteItem, PaletteItem } from '../../store';

/** The drag-and-drop type that carries a palette item from the palette to the canvas. */
export const PALETTE_MIME = 'application/x-cnlab-palette';

export type AnyPaletteItem = PaletteItem | InnerPaletteItem;

const ITEMS: readonly AnyPaletteItem[] = ['host', 'router', 'segment', 'netns', 'bridge'];

export function paletteItemOf(data: string): AnyPaletteItem | null {
  return (ITEMS as readonly string[]).includes(data) ? (data as AnyPaletteItem) : null;
}

/** Namespaces and bridges live inside a host: they are dropped onto one. */
export function isInnerItem(item: AnyPaletteItem): item is InnerPaletteItem {
  return item === 'netns' || item === 'bridge';
}

/** The machine a view id belongs to (`machine:x`, `netns:x:…`, `dev:x:…`), if any. */
export function machineOfId(id: string | null): string | null {
  const m = id ? /^(?:machine|netns|dev):([^:]+)/.exec(id) : null;
  return m ? m[1] : null;
}
