// What Sentinel learns from INFO and does about it (sentinel.c: sentinelRefreshInstanceInfo).

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  FailoverState,
  REDIS_TIMING,
  SRI_FAILOVER_IN_PROGRESS,
  SRI_MASTER,
  SRI_PROMOTED,
  SRI_RECONF_DONE,
  SRI_RECONF_INPROG,
  SRI_RECONF_SENT,
  SRI_S_DOWN,
  SRI_SLAVE,
} from '../../../src/sentinel/constants.js';
import { parseInfo, refreshInstanceInfo } from '../../../src/sentinel/core/info-refresh.js';
import {
  MASTER,
  connectAll,
  masterInfo,
  replicaAt,
  replicaInfo,
  replicaName,
  rid,
  rig,
  type Rig,
} from '../../support/sentinel-fixtures.js';

const R80 = replicaName(6380);

/** Feed INFO to the master and to replica 6380 every second for `ms`, the replica reporting `info`. */
function feed(r: Rig, ms: number, info: string, masterSane = true): void {
  for (let t = 0; t < ms; t += 1000) {
    r.io.advance(1000);
    if (masterSane) refreshInstanceInfo(r.engine, r.master, masterInfo(rid('0')));
    refreshInstanceInfo(r.engine, replicaAt(r, 6380), info);
  }
}

