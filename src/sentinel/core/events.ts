// sentinelEvent(): every event is logged, published on a channel named after it, and at WARNING level
// handed to the master's notification script.

import { LogLevel } from '../constants.js';
import type { Engine } from './engine-state.js';
import { describeInstance, type Instance } from './instance.js';
import { announceHost, type Addr } from './sentinel-addr.js';

/**
 * Emit `type` about `ri`. When `withInstance` is true the message starts with the "%@" instance description,
 * followed by `rest` (with a space only when `rest` is not empty, as sentinelEvent's format strings do).
 */
export function emitEvent(e: Engine, level: LogLevel, type: string, ri: Instance | null, rest = '', withInstance = true): void {
  const msg = withInstance && ri ? describeInstance(e.state, ri) + (rest ? ` ${rest}` : '') : rest;
  e.io.log(level, `${type} ${msg}`);
  // Lab fault withhold-event (not in sentinel.c): logged as always, but subscribers never hear of it.
  if (level !== LogLevel.DEBUG && !e.state.labFaults.withholds(type, e.io.now())) e.io.publish(type, msg);
  if (level === LogLevel.WARNING && ri) {
    const master = ri.isMaster ? ri : ri.master;
    if (master?.notificationScript) e.io.runScript(master.notificationScript, [type, msg]);
  }
}

/** sentinelCallClientReconfScript(): <master-name> <role> <state> <from-ip> <from-port> <to-ip> <to-port>, as announced. */
export function callClientReconfScript(
  e: Engine,
  master: Instance,
  role: 'leader' | 'observer',
  state: string,
  from: Addr,
  to: Addr,
): void {
  if (!master.clientReconfigScript) return;
  const args = [master.name, role, state, announceHost(e.state, from), String(from.port), announceHost(e.state, to), String(to.port)];
  e.io.runScript(master.clientReconfigScript, args);
}
