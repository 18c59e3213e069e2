// The global state of one sentinel (the `sentinel` struct of sentinel.c), plus the io it acts through.

import type { Timing } from '../constants.js';
import type { EngineIo } from './engine-io.js';
import type { Instance } from './instance.js';
import type { LabFaults } from './lab-faults.js';

export interface SentinelState {
  myid: string;
  currentEpoch: number;
  masters: Map<string, Instance>;
  tilt: boolean;
  tiltStartTime: number;
  previousTime: number;
  announceIp: string | null;
  announcePort: number;
  /** The port we listen on, announced when announcePort is 0. */
  port: number;
  simFailureFlags: number;
  denyScriptsReconfig: boolean;
  resolveHostnames: boolean;
  announceHostnames: boolean;
  sentinelAuthUser: string | null;
  sentinelAuthPass: string | null;
  /** requirepass of this sentinel: also used to authenticate to other sentinels when no sentinel-pass is set. */
  requirePass: string | null;
  timing: Timing;
  /** Faults a lab switched on (not in sentinel.c; see lab-faults.ts). Empty unless LABFAULT SET was used. */
  labFaults: LabFaults;
}

/** The state and the io together: what every decision function receives. */
export interface Engine {
  state: SentinelState;
  io: EngineIo;
}
