/**
 * An L2 segment between machines: the cable side of the world. It will forward frames as a
 * learning switch; for now it records which machine interfaces are plugged into it.
 */

export interface Port {
  machine: string;
  ifname: string;
}

export class Segment {
  readonly ports: Port[] = [];
  readonly name: string;
  /** The switch's MAC table: where each source MAC was last seen (net/switch.ts). */
  readonly macTable = new Map<number, { port: Port; updated: number }>();

  constructor(name: string) {
    this.name = name;
  }

  plug(port: Port): void {
    this.ports.push(port);
  }

  unplug(machine: string, ifname: string): boolean {
    const i = this.ports.findIndex((p) => p.machine === machine && p.ifname === ifname);
    if (i < 0) return false;
    this.ports.splice(i, 1);
    return true;
  }
}
