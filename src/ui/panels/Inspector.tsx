import { type FormEvent, type ReactNode, Suspense, useEffect, useState } from 'react';
import type {
  DeviceView,
  MachineView,
  NetnsView,
  SegmentView,
  TopologyView,
} from '../../engine/api/types';
import {
  containerOfNetns,
  isHostname,
  isIpv4Cidr,
  isMtu,
  netnsContainers,
  parseInnerId,
  selectContainers,
  selectCurrentEvent,
  selectSelectedId,
  selectTables,
  selectTopology,
  targetOf,
  useLab,
  useLabStore,
} from '../../store';
import {
  BridgeIcon,
  ContainerIcon,
  MachineIcon,
  NetnsIcon,
  PodIcon,
  SegmentIcon,
} from '../app/icons';
import { chipState } from '../canvas/flow-mapping';
import { type Translate, useT } from '../i18n';
import { lazyNamed } from '../lazy';

const PacketInspector = lazyNamed(() =>
  import('../trace/PacketInspector').then((m) => m.PacketInspector),
);

/** Where the tables were read: a container's by its name (they come from `docker exec`). */
function tablesWhere(key: string): string {
  const i = key.indexOf(':');
  const container = i < 0 ? null : containerOfNetns(key.slice(i + 1));
  return container === null ? key : `${container} (docker exec)`;
}

type Selected =
  | { kind: 'machine'; machine: MachineView }
  | { kind: 'segment'; segment: SegmentView }
  | { kind: 'netns'; machine: MachineView; netns: NetnsView }
  | { kind: 'device'; machine: MachineView; netns: NetnsView; device: DeviceView };

/** What a view id points at in the topology view. */
export function resolveSelection(view: TopologyView | null, id: string | null): Selected | null {
  if (!view || !id) return null;
  const machine = view.machines.find((m) => m.id === id);
  if (machine) return { kind: 'machine', machine };
  const segment = view.segments.find((s) => s.id === id);
  if (segment) return { kind: 'segment', segment };
  const inner = parseInnerId(id);
  const m = inner && view.machines.find((x) => x.name === inner.machine);
  const netns = m?.namespaces.find((n) => n.name === inner?.netns);
  if (!inner || !m || !netns) return null;
  if (inner.kind === 'netns') return { kind: 'netns', machine: m, netns };
  const device = netns.devices.find((d) => d.id === id);
  return device ? { kind: 'device', machine: m, netns, device } : null;
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

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="lab-inspector__fact">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/** A one-field form: validated on submit, the field keeps the text when the command fails. */
function InlineForm({
  label,
  initial = '',
  placeholder,
  valid,
  invalidText,
  action,
  onSubmit,
  testId,
}: {
  label: string;
  initial?: string;
  placeholder?: string;
  valid: (text: string) => boolean;
  invalidText: string;
  action: string;
  onSubmit: (text: string) => Promise<boolean>;
  testId: string;
}) {
  const [text, setText] = useState(initial);
  const [touched, setTouched] = useState(false);
  const bad = touched && text.trim() !== '' && !valid(text.trim());
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (!valid(text.trim())) return;
    if ((await onSubmit(text.trim())) && initial === '') {
      setText('');
      setTouched(false);
    }
  };
  return (
    <form className="lab-inline-form" onSubmit={(e) => void submit(e)}>
      <input
        className={`lab-input mono${bad ? ' is-invalid' : ''}`}
        aria-label={label}
        aria-invalid={bad}
        value={text}
        placeholder={placeholder}
        spellCheck={false}
        autoComplete="off"
        onChange={(e) => {
          setText(e.target.value);
          setTouched(true);
        }}
        data-testid={testId}
      />
      <button type="submit" className="lab-button lab-button--small" disabled={bad}>
        {action}
      </button>
      {bad && (
        <span className="lab-inline-form__error" role="alert">
          {invalidText}
        </span>
      )}
    </form>
  );
}

