// Partitions that include a client. Drivers run on the host, whatever the runtime; each client that a scenario
// may cut off runs with a group id of its own, and iptables on the host matches its packets by that owner. Connections the
// client opens are marked (CONNMARK) from the start, so the replies the nodes send on them can be dropped too:
// packets are dropped both ways, with no reset, as a real partition does. On the local runtime the nodes are
// loopback addresses, on Docker container addresses; either way the client's traffic leaves through the host's
// OUTPUT chain and its replies come back through INPUT.
import { createHash } from 'node:crypto';
import { iptables as runIptables } from '../common/iptables.js';

export interface ClientFirewall {
  /** Before the clients start: connections opened by processes of these group ids are marked with the id. */
  prepare(gids: number[]): Promise<void>;
  /** Drops traffic between the client running with group `gid` and `hosts`, both ways, on top of what is dropped already. */
  block(gid: number, hosts: string[]): Promise<void>;
  /** Lets every client reach every node again (heal). */
  clear(): Promise<void>;
  /** Removes every rule and chain it added; nothing is left once the run ends. */
  remove(): Promise<void>;
}

/** The run's chain (at most 28 characters): matched by the suite's leftover check like the labs' own. */
export function clientChainName(runId: string): string {
  return `rhl-${createHash('sha1').update(`clients/${runId}`).digest('hex').slice(0, 10)}`;
}

export function hostClientFirewall(runId: string): ClientFirewall {
  const chain = clientChainName(runId);
  // The owner match exists only where packets leave the host (OUTPUT), the connection mark also where they come
  // in (INPUT): one chain for each place.
  const marks = { table: 'mangle', from: 'OUTPUT', chain };
  const outgoing = { table: 'filter', from: 'OUTPUT', chain: `${chain}-out` };
  const incoming = { table: 'filter', from: 'INPUT', chain: `${chain}-in` };
  const chains = [marks, outgoing, incoming];
  return {
    async prepare(gids) {
      for (const c of chains) {
        await iptables(['-t', c.table, '-N', c.chain]).catch(() => undefined);
        await iptables(['-t', c.table, '-C', c.from, '-j', c.chain]).catch(() => iptables(['-t', c.table, '-I', c.from, '-j', c.chain]));
      }
      await iptables(['-t', 'mangle', '-F', chain]);
      for (const gid of gids) {
        await iptables([
          '-t',
          'mangle',
          '-A',
          chain,
          '-m',
          'owner',
          '--gid-owner',
          String(gid),
          '-j',
          'CONNMARK',
          '--set-mark',
          String(gid),
        ]);
      }
    },
    async block(gid, hosts) {
      for (const host of hosts) {
        await iptables(['-A', outgoing.chain, '-m', 'owner', '--gid-owner', String(gid), '-d', host, '-j', 'DROP']);
        await iptables(['-A', incoming.chain, '-m', 'connmark', '--mark', String(gid), '-s', host, '-j', 'DROP']);
      }
    },
    async clear() {
      for (const c of [outgoing, incoming]) await iptables(['-F', c.chain]).catch(() => undefined);
    },
    async remove() {
      for (const c of chains) {
        while (
          await iptables(['-t', c.table, '-D', c.from, '-j', c.chain]).then(
            () => true,
            () => false,
          )
        );
        await iptables(['-t', c.table, '-F', c.chain]).catch(() => undefined);
        await iptables(['-t', c.table, '-X', c.chain]).catch(() => undefined);
      }
    },
  };
}

function iptables(args: string[]): Promise<void> {
  return runIptables(args, 'partitions that include a client (iptables rules matching the client by its group id)');
}
