import { memo } from 'react';
import { type MessageKey, useT } from '../i18n';

const LINKS: [kind: string, label: MessageKey][] = [
  ['cable', 'legend.cable'],
  ['veth', 'legend.veth'],
  ['port', 'legend.port'],
];
const STATES: [state: string, label: MessageKey][] = [
  ['up', 'device.state.up'],
  ['nocarrier', 'device.state.nocarrier'],
  ['down', 'device.state.down'],
];

/** What the colours of the canvas mean. */
function LegendComponent({ tunnels = false }: { tunnels?: boolean }) {
  const t = useT();
  const links = tunnels ? [...LINKS, ['tunnel', 'legend.tunnel'] as [string, MessageKey]] : LINKS;
  return (
    <div className="lab-legend" data-testid="legend">
      {links.map(([kind, label]) => (
        <span key={kind} className="lab-legend__item">
          <svg width="22" height="8" aria-hidden="true">
            <line x1="1" y1="4" x2="21" y2="4" className={`lab-link lab-link--${kind}`} />
          </svg>
          {t(label)}
        </span>
      ))}
      {STATES.map(([state, label]) => (
        <span key={state} className="lab-legend__item">
          <span className={`lab-dot lab-dot--${state}`} aria-hidden="true" />
          {t(label)}
        </span>
      ))}
    </div>
  );
}

export const Legend = memo(LegendComponent);
Legend.displayName = 'Legend';