function MachineDetails({ m, t }: { m: MachineView; t: Translate }) {
  const store = useLabStore();
  const cables = useLab(selectTopology)?.cables.filter((c) => c.machine === m.name) ?? [];
  return (
    <>
      <Fact label={t('inspector.kind')}>
        {t(m.kind === 'router' ? 'kind.router' : 'kind.host')}
      </Fact>
      <Fact label={t('inspector.hostname')}>
        <InlineForm
          key={m.hostname}
          label={t('inspector.hostname')}
          initial={m.hostname}
          valid={isHostname}
          invalidText={t('inspector.badHostname')}
          action={t('inspector.rename')}
          onSubmit={(name) => store.getState().setHostname(m.name, name)}
          testId="inspector.hostname"
        />
        <p className="lab-inspector__note">{t('inspector.noRename')}</p>
      </Fact>
      <Fact label={t('inspector.ipForward')}>
        <label className="lab-switch">
          <input
            type="checkbox"
            checked={m.ipForward}
            onChange={(e) => void store.getState().setIpForward(m.name, e.target.checked)}
            data-testid="inspector.ipForward"
          />
          <span className="mono">net.ipv4.ip_forward = {m.ipForward ? 1 : 0}</span>
        </label>
      </Fact>
      <Fact label={t('inspector.netns')}>
        <List items={m.netns} none={t('inspector.netnsNone')} />
      </Fact>
      <Fact label={t('inspector.cables')}>
        <List
          items={cables.map((c) => `${c.ifname} → ${c.segment}`)}
          none={t('inspector.cablesNone')}
        />
      </Fact>
    </>
  );
}

function NetnsDetails({ ns, t }: { ns: NetnsView; t: Translate }) {
  return (
    <Fact label={t('inspector.devices')}>
      <List
        items={ns.devices.map((d) => `${d.name} (${d.kind})`)}
        none={t('inspector.devicesNone')}
      />
    </Fact>
  );
}

function peerText(peerId: string | undefined): string {
  const peer = peerId ? parseInnerId(peerId) : null;
  if (peer?.kind !== 'device') return '';
  return peer.netns ? `${peer.name} (netns ${peer.netns})` : peer.name;
}

function DeviceDetails({ d, t }: { d: DeviceView; t: Translate }) {
  const store = useLabStore();
  const state = chipState(d);
  return (
    <>
      <Fact label={t('inspector.kind')}>{d.kind}</Fact>
      <Fact label={t('inspector.state')}>
        <span className="lab-state">
          <span className={`lab-dot lab-dot--${state}`} aria-hidden="true" />
          <span className="mono">{d.operstate}</span>
          <button
            type="button"
            className="lab-button lab-button--small"
            onClick={() => void store.getState().setDeviceUp(d.id, !d.up)}
            data-testid="inspector.toggleUp"
          >
            {t(d.up ? 'inspector.setDown' : 'inspector.setUp')}
          </button>
        </span>
      </Fact>
      <Fact label={t('inspector.mac')}>
        <span className="mono">{d.mac}</span>
      </Fact>
      <Fact label={t('inspector.mtu')}>
        <InlineForm
          key={d.mtu}
          label={t('inspector.mtu')}
          initial={String(d.mtu)}
          valid={isMtu}
          invalidText={t('inspector.badMtu')}
          action={t('inspector.set')}
          onSubmit={(mtu) => store.getState().setMtu(d.id, mtu)}
          testId="inspector.mtu"
        />
      </Fact>
      <Fact label={t('inspector.addresses')}>
        {d.addrs.length === 0 ? (
          <span className="muted">{t('inspector.addressesNone')}</span>
        ) : (
          <ul className="lab-inspector__list mono">
            {d.addrs.map((a) => (
              <li key={a} className="lab-addr">
                {a}
                <button
                  type="button"
                  className="lab-addr__del"
                  aria-label={t('inspector.delAddress', { addr: a })}
                  title={t('inspector.delAddress', { addr: a })}
                  onClick={() => void store.getState().delAddress(d.id, a)}
                >
                  ×
                </button>
              </li>
            ))}
          </ul>
        )}
        <InlineForm
          label={t('inspector.addAddress')}
          placeholder="172.17.0.2/16"
          valid={isIpv4Cidr}
          invalidText={t('inspector.badAddress')}
          action={t('inspector.add')}
          onSubmit={(cidr) => store.getState().addAddress(d.id, cidr)}
          testId="inspector.address"
        />
      </Fact>
      {d.master && (
        <Fact label={t('inspector.master')}>
          <span className="mono">{d.master}</span>
        </Fact>
      )}
      {d.peer && (
        <Fact label={t('inspector.peer')}>
          <span className="mono">{peerText(d.peer)}</span>
        </Fact>
      )}
      {d.vni !== undefined && (
        <Fact label="VNI">
          <span className="mono">{d.vni}</span>
        </Fact>
      )}
    </>
  );
}

