import type { PaletteItem } from '../../store';

/** The drag-and-drop type that carries a palette item from the palette to the canvas. */
export const PALETTE_MIME = 'application/x-cnlab-palette';

const ITEMS: readonly PaletteItem[] = ['host', 'router', 'segment'];

export function paletteItemOf(data: string): PaletteItem | null {
  return (ITEMS as readonly string[]).includes(data) ? (data as PaletteItem) : null;
}
