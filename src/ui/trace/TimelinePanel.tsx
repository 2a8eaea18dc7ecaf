import { memo, useEffect, useMemo, useRef } from 'react';
import type { TraceEvent } from '../../engine/api/types';
import {
  flowCrossings,
  type LegCrossings,
  legCrossings,
  PLAYBACK_SPEEDS,
  selectFlowEvents,
  TRACE_LIMIT,
  useLab,
  useLabStore,
} from '../../store';
import { TransportIcon, type TransportIconName } from '../app/icons';
import { type MessageKey, type Translate, useT } from '../i18n';
import {
  buildPcap,
  downloadBytes,
  interfaceEvents,
  interfaceName,
  pcapFileName,
} from './pcap-build';

const selectTrace = (s: import('../../store').LabState) => s.trace;
const selectPlayback = (s: import('../../store').LabState) => s.playback;

/** `node1`, `node1:pod1`: where a step happened. */
export function whereOf(e: TraceEvent): string {
  return e.netns === '' ? e.machine : `${e.machine}:${e.netns}`;
}

interface RowProps {
  e: TraceEvent;
  index: number;
  current: boolean;
  t: Translate;
  onPick(index: number): void;
}

const Row = memo(function Row({ e, index, current, t, onPick }: RowProps) {
  const drop = e.verdict === 'drop';
  return (
    <tr
      className={`lab-tl__row${current ? ' is-current' : ''}${drop ? ' is-drop' : ''}${e.space === 'user' ? ' is-user' : ''}`}
      aria-selected={current}
      data-testid={`timeline.step.${index + 1}`}
      data-hook={e.hook}
      onClick={() => onPick(index)}
    >
      <td className="lab-tl__n">{index + 1}</td>
      <td className="lab-tl__t">{e.t}</td>
      <td className="lab-tl__where">{whereOf(e)}</td>
      <td className="lab-tl__dev">{e.device ?? ''}</td>
      <td>
        <span
          className={`lab-tl__space lab-tl__space--${e.space}`}
          title={e.space === 'user' ? t('timeline.userHint') : t('timeline.kernelHint')}
        >
          {e.space === 'user' ? t('timeline.user') : t('timeline.kernel')}
        </span>
      </td>
      <td className="lab-tl__hook">{e.hook}</td>
      <td className="lab-tl__detail" title={e.detail}>
        {drop && <span className="lab-tl__drop">{t('timeline.drop')}</span>}
        {e.detail}
      </td>
    </tr>
  );
});

/** Two rows per host (user above kernel) with the flow's steps placed in order. */
function Lanes({ events, step, t }: { events: readonly TraceEvent[]; step: number; t: Translate }) {
  const hosts = useMemo(() => [...new Set(events.map((e) => e.machine))], [events]);
  const dx = Math.max(4, Math.min(14, 560 / Math.max(1, events.length)));
  const laneH = 16;
  const left = 64;
  const width = left + 12 + dx * events.length;
  const height = hosts.length * laneH * 2 + 6;
  const y = (e: TraceEvent) =>
    3 + hosts.indexOf(e.machine) * laneH * 2 + (e.space === 'user' ? 0 : laneH) + laneH / 2;
  const points = events.map((e, i) => `${left + 6 + i * dx},${y(e)}`).join(' ');
  return (
    <figure className="lab-tl__lanes" aria-label={t('timeline.lanes')}>
      <figcaption>{t('timeline.lanes')}</figcaption>
      <div className="lab-tl__lanes-scroll">
        <svg width={width} height={height} role="img" aria-label={t('timeline.lanes')}>
          {hosts.map((h, i) => (
            <g key={h}>
              <rect
                x={0}
                y={3 + i * laneH * 2}
                width={width}
                height={laneH}
                className="lab-lane--user"
              />
              <rect
                x={0}
                y={3 + i * laneH * 2 + laneH}
                width={width}
                height={laneH}
                className="lab-lane--kernel"
              />
              <text x={4} y={3 + i * laneH * 2 + 12} className="lab-lane__label">
                {h} {t('timeline.user')}
              </text>
              <text x={4} y={3 + i * laneH * 2 + laneH + 12} className="lab-lane__label">
                {h} {t('timeline.kernel')}
              </text>
            </g>
          ))}
          <polyline points={points} className="lab-lane__path" />
          {events.map((e, i) => (
            <circle
              // biome-ignore lint/suspicious/noArrayIndexKey: steps are positions in a fixed list
              key={i}
              cx={left + 6 + i * dx}
              cy={y(e)}
              r={i === step ? 5 : 2.5}
              className={`lab-lane__dot${i === step ? ' is-current' : ''}${e.verdict === 'drop' ? ' is-drop' : ''}`}
            />
          ))}
        </svg>
      </div>
    </figure>
  );
}

