import { selectFlannelOpen, useLab } from '../../store';
import { lazyNamed, MountOnce } from '../lazy';

const FlannelDialog = lazyNamed(() => import('./FlannelDialog').then((m) => m.FlannelDialog));

/** The flannel dialog, fetched the first time it opens. */
export function FlannelDialogWhenOpen() {
  const open = useLab(selectFlannelOpen);
  return (
    <MountOnce when={open}>
      <FlannelDialog />
    </MountOnce>
  );
}
