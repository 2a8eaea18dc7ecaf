import { Handle, type NodeProps, Position, useUpdateNodeInternals } from '@xyflow/react';
import { type MouseEvent, memo, useEffect } from 'react';
import { containerNetns, useLabStore } from '../../store';
import { BridgeIcon, ContainerIcon, MachineIcon } from '../app/icons';
import { type Translate, useT } from '../i18n';
import {
  bottomHandle,
  type DeviceChip,
  isTunnelEnd,
  leftHandle,
  MACHINE_SIZE,
  type MachineFlowNode,
  type NetnsBox,
  rightHandle,
  topHandle,
} from './flow-mapping';

/** The handle of a namespace box: drag from it to a bridge to plug the namespace in. */
export const netnsHandleId = (netns: string) => `ns:${netns}`;

const STATE_TEXT = {
  up: 'device.state.up',
  nocarrier: 'device.state.nocarrier',
  down: 'device.state.down',
} as const;

/** An anchor of a chip for the edges the canvas draws (never dragged from). */
function ChipHandle(props: { type: 'source' | 'target'; id: string; position: Position }) {
  return <Handle {...props} className="lab-chip__handle" isConnectable={false} />;
}

function Chip({ chip, selected, t }: { chip: DeviceChip; selected: boolean; t: Translate }) {
  return (
    <div
      className={`lab-chip lab-chip--${chip.kind}${selected ? ' is-selected' : ''}`}
      data-device-id={chip.id}
      data-kind={chip.kind}
      data-testid={`device.${chip.id}`}
      title={`${chip.name} (${chip.kind}) — ${t(STATE_TEXT[chip.state])}`}
    >
      <ChipHandle type="target" id={topHandle(chip.id)} position={Position.Top} />
      <span className="lab-chip__head">
        <span
          className={`lab-dot lab-dot--${chip.state}`}
          role="img"
          aria-label={t(STATE_TEXT[chip.state])}
        />
        {chip.kind === 'bridge' && <BridgeIcon size={14} />}
        <span className="lab-chip__name">{chip.name}</span>
      </span>
      {chip.addrs.map((a) => (
        <span key={a} className="lab-chip__addr">
          {a}
        </span>
      ))}
      <ChipHandle type="source" id={bottomHandle(chip.id)} position={Position.Bottom} />
      {/* Tunnels leave a VTEP or TUN device sideways, towards the other host. */}
      {isTunnelEnd(chip.kind) && (
        <>
          <ChipHandle type="target" id={leftHandle(chip.id)} position={Position.Left} />
          <ChipHandle type="source" id={rightHandle(chip.id)} position={Position.Right} />
        </>
      )}
    </div>
  );
}

/** The container whose shell a container box opens: a pod's app (pause has no shell). */
function execName(box: NetnsBox): string | null {
  const c = box.container;
  if (!c) return null;
  return c.pod !== null && c.joined.length > 0 ? c.joined[0].name : c.name;
}

/** The label of a container's namespace: its name and image, or the pod and its containers. */
function ContainerTitle({ box, t }: { box: NetnsBox; t: Translate }) {
  const c = box.container;
  if (!c) return null;
  const short = (image: string) => image.replace(/^.*\//, '');
  if (c.pod !== null) {
    return (
      <div className="lab-ns__label lab-ns__label--pod">
        <span className="lab-ns__kind">{t('canvas.podLabel', { name: c.pod })}</span>
        <span className="lab-ns__members">
          <span className="lab-ns__member">
            {c.name}
            {c.image && <span className="lab-ns__image">{short(c.image)}</span>}
          </span>
          {c.joined.map((j) => (
            <span key={j.name} className="lab-ns__member">
              {j.name}
              <span className="lab-ns__image">{short(j.image)}</span>
            </span>
          ))}
        </span>
      </div>
    );
  }
  return (
    <div className="lab-ns__label lab-ns__label--container">
      <ContainerIcon size={12} />
      <span className="lab-ns__cname">{c.name}</span>
      {c.image && <span className="lab-ns__image">{short(c.image)}</span>}
      {c.joined.length > 0 && (
        <span className="lab-ns__shared">
          {t('canvas.sharedWith', { names: c.joined.map((j) => j.name).join(', ') })}
        </span>
      )}
    </div>
  );
}

function Namespace({
  box,
  machine,
  selectedInner,
  t,
}: {
  box: NetnsBox;
  machine: string;
  selectedInner: string | null;
  t: Translate;
}) {
  const store = useLabStore();
  const pick = (event: MouseEvent) => {
    const chip = (event.target as HTMLElement).closest('[data-device-id]');
    // A click on the root namespace's background is a click on the host itself.
    if (!chip && box.name === null) return;
    event.stopPropagation();
    store.getState().select(chip?.getAttribute('data-device-id') ?? box.id);
  };
  const exec = execName(box);
  const open = (event: MouseEvent) => {
    event.stopPropagation();
    void store.getState().openTerminal(machine, exec ? containerNetns(exec) : box.name);
  };
  const root = box.name === null;
  const kind = box.container
    ? box.container.pod !== null
      ? ' lab-ns--pod'
      : ' lab-ns--container'
    : '';
  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: the inspector and the Del key offer the same by keyboard
    // biome-ignore lint/a11y/noStaticElementInteractions: a box on a canvas, selected like the nodes around it
    <div
      className={`lab-ns${root ? ' lab-ns--root' : ''}${kind}${selectedInner === box.id ? ' is-selected' : ''}`}
      data-netns-id={box.id}
      data-testid={`netns.${box.id}`}
      onClick={pick}
      onDoubleClick={open}
      title={t(box.container ? 'canvas.containerHint' : 'canvas.netnsHint')}
    >
      {box.container ? (
        <ContainerTitle box={box} t={t} />
      ) : (
        <div className="lab-ns__label">{root ? t('canvas.rootNetns') : box.name}</div>
      )}
      {box.rows.length === 0 && <div className="lab-ns__empty">{t('canvas.noDevices')}</div>}
      {box.rows.map((row) => (
        <div key={row[0].id} className="lab-ns__row">
          {row.map((chip) => (
            <Chip key={chip.id} chip={chip} selected={selectedInner === chip.id} t={t} />
          ))}
        </div>
      ))}
      {!root && box.name !== null && !box.container && (
        <Handle
          type="source"
          id={netnsHandleId(box.name)}
          position={Position.Bottom}
          className="lab-handle lab-handle--netns"
          title={t('canvas.netnsConnectHint')}
        />
      )}
    </div>
  );
}

