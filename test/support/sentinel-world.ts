// A tiny scripted world for unit tests of the sentinel core: Redis instances on 127.0.0.1 that answer PING,
// INFO and SLAVEOF, and other sentinels that answer is-master-down-by-addr. Used as a RecordingIo responder,
// so a test can play a whole failover tick by tick without sockets.

import { SRI_SENTINEL } from '../../src/sentinel/constants.js';
import type { Instance } from '../../src/sentinel/core/instance.js';
import type { RespValue } from '../../src/sentinel/resp/reply-parser.js';
import { masterInfo, replicaInfo, rid } from './sentinel-fixtures.js';

export interface NodeState {
  /** null: role master; else the port it replicates. */
  masterPort: number | null;
  linkUp: boolean;
  runId: string;
  offset: number;
  priority: number;
  /** Not answering anything (crashed, or partitioned away from this sentinel). */
  dead: boolean;
}

export class World {
  readonly nodes = new Map<number, NodeState>();
  /** Whether the other sentinels see the master down. */
  othersSeeDown = true;
  /** How another sentinel votes when asked for `runId` in `epoch`; default: for the asker. */
  vote: (voter: Instance, runId: string, epoch: number) => string = (_v, runId) => runId;
  /** When false, replicas told to SLAVEOF a new master never report the link up. */
  replicasSync = true;

  /** A master on `masterPort` and replicas following it. */
  constructor(masterPort: number, replicaPorts: number[]) {
    this.nodes.set(masterPort, { masterPort: null, linkUp: false, runId: rid('0'), offset: 1000, priority: 100, dead: false });
    replicaPorts.forEach((p, i) =>
      this.nodes.set(p, { masterPort, linkUp: true, runId: rid(String(i + 1)), offset: 1000 - i, priority: 100, dead: false }),
    );
  }

  node(port: number): NodeState {
    const n = this.nodes.get(port);
    if (!n) throw new Error(`no node ${port}`);
    return n;
  }

  readonly respond = (ri: Instance, args: string[]): RespValue | undefined => {
    if (ri.has(SRI_SENTINEL)) return this.sentinelReply(ri, args);
    const n = this.nodes.get(ri.addr.port);
    if (!n || n.dead) return undefined;
    const cmd = args[0]!.toUpperCase();
    if (cmd === 'PING') return 'PONG';
    if (cmd === 'INFO') return this.info(ri.addr.port, n);
    if (cmd === 'PUBLISH') return 1;
    if (cmd === 'SLAVEOF') {
      if (args[1]!.toUpperCase() === 'NO') Object.assign(n, { masterPort: null, linkUp: false });
      else Object.assign(n, { masterPort: Number(args[2]), linkUp: this.replicasSync });
    }
    return cmd === 'MULTI' || cmd === 'EXEC' ? 'OK' : 'QUEUED';
  };

  private info(port: number, n: NodeState): string {
    if (n.masterPort === null) {
      const replicas = [...this.nodes]
        .filter(([, r]) => r.masterPort === port && r.linkUp)
        .map(([p, r]) => ({ port: p, offset: r.offset }));
      return masterInfo(n.runId, replicas);
    }
    return replicaInfo({ runId: n.runId, masterPort: n.masterPort, linkUp: n.linkUp, offset: n.offset, priority: n.priority });
  }

  private sentinelReply(ri: Instance, args: string[]): RespValue | undefined {
    const cmd = args[0]!.toUpperCase();
    if (cmd === 'PING') return 'PONG';
    if (cmd === 'PUBLISH') return 1;
    if (cmd === 'SENTINEL' && args[1] === 'is-master-down-by-addr') {
      const [, , , , epoch, runId] = args as [string, string, string, string, string, string];
      const down = this.othersSeeDown ? 1 : 0;
      if (runId === '*') return [down, '*', 0];
      return [down, this.vote(ri, runId, Number(epoch)), Number(epoch)];
    }
    return undefined;
  }
}
