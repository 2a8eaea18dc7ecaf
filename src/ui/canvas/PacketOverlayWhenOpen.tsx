import { type LabState, useLab } from '../../store';
import { lazyNamed, MountOnce } from '../lazy';

const PacketOverlay = lazyNamed(() => import('./PacketOverlay').then((m) => m.PacketOverlay));

const selectOpen = (s: LabState) => s.timelineOpen;

/** The packet token on the canvas, fetched the first time the timeline opens (it shows only then). */
export function PacketOverlayWhenOpen() {
  const open = useLab(selectOpen);
  return (
    <MountOnce when={open}>
      <PacketOverlay />
    </MountOnce>
  );
}
