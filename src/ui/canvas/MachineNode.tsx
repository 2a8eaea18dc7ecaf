import { Handle, type NodeProps, Position } from '@xyflow/react';
import { memo } from 'react';
import { MachineIcon } from '../app/icons';
import { useT } from '../i18n';
import { MACHINE_SIZE, type MachineFlowNode } from './flow-mapping';

function MachineNodeComponent({ id, data, selected }: NodeProps<MachineFlowNode>) {
  const t = useT();
  return (
    <div
      className={`lab-machine lab-machine--${data.kind}${selected ? ' is-selected' : ''}`}
      style={{ minWidth: MACHINE_SIZE.width, height: MACHINE_SIZE.height }}
      data-testid={`node.${id}`}
    >
      <span className="lab-machine__icon">
        <MachineIcon kind={data.kind} size={26} />
      </span>
      <span className="lab-machine__text">
        <span className="lab-machine__name">{data.name}</span>
        <span className="lab-machine__kind">
          {t(data.kind === 'router' ? 'kind.router' : 'kind.host')}
        </span>
      </span>
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