export function infoRefreshCases(): void {
  describe('refreshInstanceInfo', () => {
    test('parseInfo reads the fields Sentinel uses, old and new replica lines', () => {
      const f = parseInfo(
        [
          'run_id:' + rid('9'),
          'role:slave',
          'master_host:10.1.1.1',
          'master_port:6400',
          'master_link_status:down',
          'master_link_down_since_seconds:12',
          'slave_repl_offset:777',
          'slave_priority:5',
          'replica_announced:0',
          '',
        ].join('\r\n'),
      );
      assert.deepEqual(f, {
        runId: rid('9'),
        role: SRI_SLAVE,
        replicas: [],
        masterLinkDownSinceMs: 12_000,
        masterHost: '10.1.1.1',
        masterPort: 6400,
        masterLinkUp: false,
        slavePriority: 5,
        slaveReplOffset: 777,
        replicaAnnounced: 0,
      });
      const m = parseInfo(
        [
          'role:master',
          'slave0:ip=10.0.0.5,port=6380,state=online,offset=1,lag=0',
          'slave1:10.0.0.6,6381,online',
          'slave2:broken',
          '',
        ].join('\r\n'),
      );
      assert.deepEqual(m.replicas, [
        { host: '10.0.0.5', port: 6380 },
        { host: '10.0.0.6', port: 6381 },
      ]);
      assert.equal(m.role, SRI_MASTER);
      assert.equal(parseInfo('run_id:short\r\n').runId, null);
    });

    test('replicas listed by the master are discovered with +slave, once', () => {
      const r = rig();
      refreshInstanceInfo(r.engine, r.master, masterInfo(rid('0'), [{ port: 6380 }, { port: 6381 }]));
      refreshInstanceInfo(r.engine, r.master, masterInfo(rid('0'), [{ port: 6380 }, { port: 6381 }]));
      assert.deepEqual(r.io.events(), [`+slave ${R80}`, `+slave ${replicaName(6381)}`]);
      assert.equal(r.io.flushes, 2);
      assert.equal(replicaAt(r, 6380).downAfterPeriod, 5000, 'replicas inherit down-after');
    });

    test('role changes are logged: -role-change when it contradicts our view, +role-change when it agrees', () => {
      const r = rig({ replicas: [6380] });
      refreshInstanceInfo(r.engine, r.master, replicaInfo({ runId: rid('0'), masterPort: 6380 }));
      assert.deepEqual(r.io.events(), [`-role-change ${MASTER} new reported role is slave`]);
      assert.equal(r.master.roleReported, SRI_SLAVE);
      assert.equal(r.master.roleReportedTime, r.io.now());
      refreshInstanceInfo(r.engine, r.master, masterInfo(rid('0')));
      assert.deepEqual(r.io.events(1), [`+role-change ${MASTER} new reported role is master`]);
    });

    test('the promoted replica reporting role:master: +promoted-slave, the new config epoch, hellos forced', () => {
      const r = rig({ replicas: [6380], currentEpoch: 7 });
      const s = replicaAt(r, 6380);
      Object.assign(r.master, { failoverState: FailoverState.WAIT_PROMOTION, failoverEpoch: 7, promotedSlave: s });
      r.master.flags |= SRI_FAILOVER_IN_PROGRESS;
      s.flags |= SRI_PROMOTED;
      const pub = (r.master.lastPubTime = r.io.now());
      refreshInstanceInfo(r.engine, s, masterInfo(rid('1')));
      assert.deepEqual(r.io.events(), [
        `-role-change ${R80} new reported role is master`,
        `+promoted-slave ${R80}`,
        `+failover-state-reconf-slaves ${MASTER}`,
      ]);
      assert.equal(r.master.configEpoch, 7);
      assert.equal(r.master.failoverState, FailoverState.RECONF_SLAVES);
      assert.equal(r.master.lastPubTime, pub - REDIS_TIMING.publishPeriod - 1);
      assert.equal(r.io.flushes, 1);
      // Seen again later, nothing more happens (no second promotion, no conversion of our promoted replica).
      refreshInstanceInfo(r.engine, s, masterInfo(rid('1')));
      assert.equal(r.io.events().length, 3);
    });

    test('+convert-to-slave: a replica claiming to be master is turned back after 4 publish periods, the master sane', () => {
      const r = rig({ replicas: [6380] });
      connectAll(r);
      refreshInstanceInfo(r.engine, r.master, masterInfo(rid('0')));
      refreshInstanceInfo(r.engine, replicaAt(r, 6380), masterInfo(rid('1')));
      const changed = replicaAt(r, 6380).roleReportedTime;
      feed(r, 8000, masterInfo(rid('1')));
      assert.equal(r.io.commands(['SLAVEOF']).length, 0, 'exactly 4 publish periods is not enough');
      r.io.advance(1);
      refreshInstanceInfo(r.engine, replicaAt(r, 6380), masterInfo(rid('1')));
      assert.equal(r.io.now() - changed, 8001);
      assert.deepEqual(
        r.io.commands(['SLAVEOF']).map((c) => c.args),
        [['SLAVEOF', '127.0.0.1', '6379']],
      );
      assert.deepEqual(
        r.io.events().filter((e) => e.startsWith('+convert')),
        [`+convert-to-slave ${R80}`],
      );
    });

    test('no +convert-to-slave while the master does not look sane (SDOWN, stale INFO, or reporting slave)', () => {
      for (const spoil of ['sdown', 'stale', 'role'] as const) {
        const r = rig({ replicas: [6380] });
        connectAll(r);
        refreshInstanceInfo(r.engine, r.master, masterInfo(rid('0')));
        refreshInstanceInfo(r.engine, replicaAt(r, 6380), masterInfo(rid('1')));
        if (spoil === 'sdown') r.master.flags |= SRI_S_DOWN;
        if (spoil === 'role') refreshInstanceInfo(r.engine, r.master, replicaInfo({ runId: rid('0'), masterPort: 6380 }));
        if (spoil === 'stale') r.master.infoRefresh -= 2 * REDIS_TIMING.infoPeriod; // older than 2 INFO periods
        feed(r, 10_000, masterInfo(rid('1')), false);
        assert.equal(r.io.commands(['SLAVEOF']).length, 0, spoil);
      }
    });

    test('+fix-slave-config: a replica following another address is pointed back after failover-timeout', () => {
      const r = rig({ replicas: [6380], master: { failoverTimeoutMs: 3000 } });
      connectAll(r);
      const wrong = replicaInfo({ runId: rid('1'), masterPort: 7777 });
      feed(r, 4000, wrong); // the address changed at the first INFO, 3000 ms ago: not more than failover-timeout
      assert.equal(r.io.commands(['SLAVEOF']).length, 0);
      feed(r, 1000, wrong);
      assert.deepEqual(
        r.io.commands(['SLAVEOF']).map((c) => c.args),
        [['SLAVEOF', '127.0.0.1', '6379']],
      );
      assert.deepEqual(
        r.io.events().filter((e) => e.startsWith('+fix')),
        [`+fix-slave-config ${R80}`],
      );
    });

    test('replica reconfiguration during our failover: RECONF_SENT → INPROG → DONE', () => {
      const r = rig({ replicas: [6380, 6381] });
      const promoted = replicaAt(r, 6380);
      const s = replicaAt(r, 6381);
      Object.assign(r.master, { failoverState: FailoverState.RECONF_SLAVES, promotedSlave: promoted });
      r.master.flags |= SRI_FAILOVER_IN_PROGRESS;
      s.flags |= SRI_RECONF_SENT;
      refreshInstanceInfo(r.engine, s, replicaInfo({ runId: rid('2'), masterPort: 6379 }));
      assert.ok(s.has(SRI_RECONF_SENT));
      refreshInstanceInfo(r.engine, s, replicaInfo({ runId: rid('2'), masterPort: 6380, linkUp: false }));
      assert.ok(s.has(SRI_RECONF_INPROG) && !s.has(SRI_RECONF_SENT));
      refreshInstanceInfo(r.engine, s, replicaInfo({ runId: rid('2'), masterPort: 6380, linkUp: true }));
      assert.ok(s.has(SRI_RECONF_DONE) && !s.has(SRI_RECONF_INPROG));
      assert.deepEqual(r.io.events(), [`+slave-reconf-inprog ${replicaName(6381)}`, `+slave-reconf-done ${replicaName(6381)}`]);
    });

    test('in TILT, INFO is recorded but not acted upon', () => {
      const r = rig({ replicas: [6380] });
      connectAll(r);
      r.engine.state.tilt = true;
      refreshInstanceInfo(r.engine, r.master, masterInfo(rid('0'), [{ port: 6381 }]));
      refreshInstanceInfo(r.engine, replicaAt(r, 6380), masterInfo(rid('1')));
      feed(r, 10_000, masterInfo(rid('1')));
      assert.equal(r.io.commands(['SLAVEOF']).length, 0);
      assert.equal(replicaAt(r, 6380).roleReported, SRI_MASTER);
      assert.ok(r.master.slaves.has('127.0.0.1:6381'), 'replica discovery is part of the observing half');
    });
  });
}
