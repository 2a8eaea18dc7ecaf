/**
 * The packet on the canvas (style rule H): a token that travels the edge the packet really
 * crossed between the device chips of the previous and the current step, a ring on the current
 * place, and a red marker where it was dropped. It is a DOM overlay positioned from
 * requestAnimationFrame by writing `style.transform` directly: React renders it once per step,
 * never per frame, and the canvas itself does not re-render. With prefers-reduced-motion the
 * token jumps.
 */
import { memo, useEffect, useMemo, useRef } from 'react';
import { decodeStack } from '../../engine/wire/decode';
import {
  type LabState,
  selectFlowEvents,
  selectTopology,
  stepDurationMs,
  useLab,
} from '../../store';
import { useT } from '../i18n';
import { hopRoute } from '../trace/hop-route';
import { frameStepOf, placeOf, previousPlaceStep } from '../trace/step-context';

const selectOpen = (s: LabState) => s.timelineOpen;
const selectStep = (s: LabState) => s.playback.step;
const selectSpeed = (s: LabState) => s.playback.speed;
const selectOuter = (s: LabState) => s.trace.outer;

interface Point {
  x: number;
  y: number;
}

const SAMPLES = 24;

function placeElement(root: ParentNode, place: string): Element | null {
  const id = CSS.escape(place);
  return (
    root.querySelector(`[data-device-id="${id}"]`) ??
    root.querySelector(`[data-testid="netns.${id}"]`)
  );
}

/** Where the token rests on a place: on its top edge, so the chip's name stays readable. */
function restPoint(el: Element): Point {
  const r = el.getBoundingClientRect();
  return { x: r.left + r.width / 2, y: r.top };
}

/** Points along an edge's SVG path, in client coordinates. */
function edgePoints(root: ParentNode, edgeId: string): Point[] | null {
  const path = root.querySelector<SVGPathElement>(
    `.react-flow__edge[data-id="${CSS.escape(edgeId)}"] path.react-flow__edge-path`,
  );
  const ctm = path?.getScreenCTM();
  if (!path || !ctm) return null;
  const length = path.getTotalLength();
  const out: Point[] = [];
  for (let i = 0; i <= SAMPLES; i++) {
    const p = path.getPointAtLength((length * i) / SAMPLES);
    out.push({ x: ctm.a * p.x + ctm.c * p.y + ctm.e, y: ctm.b * p.x + ctm.d * p.y + ctm.f });
  }
  return out;
}

const dist = (a: Point, b: Point) => Math.hypot(a.x - b.x, a.y - b.y);

/** The polyline from `from` through each edge (each oriented to continue the line) to `to`. */
function travelLine(root: ParentNode, from: Point, edges: string[], to: Point): Point[] {
  const line: Point[] = [from];
  for (const id of edges) {
    const pts = edgePoints(root, id);
    if (!pts) continue;
    const last = line[line.length - 1];
    if (dist(last, pts[0]) > dist(last, pts[pts.length - 1])) pts.reverse();
    line.push(...pts);
  }
  line.push(to);
  return line;
}

function pointAlong(line: Point[], f: number): Point {
  let total = 0;
  for (let i = 1; i < line.length; i++) total += dist(line[i - 1], line[i]);
  let want = total * f;
  for (let i = 1; i < line.length; i++) {
    const d = dist(line[i - 1], line[i]);
    if (want <= d && d > 0) {
      const k = want / d;
      return {
        x: line[i - 1].x + (line[i].x - line[i - 1].x) * k,
        y: line[i - 1].y + (line[i].y - line[i - 1].y) * k,
      };
    }
    want -= d;
  }
  return line[line.length - 1];
}

const ease = (x: number) => (x < 0.5 ? 2 * x * x : 1 - (-2 * x + 2) ** 2 / 2);

function reducedMotion(): boolean {
  return window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;
}

/** The protocol the token is labelled with: the innermost of ARP, ICMP, UDP, TCP. */
function protocolOf(frame: Uint8Array | undefined, linktype: 'ethernet' | 'raw' | undefined) {
  if (!frame || !linktype) return '';
  const layers = decodeStack(frame, linktype);
  for (let i = layers.length - 1; i >= 0; i--) {
    const n = layers[i].name;
    if (n === 'ARP' || n === 'ICMP' || n === 'UDP' || n === 'TCP') return n;
  }
  return layers.find((l) => l.name === 'IPv4') ? 'IPv4' : '';
}

