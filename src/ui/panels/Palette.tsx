import type { DragEvent, ReactNode } from 'react';
import {
  CONTAINER_IMAGES,
  type ContainerImage,
  selectContainerImage,
  selectStatus,
  useLab,
  useLabStore,
} from '../../store';
import {
  BridgeIcon,
  CalicoIcon,
  ContainerIcon,
  FlannelIcon,
  HostIcon,
  NetnsIcon,
  PodIcon,
  RouterIcon,
  SegmentIcon,
} from '../app/icons';
import { type AnyPaletteItem, isInnerItem, machineOfId, PALETTE_MIME } from '../canvas/palette-dnd';
import { type MessageKey, useT } from '../i18n';

interface Entry {
  item: AnyPaletteItem;
  label: MessageKey;
  hint: MessageKey;
  icon: ReactNode;
}

const ITEMS: Entry[] = [
  { item: 'host', label: 'palette.host', hint: 'palette.hostHint', icon: <HostIcon size={24} /> },
  {
    item: 'router',
    label: 'palette.router',
    hint: 'palette.routerHint',
    icon: <RouterIcon size={24} />,
  },
  {
    item: 'segment',
    label: 'palette.segment',
    hint: 'palette.segmentHint',
    icon: <SegmentIcon size={24} />,
  },
  {
    item: 'netns',
    label: 'palette.netns',
    hint: 'palette.netnsHint',
    icon: <NetnsIcon size={24} />,
  },
  {
    item: 'bridge',
    label: 'palette.bridge',
    hint: 'palette.bridgeHint',
    icon: <BridgeIcon size={24} />,
  },
  {
    item: 'container',
    label: 'palette.container',
    hint: 'palette.containerHint',
    icon: <ContainerIcon size={24} />,
  },
  { item: 'pod', label: 'palette.pod', hint: 'palette.podHint', icon: <PodIcon size={24} /> },
  {
    item: 'flannel',
    label: 'palette.flannel',
    hint: 'palette.flannelHint',
    icon: <FlannelIcon size={24} />,
  },
  {
    item: 'calico',
    label: 'palette.calico',
    hint: 'palette.calicoHint',
    icon: <CalicoIcon size={24} />,
  },
];

/** Things the engine can create: click to add (inside the selected host), or drag onto the canvas. */
export function Palette() {
  const t = useT();
  const store = useLabStore();
  const ready = useLab(selectStatus) === 'ready';
  const image = useLab(selectContainerImage);

  const onDragStart = (item: AnyPaletteItem) => (event: DragEvent) => {
    event.dataTransfer.setData(PALETTE_MIME, item);
    event.dataTransfer.effectAllowed = 'copy';
  };
  const onClick = (item: AnyPaletteItem) => {
    const s = store.getState();
    if (item === 'flannel') {
      s.setFlannelOpen(true);
      return;
    }
    if (item === 'calico') {
      s.setCalicoOpen(true);
      return;
    }
    if (!isInnerItem(item)) {
      void s.addFromPalette(item);
      return;
    }
    const machine = machineOfId(s.selectedId);
    if (machine) void s.addInside(item, machine);
    else s.showToast('selectHostFirst');
  };

  return (
    <aside className="lab-palette" aria-label={t('palette.title')}>
      <h2 className="lab-panel-title">{t('palette.title')}</h2>
      <ul className="lab-palette__list">
        {ITEMS.map(({ item, label, hint, icon }) => (
          <li key={item}>
            <button
              type="button"
              className="lab-palette__item"
              draggable={ready}
              disabled={!ready}
              title={t(hint)}
              aria-description={t(hint)}
              data-testid={`palette.${item}`}
              onDragStart={onDragStart(item)}
              onClick={() => onClick(item)}
            >
              <span className="lab-palette__icon">{icon}</span>
              <span className="lab-palette__label">{t(label)}</span>
            </button>
            {item === 'container' && (
              <fieldset className="lab-palette__choice" aria-label={t('palette.imageHint')}>
                <legend className="lab-palette__choice-label">{t('palette.image')}</legend>
                {CONTAINER_IMAGES.map((img: ContainerImage) => (
                  <button
                    key={img}
                    type="button"
                    className={`lab-palette__chip${img === image ? ' is-active' : ''}`}
                    aria-pressed={img === image}
                    title={t('palette.imageHint')}
                    data-testid={`palette.image.${img}`}
                    onClick={() => store.getState().setContainerImage(img)}
                  >
                    {img}
                  </button>
                ))}
              </fieldset>
            )}
          </li>
        ))}
      </ul>
      <p className="lab-palette__hint">{t('palette.cableHint')}</p>
      <p className="lab-palette__hint">{t('palette.netnsConnectHint')}</p>
    </aside>
  );
}
