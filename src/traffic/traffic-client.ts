import { Redis } from 'ioredis';
import type { Clock } from '../common/clock.js';
import { describeError } from '../common/errors.js';
import type { LabNode, Topology } from '../topology/topology.js';
import { sentinelNodes } from '../topology/topology.js';
import type { TrafficClientKind, TrafficOptions } from './traffic-options.js';
import type { WriteAttempt } from './write-attempt.js';

const maxInFlight = 100;
const commandTimeoutMs = 500;

/** Starts the writers of a scenario's traffic; stop() ends them and hands back every attempt, oldest first. */
export type StartTraffic = (
  topology: Topology,
  masterAtStart: LabNode,
  options: TrafficOptions,
  clock: Clock,
  runId: string,
) => { stop(): Promise<WriteAttempt[]> };

/**
 * Writes unique values at a steady rate from each client kind and records every attempt: when, acknowledged
 * or not (and why), and which node answered. Clients fail fast while disconnected (no offline queue), as a
 * latency-bound application would, and reconnect on their own.
 */
export const startTraffic: StartTraffic = (topology, masterAtStart, options, clock, runId) => {
  const attempts: WriteAttempt[] = [];
  const published = new Map(topology.nodes.map((n) => [`${n.published.host}:${n.published.port}`, n.name]));
  const clients = options.clients.map((kind) => ({ kind, redis: connectClient(kind, topology, masterAtStart) }));
  let stopping = false;
  let seq = 0;
  let inFlight = 0;
  const pending = new Set<Promise<void>>();

  const write = async (kind: TrafficClientKind, redis: Redis, n: number) => {
    const key = `traffic:${kind}:${n}`;
    const value = `${runId}:${n}`;
    const startedAt = clock.now();
    const node = () => published.get(`${redis.stream?.remoteAddress}:${redis.stream?.remotePort}`);
    try {
      await redis.set(key, value);
      let ok = true;
      let error: string | undefined;
      if (options.wait) {
        const confirmed = Number(await redis.call('WAIT', String(options.wait.replicas), String(options.wait.timeoutMs)));
        ok = confirmed >= options.wait.replicas;
        if (!ok) error = `WAIT: ${confirmed} of ${options.wait.replicas} replicas confirmed`;
      }
      attempts.push({ client: kind, seq: n, key, value, startedAt, endedAt: clock.now(), ok, node: node(), ...(error ? { error } : {}) });
    } catch (err) {
      attempts.push({
        client: kind,
        seq: n,
        key,
        value,
        startedAt,
        endedAt: clock.now(),
        ok: false,
        node: node(),
        error: describeError(err),
      });
    }
  };

  const timer = setInterval(
    () => {
      if (inFlight >= maxInFlight * clients.length) return;
      const n = ++seq;
      for (const client of clients) {
        // A connection ioredis gave up on ("end") is replaced, as an application would reconnect.
        if (client.redis.status === 'end' && !stopping) client.redis = connectClient(client.kind, topology, masterAtStart);
        const { kind, redis } = client;
        inFlight++;
        const p = write(kind, redis, n).finally(() => {
          inFlight--;
          pending.delete(p);
        });
        pending.add(p);
      }
    },
    Math.max(1, Math.round(1000 / options.rate)),
  );

  return {
    async stop() {
      stopping = true;
      clearInterval(timer);
      await Promise.race([Promise.allSettled([...pending]), clock.sleep(2000)]);
      for (const { redis } of clients) redis.disconnect();
      return [...attempts].sort((a, b) => a.startedAt - b.startedAt);
    },
  };
};

function connectClient(kind: TrafficClientKind, topology: Topology, master: LabNode): Redis {
  const common = {
    password: topology.password,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: commandTimeoutMs,
    connectTimeout: commandTimeoutMs,
    retryStrategy: () => 100,
  };
  const redis =
    kind === 'direct'
      ? new Redis({ ...common, host: master.published.host, port: master.published.port })
      : new Redis({
          ...common,
          sentinels: sentinelNodes(topology).map((n) => n.published),
          name: topology.masterName,
          // Sentinels answer with in-lab addresses; these are the ones the host reaches.
          natMap: Object.fromEntries(topology.nodes.map((n) => [`${n.address.host}:${n.address.port}`, n.published])),
          sentinelRetryStrategy: () => 100,
          failoverDetector: true,
        });
  redis.on('error', () => {});
  return redis;
}
