import { type ReactNode, useMemo } from 'react';
import type { TopologyView } from '../../engine/api/types';
import { selectSelectedId, selectTopology, useLab, useLabStore } from '../../store';
import { MachineIcon, SegmentIcon } from '../app/icons';
import { type Translate, useT } from '../i18n';

interface Details {
  id: string;
  icon: ReactNode;
  name: string;
  /** Open a terminal on this machine (machines only). */
  machine?: string;
  facts: [label: string, value: ReactNode][];
}

function List({ items, none }: { items: string[]; none: string }) {
  if (items.length === 0) return <span className="muted">{none}</span>;
  return (
    <ul className="lab-inspector__list mono">
      {items.map((item) => (
        <li key={item}>{item}</li>
      ))}
    </ul>
  );
}

/** What the inspector shows for a view node id (pure apart from the icons). */
function detailsOf(view: TopologyView | null, id: string | null, t: Translate): Details | null {
  if (!view || !id) return null;
  const m = view.machines.find((x) => x.id === id);
  if (m) {
    const cables = view.cables.filter((c) => c.machine === m.name);
    return {
      id,
      icon: <MachineIcon kind={m.kind} size={28} />,
      name: m.name,
      machine: m.name,
      facts: [
        [t('inspector.kind'), t(m.kind === 'router' ? 'kind.router' : 'kind.host')],
        [
          t('inspector.hostname'),
          <span key="hostname" className="mono">
            {m.hostname}
          </span>,
        ],
        [
          t('inspector.netns'),
          <List key="netns" items={m.netns} none={t('inspector.netnsNone')} />,
        ],
        [
          t('inspector.cables'),
          <List
            key="cables"
            items={cables.map((c) => `${c.ifname} → ${c.segment}`)}
            none={t('inspector.cablesNone')}
          />,
        ],
      ],
    };
  }
  const s = view.segments.find((x) => x.id === id);
  if (!s) return null;
  const cables = view.cables.filter((c) => c.segment === s.name);
  return {
    id,
    icon: <SegmentIcon size={28} />,
    name: s.name,
    facts: [
      [t('inspector.kind'), t('kind.segment')],
      [
        t('inspector.cables'),
        <List
          key="cables"
          items={cables.map((c) => `${c.machine} ${c.ifname}`)}
          none={t('inspector.cablesNone')}
        />,
      ],
    ],
  };
}

/** Details of the selected machine or segment, read from the topology view. */
export function Inspector() {
  const t = useT();
  const store = useLabStore();
  const view = useLab(selectTopology);
  const selectedId = useLab(selectSelectedId);
  const details = useMemo(() => detailsOf(view, selectedId, t), [view, selectedId, t]);

  return (
    <aside className="lab-inspector" aria-label={t('inspector.title')} data-testid="inspector">
      <h2 className="lab-panel-title">{t('inspector.title')}</h2>
      {!details ? (
        <p className="lab-inspector__empty">{t('inspector.empty')}</p>
      ) : (
        <>
          <div className="lab-inspector__head">
            {details.icon}
            <span className="lab-inspector__name">{details.name}</span>
          </div>
          <dl className="lab-inspector__facts">
            {details.facts.map(([label, value]) => (
              <div key={label} className="lab-inspector__fact">
                <dt>{label}</dt>
                <dd>{value}</dd>
              </div>
            ))}
          </dl>
          <div className="lab-inspector__actions">
            {details.machine !== undefined && (
              <button
                type="button"
                className="lab-button lab-button--primary"
                onClick={() => void store.getState().openTerminal(details.machine ?? '')}
              >
                {t('inspector.openTerminal')}
              </button>
            )}
            <button
              type="button"
              className="lab-button lab-button--danger"
              onClick={() => void store.getState().deleteNode(details.id)}
            >
              {t('inspector.delete')}
            </button>
          </div>
        </>
      )}
    </aside>
  );
}
