import { describeError } from '../common/errors.js';
import { pairsToRecord } from '../observe/info.js';
import type { LabIo } from '../observe/lab-io.js';
import { withNode } from '../observe/lab-io.js';
import type { NodeStatus } from '../observe/node-status.js';
import type { LabNode, Topology } from '../topology/topology.js';

/** The ping period a booting sentinel gets, so a link refused at its start is retried within a timer tick or two. */
export const bootPingPeriodMs = 100;
const callTimeoutMs = 1000;

/**
 * Shortens the reconnect wait of booting sentinels, and puts it back before `up` returns.
 *
 * A sentinel connects to every instance its config names as soon as it starts. Nodes started together come up a
 * few hundred milliseconds apart, so a sentinel's first attempt to a peer that is not listening yet is refused, and
 * Sentinel retries a disconnected link only once per ping period (sentinel.c: sentinelReconnectInstance returns
 * while `now - link->last_reconn_time < sentinel_ping_period`, SENTINEL_PING_PERIOD 1000 ms): the lab would wait
 * up to a second for nothing. `SENTINEL DEBUG ping-period` (Redis 7.0+, Valkey) sets that period at run time; it is
 * not written to sentinel.conf, so a restarted sentinel has the default again.
 *
 * Only real sentinels: the engine has its own periods (and its own profiles). A sentinel that does not know the
 * command, or answers something else, is left as it is; it is then only slower to link.
 */
export class SentinelReconnectBoost {
  /** Node name → the ping period it had, for every sentinel boosted and not yet restored. */
  private readonly saved = new Map<string, string>();
  /** Sentinels already tried (boosted or not), so each one is asked once. */
  private readonly tried = new Set<string>();

  constructor(
    private readonly topology: Topology,
    private readonly io: LabIo,
    private readonly sentinels: LabNode[],
  ) {}

  /** The real sentinels of `nodes`. */
  static for(topology: Topology, io: LabIo, nodes: LabNode[]): SentinelReconnectBoost {
    return new SentinelReconnectBoost(
      topology,
      io,
      nodes.filter((n) => n.kind === 'sentinel' && !n.engine),
    );
  }

  /** Boosts every sentinel of the phase that answers now and was not tried yet. */
  async apply(statuses: NodeStatus[]): Promise<void> {
    const answering = this.sentinels.filter(
      (node) => !this.tried.has(node.name) && statuses.some((s) => s.name === node.name && s.role === 'sentinel'),
    );
    await Promise.all(answering.map((node) => this.boost(node)));
  }

  private async boost(node: LabNode): Promise<void> {
    this.tried.add(node.name);
    try {
      await withNode(this.io, this.topology, node, callTimeoutMs, async (client) => {
        const period = pairsToRecord(await client.call('SENTINEL', 'DEBUG'))['PING-PERIOD'];
        if (period === undefined || !/^[1-9][0-9]*$/.test(period) || Number(period) <= bootPingPeriodMs) return;
        await client.call('SENTINEL', 'DEBUG', 'ping-period', String(bootPingPeriodMs));
        this.saved.set(node.name, period);
      });
    } catch {
      // Not boosted: it links at its own pace, and the readiness checks wait for it as before.
    }
  }

  /**
   * Gives every boosted sentinel its ping period back. Throws an Error naming the sentinels it could not restore
   * (they would keep pinging ten times a second: not the lab that was asked for).
   */
  async restore(): Promise<void> {
    const failed: string[] = [];
    await Promise.all(
      [...this.saved].map(async ([name, period]) => {
        const node = this.sentinels.find((n) => n.name === name)!;
        try {
          await withNode(this.io, this.topology, node, callTimeoutMs, (client) => client.call('SENTINEL', 'DEBUG', 'ping-period', period));
          this.saved.delete(name);
        } catch (error) {
          failed.push(`${name} (${describeError(error)})`);
        }
      }),
    );
    if (failed.length > 0) throw new Error(`could not restore the ping period of ${failed.join(', ')}`);
  }
}
