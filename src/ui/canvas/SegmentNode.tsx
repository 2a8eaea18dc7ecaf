import { Handle, type NodeProps, Position } from '@xyflow/react';
import { memo } from 'react';
import { SegmentIcon } from '../app/icons';
import { useT } from '../i18n';
import { SEGMENT_HEIGHT, type SegmentFlowNode } from './flow-mapping';

function SegmentNodeComponent({ id, data, selected }: NodeProps<SegmentFlowNode>) {
  const t = useT();
  return (
    <div
      className={`lab-segment${selected ? ' is-selected' : ''}`}
      style={{ width: data.width, height: SEGMENT_HEIGHT }}
      data-testid={`node.${id}`}
      title={t('kind.segment')}
    >
      <Handle
        type="target"
        position={Position.Top}
        className="lab-handle lab-handle--target"
        isConnectableStart={false}
      />
      <SegmentIcon size={20} />
      <span className="lab-segment__name">{data.name}</span>
    </div>
  );
}

export const SegmentNode = memo(SegmentNodeComponent);
SegmentNode.displayName = 'SegmentNode';