function MachineNodeComponent({ id, data, selected }: NodeProps<MachineFlowNode>) {
  const t = useT();
  const updateNodeInternals = useUpdateNodeInternals();
  // Chips move inside the node when devices come and go: React Flow must re-read the handles.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the content is the trigger
  useEffect(() => {
    updateNodeInternals(id);
  }, [id, data.namespaces, data.collapsed, updateNodeInternals]);

  const kindText = t(data.kind === 'router' ? 'kind.router' : 'kind.host');
  const className = `lab-machine lab-machine--${data.kind}${selected ? ' is-selected' : ''}`;
  if (data.collapsed) {
    return (
      <div
        className={`${className} lab-machine--compact`}
        style={{ minWidth: MACHINE_SIZE.width, height: MACHINE_SIZE.height }}
        data-testid={`node.${id}`}
      >
        <span className="lab-machine__icon">
          <MachineIcon kind={data.kind} size={26} />
        </span>
        <span className="lab-machine__text">
          <span className="lab-machine__name">{data.name}</span>
          <span className="lab-machine__kind" data-testid="machine-counts">
            {t('canvas.counts', { netns: data.netnsCount, devices: data.deviceCount })}
          </span>
        </span>
        <Handle type="source" position={Position.Bottom} className="lab-handle" />
      </div>
    );
  }
  return (
    <div className={`${className} lab-machine--group`} data-testid={`node.${id}`}>
      <div className="lab-machine__header">
        <span className="lab-machine__icon">
          <MachineIcon kind={data.kind} size={22} />
        </span>
        <span className="lab-machine__name">{data.name}</span>
        <span className="lab-machine__kind">{kindText}</span>
        {data.daemons.map((d) => (
          <span
            key={d}
            className="lab-machine__daemon"
            title={t('canvas.daemonRunning', { name: d })}
            data-testid={`daemon.${data.name}.${d}`}
          >
            {d}
          </span>
        ))}
        {data.hostname !== data.name && (
          <span className="lab-machine__hostname">
            {t('canvas.hostnameIs', { hostname: data.hostname })}
          </span>
        )}
      </div>
      {data.namespaces.some((b) => b.name !== null) && (
        <div className="lab-machine__named">
          {data.namespaces
            .filter((b) => b.name !== null)
            .map((box) => (
              <Namespace
                key={box.id}
                box={box}
                machine={data.name}
                selectedInner={data.selectedInner}
                t={t}
              />
            ))}
        </div>
      )}
      {data.namespaces
        .filter((b) => b.name === null)
        .map((box) => (
          <Namespace
            key={box.id}
            box={box}
            machine={data.name}
            selectedInner={data.selectedInner}
            t={t}
          />
        ))}
      <Handle
        type="source"
        position={Position.Bottom}
        className="lab-handle"
        title={t('palette.cableHint')}
      />
    </div>
  );
}

export const MachineNode = memo(MachineNodeComponent);
MachineNode.displayName = 'MachineNode';
