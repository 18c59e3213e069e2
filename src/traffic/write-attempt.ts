/** One write a traffic client tried, as it saw it. Times are epoch ms. */
export interface WriteAttempt {
  /** Which client: 'sentinel' (follows the sentinels) or 'direct' (the master's address at the start). */
  client: string;
  seq: number;
  key: string;
  value: string;
  startedAt: number;
  endedAt: number;
  /** Acknowledged: SET answered OK (and, with WAIT, enough replicas confirmed). */
  ok: boolean;
  /** The node that acknowledged it (or refused it), when known. */
  node?: string;
  error?: string;
}
