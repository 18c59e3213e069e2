// Structured reasons for the engine's decisions, for people: why an instance is down, who voted for whom,
// why a replica was chosen. Published on ENGINE_EXPLAIN_CHANNEL when the engine runs with --explain.

export type Explanation =
  | { kind: 'sdown'; instance: string; reason: string; elapsedMs: number; downAfterMs: number }
  | { kind: 'odown'; master: string; votes: number; quorum: number; agreeing: string[] }
  | { kind: 'vote'; master: string; epoch: number; votedFor: string; requestedBy: string; reason: string }
  | { kind: 'leader'; master: string; epoch: number; winner: string | null; votes: Record<string, number>; voters: number; needed: number }
  | { kind: 'replica-selection'; master: string; chosen: string | null; candidates: ReplicaVerdict[] }
  | { kind: 'failover'; master: string; epoch: number; step: string; detail: string };

export interface ReplicaVerdict {
  replica: string;
  eligible: boolean;
  /** Why it was left out, or how it ranked. */
  reason: string;
  priority: number;
  offset: number;
  runId: string | null;
}

/** One sentence for people: what the engine decided and why. */
export function describeExplanation(x: Explanation, nameOf: (runId: string) => string = shortRunId): string {
  const short = nameOf;
  switch (x.kind) {
    case 'sdown':
      return `${x.instance} is subjectively down: ${x.reason}`;
    case 'odown':
      return `${x.master} is objectively down: ${x.votes} of quorum ${x.quorum} sentinels agree (${x.agreeing.map(short).join(', ')})`;
    case 'vote':
      return `voted for ${short(x.votedFor)} as failover leader of ${x.master} in epoch ${x.epoch}: ${x.reason}`;
    case 'leader': {
      const tally =
        Object.entries(x.votes)
          .map(([id, n]) => `${short(id)}=${n}`)
          .join(', ') || 'no votes yet';
      return x.winner
        ? `${short(x.winner)} leads the failover of ${x.master} in epoch ${x.epoch} with ${x.votes[x.winner] ?? 0} of ${x.voters} votes (needs ${x.needed}: majority and quorum)`
        : `no leader yet for ${x.master} in epoch ${x.epoch}: ${tally}; ${x.needed} of ${x.voters} needed`;
    }
    case 'replica-selection': {
      const parts = x.candidates.map((c) => `${c.replica} ${c.eligible ? '' : 'excluded: '}${c.reason}`);
      return `${x.chosen ? `chose ${x.chosen}` : 'no replica can be promoted'} for ${x.master} (${parts.join('; ')})`;
    }
    case 'failover':
      return `${x.master} epoch ${x.epoch} ${x.step}: ${x.detail}`;
  }
}

/** Run ids are 40 hex digits; 8 are enough to tell sentinels apart, as in their CLIENT SETNAME. */
export function shortRunId(id: string): string {
  return /^[0-9a-f]{40}$/i.test(id) ? id.slice(0, 8) : id;
}
