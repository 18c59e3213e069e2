/** How a scenario loads the master while it runs: as applications do, through the sentinels or directly. */
export interface TrafficOptions {
  /** sentinel: ioredis with `sentinels:`, following the master; direct: the master's address at the start, forever. */
  clients: TrafficClientKind[];
  /** Writes per second, per client. */
  rate: number;
  /** A write counts as acknowledged only once WAIT confirms it on this many replicas. */
  wait?: { replicas: number; timeoutMs: number };
}

export type TrafficClientKind = 'sentinel' | 'direct';
export const trafficClientKinds: TrafficClientKind[] = ['sentinel', 'direct'];

export const defaultTraffic: TrafficOptions = { clients: ['sentinel'], rate: 100 };

/** Thresholds a scenario can assert on the traffic once the lab has settled. */
export interface TrafficExpectations {
  /** The longest outage any client may see. */
  maxOutageMs?: number;
  maxLost?: number;
  minLost?: number;
  /** No lost write may have been acknowledged later than this after the fault (until a heal step, if any). */
  noLostAfterMs?: number;
}
