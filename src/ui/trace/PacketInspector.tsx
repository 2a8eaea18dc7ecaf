import { useMemo, useState } from 'react';
import type { TraceEvent } from '../../engine/api/types';
import { decodeStack, type Field, type Layer } from '../../engine/wire/decode';
import { type LabState, selectFlowEvents, useLab } from '../../store';
import { type Translate, useT } from '../i18n';
import { diffLayers, type FieldChange, fieldKeys } from './packet-diff';
import { frameStepOf, lookupsBefore, previousFrameStep } from './step-context';
import { whereOf } from './TimelinePanel';

const selectStep = (s: LabState) => s.playback.step;
const selectLegOf = (s: LabState) => s.trace.legOf;

const layersOf = (e: TraceEvent | undefined): Layer[] | null =>
  e?.frame && e.linktype ? decodeStack(e.frame, e.linktype) : null;

const BYTES_PER_ROW = 8;

const printable = (b: number) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.');

/** Hex and ASCII of a frame, 8 bytes a row, the selected field's bytes highlighted. */
function HexPane({
  frame,
  range,
  t,
}: {
  frame: Uint8Array;
  range: { offset: number; length: number } | null;
  t: Translate;
}) {
  const rows: number[] = [];
  for (let at = 0; at < frame.length; at += BYTES_PER_ROW) rows.push(at);
  const on = (i: number) => range !== null && i >= range.offset && i < range.offset + range.length;
  return (
    <figure className="lab-hex mono" aria-label={t('packet.hexLabel')} data-testid="packet.hex">
      {rows.map((at) => {
        const bytes = Array.from(frame.subarray(at, at + BYTES_PER_ROW));
        return (
          <div key={at} className="lab-hex__row">
            <span className="lab-hex__off">{at.toString(16).padStart(4, '0')}</span>
            <span className="lab-hex__bytes">
              {bytes.map((b, k) => (
                <span
                  // biome-ignore lint/suspicious/noArrayIndexKey: byte positions are fixed
                  key={k}
                  className={on(at + k) ? 'is-hl' : undefined}
                  data-byte={at + k}
                >
                  {b.toString(16).padStart(2, '0')}
                </span>
              ))}
            </span>
            <span className="lab-hex__ascii">
              {bytes.map((b, k) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: byte positions are fixed
                <span key={k} className={on(at + k) ? 'is-hl' : undefined}>
                  {printable(b)}
                </span>
              ))}
            </span>
          </div>
        );
      })}
    </figure>
  );
}

function changeText(c: FieldChange | undefined, t: Translate): string | undefined {
  if (!c) return undefined;
  return c.kind === 'added' ? t('packet.added') : t('packet.changed', { before: c.before });
}

/**
 * The packet at the timeline's step: the lookups that decided it, its header stack as a
 * Wireshark-style tree of every field (what changed since the previous frame of the flow is
 * marked), and the bytes with the selected field highlighted.
 */
export function PacketInspector() {
  const t = useT();
  const events = useLab(selectFlowEvents);
  const step = useLab(selectStep);
  const legOf = useLab(selectLegOf);
  const [picked, setPicked] = useState<string | null>(null);

  const current = events[step];
  const frameStep = frameStepOf(events, step);
  const frameEvent = events[frameStep];
  const layers = useMemo(() => layersOf(frameEvent), [frameEvent]);
  const previous = useMemo(
    () => layersOf(events[previousFrameStep(events, frameStep, legOf)]),
    [events, frameStep, legOf],
  );
  const changes = useMemo(
    () => (layers ? diffLayers(previous, layers) : new Map<string, FieldChange>()),
    [previous, layers],
  );
  const keys = useMemo(() => (layers ? fieldKeys(layers) : []), [layers]);
  const lookups = lookupsBefore(events, step);

  if (!current) return null;
  let selected: Field | null = null;
  if (layers && picked) {
    layers.forEach((l, li) => {
      l.fields.forEach((f, fi) => {
        if (keys[li][fi] === picked) selected = f;
      });
    });
  }
  const range = selected as Field | null;

  return (
    <div className="lab-packet" data-testid="packet-inspector">
      <h3 className="lab-packet__step">
        <span className="mono">{current.hook}</span>{' '}
        <span className="muted">
          {whereOf(current)}
          {current.device ? ` · ${current.device}` : ''}
        </span>
      </h3>
      {current.verdict === 'drop' && (
        <p className="lab-packet__drop" role="alert">
          {t('packet.drop', { reason: current.detail })}
        </p>
      )}
      <section className="lab-packet__lookup" data-testid="packet.lookup">
        <h4>{t('packet.lookup')}</h4>
        {lookups.length === 0 ? (
          <p className="muted">{t('packet.lookupNone')}</p>
        ) : (
          <ul>
            {lookups.map((e, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: a fixed list for this step
              <li key={i} className={e.verdict === 'drop' ? 'is-drop' : undefined}>
                <span className="mono lab-packet__hook">{e.hook}</span> {e.detail}
              </li>
            ))}
          </ul>
        )}
      </section>
      {!layers || !frameEvent ? (
        <p className="muted">{t('packet.noFrame')}</p>
      ) : (
        <>
          <h4>
            {t('packet.headers')}{' '}
            <span className="lab-packet__legend">
              <span className="lab-packet__swatch" /> {t('packet.changedLegend')}
            </span>
          </h4>
          {frameStep !== step && (
            <p className="muted lab-packet__at">
              {t('packet.frameAt', { hook: frameEvent.hook, device: frameEvent.device ?? '' })}
            </p>
          )}
          <div className="lab-tree" data-testid="packet.tree">
            {layers.map((l, li) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: layers are positions in the frame
              <details key={li} open className={l.error ? 'is-error' : undefined}>
                <summary>
                  {l.name}
                  {keys[li].some((k) => changes.has(k)) && (
                    <span className="lab-tree__dot" aria-hidden="true" />
                  )}
                </summary>
                <ul>
                  {l.fields.map((f, fi) => {
                    const key = keys[li][fi];
                    const change = changes.get(key);
                    return (
                      // biome-ignore lint/suspicious/noArrayIndexKey: fields are positions in a layer
                      <li key={fi}>
                        <button
                          type="button"
                          className={`lab-tree__field${change ? ` is-${change.kind}` : ''}${picked === key ? ' is-picked' : ''}`}
                          aria-pressed={picked === key}
                          aria-label={t('packet.selectField', { field: `${f.label}: ${f.value}` })}
                          title={changeText(change, t) ?? f.name}
                          onClick={() => setPicked(picked === key ? null : key)}
                          data-field={f.name}
                        >
                          <span className="lab-tree__label">{f.label}:</span>{' '}
                          <span className="lab-tree__value">{String(f.value)}</span>
                          {change?.kind === 'changed' && (
                            <span className="lab-tree__was">← {change.before}</span>
                          )}
                        </button>
                      </li>
                    );
                  })}
                </ul>
              </details>
            ))}
          </div>
          <h4>{t('packet.bytes')}</h4>
          {frameEvent.frame && <HexPane frame={frameEvent.frame} range={range} t={t} />}
        </>
      )}
    </div>
  );
}
