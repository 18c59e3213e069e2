// Electing the sentinel that performs a failover (sentinel.c: sentinelVoteLeader, sentinelGetLeader).
// One vote per epoch; a winner needs an absolute majority of the sentinels we know and at least the quorum.

import { LogLevel, SENTINEL_MAX_DESYNC } from '../constants.js';
import type { Engine } from './engine-state.js';
import { emitEvent } from './events.js';
import type { Instance } from './instance.js';

/**
 * sentinelVoteLeader(): vote for `reqRunId` in `reqEpoch` unless we already voted in that epoch or a later one.
 * Returns our vote for the master's leader epoch (which may be an older vote, or none).
 */
export function voteLeader(e: Engine, master: Instance, reqEpoch: number, reqRunId: string): { leader: string | null; epoch: number } {
  const s = e.state;
  if (reqEpoch > s.currentEpoch) {
    s.currentEpoch = reqEpoch;
    e.io.flushConfig();
    emitEvent(e, LogLevel.WARNING, '+new-epoch', master, String(s.currentEpoch), false);
  }
  if (master.leaderEpoch < reqEpoch && s.currentEpoch <= reqEpoch) {
    const previous = master.leader;
    master.leader = reqRunId;
    master.leaderEpoch = s.currentEpoch;
    e.io.flushConfig();
    // sentinelVoteLeader's format is "%s %llu", without "%@": the message is only "<runid> <epoch>".
    emitEvent(e, LogLevel.WARNING, '+vote-for-leader', master, `${master.leader} ${master.leaderEpoch}`, false);
    e.io.explain({
      kind: 'vote',
      master: master.name,
      epoch: master.leaderEpoch,
      votedFor: reqRunId,
      requestedBy: reqRunId,
      reason: previous === null ? `first request in epoch ${reqEpoch}` : `epoch ${reqEpoch} is newer than our last vote (for ${previous})`,
    });
    // Having voted for someone else, wait before trying a failover of our own.
    if (master.leader.toLowerCase() !== s.myid.toLowerCase()) {
      master.failoverStartTime = e.io.now() + Math.floor(e.io.random() * SENTINEL_MAX_DESYNC);
    }
  }
  return { leader: master.leader, epoch: master.leaderEpoch };
}

/** The other sentinels' votes in `epoch`, counted per candidate (pure). */
export function countVotes(master: Instance, epoch: number): Map<string, number> {
  const counters = new Map<string, number>();
  for (const si of master.sentinels.values()) {
    if (si.leader !== null && si.leaderEpoch === epoch) counters.set(si.leader, (counters.get(si.leader) ?? 0) + 1);
  }
  return counters;
}

/** The most voted candidate; on a tie the first counted keeps it (dict order in sentinel.c). */
export function mostVoted(counters: Map<string, number>): { winner: string | null; votes: number } {
  let winner: string | null = null;
  let votes = 0;
  for (const [runId, n] of counters) {
    if (n > votes) {
      votes = n;
      winner = runId;
    }
  }
  return { winner, votes };
}

/**
 * sentinelGetLeader(): the leader for `epoch`, or null. We add our own vote: for the most voted candidate if
 * there is one, else for ourselves.
 */
export function getLeader(e: Engine, master: Instance, epoch: number): string | null {
  const voters = master.sentinels.size + 1;
  const counters = countVotes(master, e.state.currentEpoch);
  let { winner, votes } = mostVoted(counters);
  const myVote = voteLeader(e, master, epoch, winner ?? e.state.myid);
  if (myVote.leader !== null && myVote.epoch === epoch) {
    const n = (counters.get(myVote.leader) ?? 0) + 1;
    counters.set(myVote.leader, n);
    if (n > votes) {
      votes = n;
      winner = myVote.leader;
    }
  }
  const needed = Math.max(Math.floor(voters / 2) + 1, master.quorum);
  if (winner !== null && votes < needed) winner = null;
  e.io.explain({ kind: 'leader', master: master.name, epoch, winner, votes: Object.fromEntries(counters), voters, needed });
  return winner;
}
