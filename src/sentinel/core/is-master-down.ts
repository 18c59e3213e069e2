// The answer to SENTINEL IS-MASTER-DOWN-BY-ADDR (the is-master-down-by-addr branch of sentinelCommand):
// whether we see that master down, and our vote when the asker runs an election (run id other than "*").

import { SRI_MASTER, SRI_S_DOWN } from '../constants.js';
import type { Engine } from './engine-state.js';
import { findInstance } from './instance-registry.js';
import { voteLeader } from './leader-election.js';

export interface IsMasterDownAnswer {
  down: 0 | 1;
  leader: string; // "*" when we did not vote
  leaderEpoch: number;
}

export function answerIsMasterDown(e: Engine, host: string, port: number, reqEpoch: number, runId: string): IsMasterDownAnswer {
  // The asker names the master as it announces it (IP, or hostname with announce-hostnames): it is resolved
  // and compared by IP or hostname (createSentinelAddr + sentinelAddrOrHostnameEqual).
  const ri = findInstance(e, e.state.masters, { host, port }, null);
  // In TILT our view of time is not trusted: never say down.
  const down = ri !== null && !e.state.tilt && ri.has(SRI_S_DOWN) && ri.has(SRI_MASTER) ? 1 : 0;
  let leader: string | null = null;
  let leaderEpoch = 0;
  if (ri !== null && ri.has(SRI_MASTER) && runId !== '*') {
    const vote = voteLeader(e, ri, reqEpoch, runId);
    leader = vote.leader;
    leaderEpoch = vote.epoch;
  }
  return { down, leader: leader ?? '*', leaderEpoch };
}