function Crossings({
  legs,
  currentLeg,
  t,
}: {
  legs: LegCrossings[];
  currentLeg: number | undefined;
  t: Translate;
}) {
  const total = flowCrossings(legs);
  return (
    <section
      className="lab-tl__crossings"
      aria-label={t('timeline.crossings')}
      data-testid="timeline.crossings"
    >
      <h3 title={t('timeline.crossingsHint')}>{t('timeline.crossings')}</h3>
      {legs
        .filter((leg) => leg.user || leg.leg === currentLeg)
        .map((leg) => (
          <div
            key={leg.leg}
            className={`lab-tl__leg${leg.leg === currentLeg ? ' is-current' : ''}`}
          >
            <div className="lab-tl__leg-label" title={leg.label}>
              {leg.label || `#${leg.leg}`}
            </div>
            <ul>
              {leg.hosts.map((h) => (
                <li key={h.machine} data-testid={`crossings.${leg.leg}.${h.machine}`}>
                  {t(h.crossings === 1 ? 'timeline.crossingsLineOne' : 'timeline.crossingsLine', {
                    count: h.crossings,
                    host: h.machine,
                  })}
                </li>
              ))}
            </ul>
          </div>
        ))}
      {legs.length > 1 && (
        <p className="lab-tl__total">
          Σ {total.map((h) => `${h.machine}: ${h.crossings}`).join(' · ')}
        </p>
      )}
    </section>
  );
}

/**
 * The packet timeline: the steps of one flow (time, where, device, user/kernel, hook, detail),
 * replay controls, user/kernel crossings per host, a lane view and pcap downloads. It only reads
 * the recorded trace; nothing here runs the engine.
 */
