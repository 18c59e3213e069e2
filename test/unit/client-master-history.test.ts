// masterHistory: who the master was, and from when, from the sentinels' +switch-master and the role watcher.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { masterHistory } from '../../src/clients/master-history.js';
import type { TimelineEvent } from '../../src/observe/timeline.js';
import { buildTopology } from '../../src/topology/build-topology.js';
import { checkLabOptions } from '../../src/topology/lab-options.js';

const topology = buildTopology(checkLabOptions({}, {}).options);
const [master, replica1, replica2] = topology.nodes;
const addr = (n: typeof master) => `${n!.address.host}:${n!.address.port}`;
const published = (n: typeof master) => `${n!.published.host}:${n!.published.port}`;
const sw = (at: number, source: string, from: typeof master, to: typeof master): TimelineEvent => ({
  at,
  kind: 'sentinel',
  source,
  name: '+switch-master',
  detail: `mymaster ${from!.address.host} ${from!.address.port} ${to!.address.host} ${to!.address.port}`,
});
const role = (at: number, node: typeof master, detail: string): TimelineEvent => ({
  at,
  kind: 'role',
  source: node!.name,
  name: 'role',
  detail,
});

describe('masterHistory', () => {
  it('hands the role over when the promoted replica said role:master, before the sentinels announced it', () => {
    const history = masterHistory(topology, master!.name, [
      role(1_000, master, 'master'),
      role(12_400, replica1, 'master'),
      sw(13_300, 'redis-sentinel-3', master, replica1),
      sw(13_310, 'redis-sentinel-1', master, replica1), // the same switch, heard from another sentinel
    ]);
    assert.deepEqual(history.changes, [{ at: 12_400, master: replica1!.name }]);
    assert.equal(history.wasMaster(addr(master), 12_399), true);
    assert.equal(history.wasMaster(addr(master), 12_400), false, 'the old master, from the promotion on');
    assert.equal(history.wasMaster(published(replica1), 12_500), true, 'by its published address too');
    assert.equal(history.wasMaster(addr(replica2), 20_000), false);
    assert.equal(history.wasMaster('10.9.9.9:6379', 20_000), undefined, 'not a node of the lab');
  });

  it("starts at the leader's SLAVEOF NO ONE when the role watcher saw the promotion later", () => {
    const sent: TimelineEvent = {
      at: 12_100,
      kind: 'sentinel',
      source: 'redis-sentinel-2',
      name: '+failover-state-send-slaveof-noone',
      detail: `slave ${addr(replica1)} ${replica1!.address.host} ${replica1!.address.port} @ mymaster ${master!.address.host} ${master!.address.port}`,
    };
    const history = masterHistory(topology, master!.name, [
      sent,
      role(12_300, replica1, 'master'),
      sw(13_000, 'redis-sentinel-2', master, replica1),
    ]);
    assert.deepEqual(history.changes, [{ at: 12_100, master: replica1!.name }]);
  });

  it('takes the switch itself when no role change was seen, and follows a second failover', () => {
    const history = masterHistory(topology, master!.name, [
      sw(13_000, 'redis-sentinel-1', master, replica1),
      sw(30_000, 'redis-sentinel-2', replica1, replica2),
    ]);
    assert.deepEqual(history.changes, [
      { at: 13_000, master: replica1!.name },
      { at: 30_000, master: replica2!.name },
    ]);
    assert.equal(history.wasMaster(addr(replica1), 29_999), true);
    assert.equal(history.wasMaster(addr(replica1), 30_000), false);
  });

  it("without +switch-master (withheld by a lab fault), the leader's +promoted-slave hands the role over", () => {
    const promoted: TimelineEvent = {
      at: 12_500,
      kind: 'sentinel',
      source: 'redis-sentinel-1',
      name: '+promoted-slave',
      detail: `slave ${addr(replica2)} ${replica2!.address.host} ${replica2!.address.port} @ mymaster ${master!.address.host} ${master!.address.port}`,
    };
    const history = masterHistory(topology, master!.name, [promoted, role(12_600, replica2, 'master')]);
    assert.deepEqual(history.changes, [{ at: 12_500, master: replica2!.name }]);
    assert.equal(history.wasMaster(addr(master), 20_000), false, 'writes the demoted master took after it are not service');
    assert.equal(history.wasMaster(addr(replica2), 20_000), true);
  });
});
