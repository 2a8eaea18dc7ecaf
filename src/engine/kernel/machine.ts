/**
 * A simulated Linux machine. For now it holds what the shell needs (name, hostname, named netns);
 * the network stack (devices, FIB, neighbours, netfilter, sockets per netns) grows here.
 */
import type { MachineKind } from '../api/types';
import { Rng } from '../sim/rng';

export class Machine {
  hostname: string;
  /** Named network namespaces, in creation order (`ip netns list` prints newest first). */
  readonly netns: string[] = [];
  /** This machine's own random stream: MACs, ports and ids never depend on other machines. */
  readonly rng: Rng;

  readonly name: string;
  readonly kind: MachineKind;

  constructor(name: string, kind: MachineKind, seed: number) {
    this.name = name;
    this.kind = kind;
    this.hostname = name;
    this.rng = Rng.forName(seed, name);
  }
}
