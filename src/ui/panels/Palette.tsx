import type { DragEvent, ReactNode } from 'react';
import { selectStatus, useLab, useLabStore } from '../../store';
import { BridgeIcon, HostIcon, NetnsIcon, RouterIcon, SegmentIcon } from '../app/icons';
import { type AnyPaletteItem, isInnerItem, machineOfId, PALETTE_MIME } from '../canvas/palette-dnd';
import { type MessageKey, useT } from '../i18n';

const ITEMS: { item: AnyPaletteItem; label: MessageKey; hint: MessageKey; icon: ReactNode }[] = [
  { item: 'host', label: 'palette.host', hint: 'palette.hostHint', icon: <HostIcon size={26} /> },
  {
    item: 'router',
    label: 'palette.router',
    hint: 'palette.routerHint',
    icon: <RouterIcon size={26} />,
  },
  {
    item: 'segment',
    label: 'palette.segment',
    hint: 'palette.segmentHint',
    icon: <SegmentIcon size={26} />,
  },
  {
    item: 'netns',
    label: 'palette.netns',
    hint: 'palette.netnsHint',
    icon: <NetnsIcon size={26} />,
  },
  {
    item: 'bridge',
    label: 'palette.bridge',
    hint: 'palette.bridgeHint',
    icon: <BridgeIcon size={26} />,
  },
];

/** Things the engine can create: click to add (inside the selected host), or drag onto the canvas. */
export function Palette() {
  const t = useT();
  const store = useLabStore();
  const ready = useLab(selectStatus) === 'ready';

  const onDragStart = (item: AnyPaletteItem) => (event: DragEvent) => {
    event.dataTransfer.setData(PALETTE_MIME, item);
    event.dataTransfer.effectAllowed = 'copy';
  };
  const onClick = (item: AnyPaletteItem) => {
    const s = store.getState();
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
          </li>
        ))}
      </ul>
      <p className="lab-palette__hint">{t('palette.cableHint')}</p>
      <p className="lab-palette__hint">{t('palette.netnsConnectHint')}</p>
    </aside>
  );
}