export function TimelinePanel() {
  const t = useT();
  const store = useLabStore();
  const trace = useLab(selectTrace);
  const playback = useLab(selectPlayback);
  const events = useLab(selectFlowEvents);
  const tableRef = useRef<HTMLDivElement>(null);
  const { step, playing, speed, flow } = playback;
  const current = events[step];

  const legs = useMemo(
    () => legCrossings(events, trace.legOf, trace.packetLabel),
    [events, trace.legOf, trace.packetLabel],
  );
  const currentLeg = current ? trace.legOf.get(current.packetId) : undefined;

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new step or flow moves the row
  useEffect(() => {
    const row = tableRef.current?.querySelector<HTMLElement>('.lab-tl__row.is-current');
    row?.scrollIntoView({ block: 'nearest' });
  }, [step, flow]);

  const onPick = useMemo(() => (i: number) => store.getState().setStep(i), [store]);
  const s = () => store.getState();

  const download = (list: readonly TraceEvent[], iface: string) => {
    const built = buildPcap(list);
    downloadBytes(built.bytes, pcapFileName(iface));
    if (built.leftOut > 0)
      s().showToast('commandFailed', t('timeline.leftOut', { count: built.leftOut }));
  };
  const last = events.length - 1;
  const controls: {
    id: string;
    icon: TransportIconName;
    label: MessageKey;
    run: () => void;
    disabled: boolean;
  }[] = [
    {
      id: 'start',
      icon: 'start',
      label: 'timeline.start',
      run: () => s().setStep(0),
      disabled: last < 0,
    },
    {
      id: 'back',
      icon: 'back',
      label: 'timeline.back',
      run: () => s().stepBy(-1),
      disabled: step <= 0,
    },
    {
      id: 'play',
      icon: playing ? 'pause' : 'play',
      label: playing ? 'timeline.pause' : 'timeline.play',
      run: () => s().setPlaying(!playing),
      disabled: last < 0,
    },
    {
      id: 'forward',
      icon: 'forward',
      label: 'timeline.forward',
      run: () => s().stepBy(1),
      disabled: step >= last,
    },
    {
      id: 'end',
      icon: 'end',
      label: 'timeline.end',
      run: () => s().setStep(last),
      disabled: last < 0,
    },
  ];
  const iface =
    current?.device !== undefined
      ? { machine: current.machine, netns: current.netns, device: current.device }
      : null;

  return (
    <section className="lab-tl" aria-label={t('timeline.title')} data-testid="timeline">
      <div className="lab-tl__bar">
        <label className="lab-tl__flow">
          <span>{t('timeline.flow')}</span>
          <select
            value={flow ?? ''}
            onChange={(e) => s().selectFlow(e.target.value === '' ? null : Number(e.target.value))}
            data-testid="timeline.flow"
          >
            {trace.flows.length === 0 && <option value="">—</option>}
            {trace.flows.map((f) => (
              <option key={f.id} value={f.id}>
                {t('timeline.flowOption', { id: f.id, label: f.label, steps: f.steps })}
              </option>
            ))}
          </select>
        </label>
        <div className="lab-tl__controls">
          {controls.map((c) => (
            <button
              key={c.id}
              type="button"
              className={c.id === 'play' ? 'lab-tl__play' : undefined}
              aria-label={t(c.label)}
              title={t(c.label)}
              onClick={c.run}
              data-testid={`timeline.${c.id}`}
              disabled={c.disabled}
            >
              <TransportIcon name={c.icon} />
            </button>
          ))}
        </div>
        <label className="lab-tl__speed" title={t('timeline.speed')}>
          <select
            aria-label={t('timeline.speed')}
            value={speed}
            onChange={(e) => s().setSpeed(Number(e.target.value))}
            data-testid="timeline.speed"
          >
            {PLAYBACK_SPEEDS.map((v) => (
              <option key={v} value={v}>
                {v}×
              </option>
            ))}
          </select>
        </label>
        <span className="lab-tl__counter" data-testid="timeline.counter" aria-live="polite">
          {events.length > 0 ? t('timeline.stepOf', { step: step + 1, count: events.length }) : ''}
        </span>
        <div className="lab-tl__downloads">
          <span className="lab-tl__dl-label" title={t('timeline.downloadHint')}>
            <TransportIcon name="download" size={15} /> {t('timeline.download')}
          </span>
          <button
            type="button"
            title={t('timeline.downloadFlow')}
            aria-label={t('timeline.downloadFlow')}
            disabled={events.length === 0}
            onClick={() => download(events, `flow-${flow}`)}
            data-testid="timeline.downloadFlow"
          >
            {t('timeline.flow')}
          </button>
          <button
            type="button"
            title={iface ? t('timeline.downloadIface', { iface: interfaceName(iface) }) : ''}
            aria-label={
              iface
                ? t('timeline.downloadIface', { iface: interfaceName(iface) })
                : t('timeline.downloadHint')
            }
            disabled={!iface}
            onClick={() =>
              iface && download(interfaceEvents(trace.events, iface), interfaceName(iface))
            }
            data-testid="timeline.downloadIface"
          >
            {iface ? iface.device : '—'}
          </button>
          <button
            type="button"
            title={t('timeline.downloadAll')}
            aria-label={t('timeline.downloadAll')}
            disabled={trace.events.length === 0}
            onClick={() => download(trace.events, 'all')}
            data-testid="timeline.downloadAll"
          >
            ∑
          </button>
        </div>
        <button
          type="button"
          className="lab-tl__close"
          aria-label={t('timeline.close')}
          title={t('timeline.close')}
          onClick={() => s().setTimelineOpen(false)}
        >
          ×
        </button>
      </div>
      {trace.dropped > 0 && (
        <p className="lab-tl__notice" role="status" data-testid="timeline.dropped">
          {t('timeline.dropped', { count: trace.dropped, limit: TRACE_LIMIT })}
        </p>
      )}
      {events.length === 0 ? (
        <p className="lab-dock__empty">{t('timeline.empty')}</p>
      ) : (
        <div className="lab-tl__body">
          <div className="lab-tl__table" ref={tableRef}>
            <table aria-label={t('timeline.events')}>
              <thead>
                <tr>
                  <th>#</th>
                  <th>{t('timeline.col.time')}</th>
                  <th>{t('timeline.col.where')}</th>
                  <th>{t('timeline.col.device')}</th>
                  <th aria-label={`${t('timeline.user')}/${t('timeline.kernel')}`} />
                  <th>{t('timeline.col.step')}</th>
                  <th>{t('timeline.col.detail')}</th>
                </tr>
              </thead>
              <tbody>
                {events.map((e, i) => (
                  <Row
                    // biome-ignore lint/suspicious/noArrayIndexKey: a step is its position in the flow
                    key={i}
                    e={e}
                    index={i}
                    current={i === step}
                    t={t}
                    onPick={onPick}
                  />
                ))}
              </tbody>
            </table>
          </div>
          <div className="lab-tl__side">
            <Crossings legs={legs} currentLeg={currentLeg} t={t} />
            <Lanes events={events} step={step} t={t} />
            <p className="lab-tl__keys">{t('timeline.keys')}</p>
          </div>
        </div>
      )}
    </section>
  );
}