/** The live tables of the selection's namespace, exactly as the commands print them. */
function Tables({ t }: { t: Translate }) {
  const tables = useLab(selectTables);
  if (!tables) return null;
  return (
    <section className="lab-tables" data-testid="inspector.tables">
      <h3 className="lab-tables__title">
        {t('inspector.tables', { where: tablesWhere(tables.key) })}
      </h3>
      {tables.rows.map((row) => (
        <div key={row.command} className="lab-table">
          <div className="lab-table__command mono">
            <span className="muted">#</span> {row.command}
          </div>
          <pre className="lab-table__text" data-testid={`table.${row.command}`}>
            {row.text.trimEnd() || t('inspector.tableEmpty')}
          </pre>
        </div>
      ))}
    </section>
  );
}

/** Details of the selection (machine, segment, namespace or device) and its live tables. */
export function Inspector() {
  const t = useT();
  const store = useLabStore();
  const view = useLab(selectTopology);
  const selectedId = useLab(selectSelectedId);
  const sel = resolveSelection(view, selectedId);
  const containers = useLab(selectContainers);
  const target = targetOf(view, selectedId, containers);
  const timelineOpen = useLab((s) => s.timelineOpen);
  const hasStep = useLab((s) => selectCurrentEvent(s) !== undefined);
  const step = useLab((s) => s.playback.step);
  const flow = useLab((s) => s.playback.flow);
  const [tab, setTab] = useState<'packet' | 'selection'>('packet');
  // A click on the canvas shows what was clicked; a new step shows the packet again.
  useEffect(() => {
    if (selectedId) setTab('selection');
  }, [selectedId]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new step or flow is the trigger
  useEffect(() => setTab('packet'), [step, flow]);
  const showTabs = timelineOpen && hasStep;

  let icon: ReactNode = null;
  let name = '';
  let body: ReactNode = null;
  let deletable = true;
  if (sel?.kind === 'machine') {
    icon = <MachineIcon kind={sel.machine.kind} size={28} />;
    name = sel.machine.name;
    body = <MachineDetails m={sel.machine} t={t} />;
  } else if (sel?.kind === 'segment') {
    icon = <SegmentIcon size={28} />;
    name = sel.segment.name;
    const cables = view?.cables.filter((c) => c.segment === sel.segment.name) ?? [];
    body = (
      <>
        <Fact label={t('inspector.kind')}>{t('kind.segment')}</Fact>
        <Fact label={t('inspector.cables')}>
          <List
            items={cables.map((c) => `${c.machine} ${c.ifname}`)}
            none={t('inspector.cablesNone')}
          />
        </Fact>
      </>
    );
  } else if (sel?.kind === 'netns' && containerOfNetns(sel.netns.name) !== null) {
    const owner = containerOfNetns(sel.netns.name) ?? '';
    const c = netnsContainers(owner, containers[sel.machine.name] ?? []);
    icon = c.pod !== null ? <PodIcon size={28} /> : <ContainerIcon size={28} />;
    name = c.pod ?? owner;
    body = (
      <>
        <Fact label={t('inspector.kind')}>{t(c.pod !== null ? 'kind.pod' : 'kind.container')}</Fact>
        <Fact label={t('inspector.machine')}>{sel.machine.name}</Fact>
        <Fact label={t('inspector.container')}>
          <span className="mono">{owner}</span>
        </Fact>
        {c.owner.image && (
          <Fact label={t('inspector.image')}>
            <span className="mono">{c.owner.image}</span>
          </Fact>
        )}
        {c.joined.length > 0 && (
          <Fact label={t('inspector.sharedWith')}>
            <List items={c.joined.map((j) => `${j.name} (${j.image})`)} none="" />
          </Fact>
        )}
        <NetnsDetails ns={sel.netns} t={t} />
      </>
    );
  } else if (sel?.kind === 'netns') {
    icon = <NetnsIcon size={28} />;
    name = sel.netns.name ?? t('canvas.rootNetns');
    deletable = sel.netns.name !== null;
    body = (
      <>
        <Fact label={t('inspector.kind')}>{t('kind.netns')}</Fact>
        <Fact label={t('inspector.machine')}>{sel.machine.name}</Fact>
        <NetnsDetails ns={sel.netns} t={t} />
      </>
    );
  } else if (sel?.kind === 'device') {
    icon = sel.device.kind === 'bridge' ? <BridgeIcon size={28} /> : <NetnsIcon size={28} />;
    name = sel.device.name;
    body = (
      <>
        <Fact label={t('inspector.where')}>
          <span className="mono">
            {sel.machine.name}
            {sel.netns.name ? `:${sel.netns.name}` : ''}
          </span>
        </Fact>
        <DeviceDetails d={sel.device} t={t} />
      </>
    );
  }

  return (
    <aside className="lab-inspector" aria-label={t('inspector.title')} data-testid="inspector">
      <h2 className="lab-panel-title">{t('inspector.title')}</h2>
      {showTabs && (
        <div className="lab-inspector__tabs" role="tablist">
          {(['packet', 'selection'] as const).map((k) => (
            <button
              key={k}
              type="button"
              role="tab"
              aria-selected={tab === k}
              className={tab === k ? 'is-active' : undefined}
              onClick={() => setTab(k)}
              data-testid={`inspector.tab.${k}`}
            >
              {k === 'packet' ? t('packet.tab') : t('packet.selectionTab')}
            </button>
          ))}
        </div>
      )}
      {showTabs && tab === 'packet' ? (
        <Suspense fallback={null}>
          <PacketInspector />
        </Suspense>
      ) : !sel || !selectedId ? (
        <p className="lab-inspector__empty">{t('inspector.empty')}</p>
      ) : (
        <>
          <div className="lab-inspector__head">
            {icon}
            <span className="lab-inspector__name" data-testid="inspector.name">
              {name}
            </span>
          </div>
          <dl className="lab-inspector__facts" key={selectedId}>
            {body}
          </dl>
          <div className="lab-inspector__actions">
            {target && (
              <button
                type="button"
                className="lab-button lab-button--primary"
                onClick={() => void store.getState().openTerminal(target.machine, target.netns)}
              >
                {t('inspector.openTerminal')}
              </button>
            )}
            {sel?.kind === 'machine' && (
              <button
                type="button"
                className="lab-button"
                title={t('canvas.duplicateHint')}
                onClick={() => void store.getState().duplicateNode(selectedId)}
                data-testid="inspector.duplicate"
              >
                {t('inspector.duplicate')}
              </button>
            )}
            {deletable && (
              <button
                type="button"
                className="lab-button lab-button--danger"
                onClick={() => void store.getState().deleteNode(selectedId)}
                data-testid="inspector.delete"
              >
                {t('inspector.delete')}
              </button>
            )}
          </div>
          <Tables t={t} />
        </>
      )}
    </aside>
  );
}