function PacketOverlayComponent() {
  const t = useT();
  const open = useLab(selectOpen);
  const events = useLab(selectFlowEvents);
  const step = useLab(selectStep);
  const speed = useLab(selectSpeed);
  const view = useLab(selectTopology);
  const outer = useLab(selectOuter);
  const rootRef = useRef<HTMLDivElement>(null);
  const tokenRef = useRef<HTMLDivElement>(null);
  const ringRef = useRef<HTMLDivElement>(null);
  const lastStep = useRef<{ events: unknown; step: number } | null>(null);

  const current = open ? events[step] : undefined;
  const frameEvent = events[frameStepOf(events, step)];
  const label = useMemo(() => protocolOf(frameEvent?.frame, frameEvent?.linktype), [frameEvent]);
  const badge = current ? outer.get(current.packetId) : undefined;
  const place = current ? placeOf(current) : null;
  const fromIndex = current ? previousPlaceStep(events, step) : -1;
  const from = fromIndex >= 0 ? placeOf(events[fromIndex]) : null;
  const route = useMemo(
    () => (from && place ? hopRoute(view, from, place).map((e) => e.id) : []),
    [view, from, place],
  );

  useEffect(() => {
    const root = rootRef.current?.parentElement;
    const token = tokenRef.current;
    const ring = ringRef.current;
    if (!root || !token || !ring || !place) return;
    // Animate only a step forward; a jump (back, start, end, a picked row) just shows the place.
    const prev = lastStep.current;
    const animate = !!from && prev?.events === events && prev.step === step - 1 && !reducedMotion();
    lastStep.current = { events, step };
    const duration = animate ? stepDurationMs(current, speed) * 0.8 : 0;
    const start = performance.now();
    let frame = 0;
    const tick = (now: number) => {
      const box = root.getBoundingClientRect();
      const target = placeElement(root, place);
      if (!target) {
        token.style.visibility = 'hidden';
        ring.style.visibility = 'hidden';
        frame = requestAnimationFrame(tick);
        return;
      }
      const to = restPoint(target);
      let at = to;
      const f = duration > 0 ? Math.min(1, (now - start) / duration) : 1;
      const source = from ? placeElement(root, from) : null;
      if (f < 1 && source) at = pointAlong(travelLine(root, restPoint(source), route, to), ease(f));
      token.style.visibility = 'visible';
      token.style.transform = `translate(${at.x - box.left}px, ${at.y - box.top}px)`;
      token.dataset.moving = f < 1 ? 'true' : 'false';
      const r = target.getBoundingClientRect();
      ring.style.visibility = 'visible';
      ring.style.transform = `translate(${r.left - box.left - 4}px, ${r.top - box.top - 4}px)`;
      ring.style.width = `${r.width + 8}px`;
      ring.style.height = `${r.height + 8}px`;
      // Keep following the chips while the canvas pans and zooms.
      frame = requestAnimationFrame(tick);
    };
    frame = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(frame);
  }, [place, from, route, events, step, speed, current]);

  if (!current || !place) return <div ref={rootRef} className="lab-packet-overlay" hidden />;
  const drop = current.verdict === 'drop';
  const dropText = drop
    ? t('token.drop', { device: current.device ?? place, reason: current.detail })
    : '';
  return (
    <div ref={rootRef} className="lab-packet-overlay" aria-hidden={!drop}>
      <div
        ref={ringRef}
        className={`lab-packet-ring${drop ? ' is-drop' : ''}${current.space === 'user' ? ' is-user' : ''}`}
        data-testid="packet-ring"
      >
        {drop && (
          <span
            className="lab-drop-marker"
            title={dropText}
            role="img"
            aria-label={dropText}
            data-testid="drop-marker"
          >
            ✕
          </span>
        )}
      </div>
      <div
        ref={tokenRef}
        className={`lab-token${badge ? ' has-outer' : ''}${drop ? ' is-drop' : ''}`}
        data-testid="packet-token"
        data-place={place}
        data-edges={route.join(' ')}
        title={current.detail}
      >
        <span className="lab-token__body">
          {badge && (
            <span
              className="lab-token__outer"
              title={t('timeline.outer')}
              data-testid="token-outer"
            >
              {badge}
            </span>
          )}
          <span className="lab-token__label">{label || '•'}</span>
        </span>
      </div>
    </div>
  );
}

export const PacketOverlay = memo(PacketOverlayComponent);
PacketOverlay.displayName = 'PacketOverlay';
