/** Small inline SVG icons (no icon font: the CSP allows no remote assets, and SVG stays sharp on projectors). */
import type { ReactNode } from 'react';
import type { MachineKind } from '../../engine/api/types';

interface IconProps {
  size?: number;
}

function Svg({ size = 22, children }: IconProps & { children: ReactNode }) {
  return (
    <svg
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.8"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      {children}
    </svg>
  );
}

const SHAPES = {
  host: (
    <>
      <rect x="3" y="4" width="18" height="12" rx="2" />
      <path d="M8 20h8M12 16v4" />
    </>
  ),
  router: (
    <>
      <circle cx="12" cy="12" r="8.5" />
      <path d="M8 9.5h6.5m0 0-2-2m2 2-2 2M16 14.5H9.5m0 0 2-2m-2 2 2 2" strokeWidth="1.6" />
    </>
  ),
  segment: (
    <>
      <rect x="2.5" y="13" width="19" height="5" rx="2.5" />
      <path d="M6 13V7M12 13V5M18 13V7" />
    </>
  ),
};

export const HostIcon = ({ size }: IconProps) => <Svg size={size}>{SHAPES.host}</Svg>;
export const RouterIcon = ({ size }: IconProps) => <Svg size={size}>{SHAPES.router}</Svg>;
export const SegmentIcon = ({ size }: IconProps) => <Svg size={size}>{SHAPES.segment}</Svg>;

export function MachineIcon({ kind, size }: IconProps & { kind: MachineKind }) {
  return <Svg size={size}>{SHAPES[kind]}</Svg>;
}
