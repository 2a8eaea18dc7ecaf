import { selectCalicoOpen, useLab } from '../../store';
import { lazyNamed, MountOnce } from '../lazy';

const CalicoDialog = lazyNamed(() => import('./CalicoDialog').then((m) => m.CalicoDialog));

/** The Calico dialog, fetched the first time it opens. */
export function CalicoDialogWhenOpen() {
  const open = useLab(selectCalicoOpen);
  return (
    <MountOnce when={open}>
      <CalicoDialog />
    </MountOnce>
  );
}
