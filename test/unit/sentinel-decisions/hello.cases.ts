// Hello messages (sentinel.c: sentinelProcessHelloMessage, sentinelReceiveHelloMessages, sentinelSendHello).

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SENTINEL_HELLO_CHANNEL } from '../../../src/sentinel/constants.js';
import { SentinelEngine } from '../../../src/sentinel/core/sentinel-engine.js';
import { parseHello, processHello } from '../../../src/sentinel/core/hello.js';
import { RecordingIo } from '../../support/sentinel-fake-io.js';
import {
  MASTER,
  MY_ID,
  connectAll,
  masterConf,
  replicaName,
  rid,
  rig,
  sentinelConf,
  sentinelOf,
  tickAfter,
} from '../../support/sentinel-fixtures.js';

function hello(
  ip: string,
  port: number,
  runId: string,
  epoch: number,
  master = 'mymaster',
  mip = '127.0.0.1',
  mport = 6379,
  configEpoch = 0,
): string {
  return [ip, port, runId, epoch, master, mip, mport, configEpoch].join(',');
}

const S = rid('s');
const SENTINEL_S = `sentinel ${S} 10.0.0.9 26379 @ ${MASTER.replace('master ', '')}`;

export function helloCases(): void {
  describe('processHello', () => {
    test('a new sentinel is added with +sentinel and saved; seeing it again changes nothing but its hello time', () => {
      const r = rig();
      processHello(r.engine, hello('10.0.0.9', 26379, S, 0));
      assert.deepEqual(r.io.events(), [`+sentinel ${SENTINEL_S}`]);
      assert.equal(r.io.flushes, 1);
      const si = r.master.sentinels.get(S)!;
      assert.equal(si.runId, S);
      r.io.advance(500);
      processHello(r.engine, hello('10.0.0.9', 26379, S, 0));
      assert.equal(r.io.events().length, 1);
      assert.equal(si.lastHelloTime, r.io.now());
    });

    test('a newer current epoch is adopted with +new-epoch', () => {
      const r = rig({ currentEpoch: 2 });
      processHello(r.engine, hello('10.0.0.9', 26379, S, 5));
      assert.deepEqual(r.io.events(1), ['+new-epoch 5']);
      assert.equal(r.engine.state.currentEpoch, 5);
      processHello(r.engine, hello('10.0.0.9', 26379, S, 3));
      assert.equal(r.engine.state.currentEpoch, 5);
    });

    test('a newer config epoch with another address: +config-update-from and +switch-master', () => {
      const r = rig({ replicas: [6380, 6381] });
      processHello(r.engine, hello('10.0.0.9', 26379, S, 3, 'mymaster', '127.0.0.1', 6380, 3));
      assert.deepEqual(r.io.events(), [
        `+sentinel ${SENTINEL_S}`,
        '+new-epoch 3',
        `+config-update-from ${SENTINEL_S}`,
        '+switch-master mymaster 127.0.0.1 6379 127.0.0.1 6380',
        `+slave ${replicaName(6381, '127.0.0.1 6380')}`,
        `+slave ${replicaName(6379, '127.0.0.1 6380')}`,
      ]);
      assert.deepEqual(r.master.addr, { host: '127.0.0.1', ip: '127.0.0.1', port: 6380 });
      assert.equal(r.master.configEpoch, 3);
      assert.ok(r.master.sentinels.has(S), 'the sentinels are kept');
      assert.deepEqual(r.io.explanations.at(-1)?.kind, 'failover');
    });

    test('a newer config epoch with the same address only updates the epoch; an older one is ignored', () => {
      const r = rig({ master: { configEpoch: 4 } });
      processHello(r.engine, hello('10.0.0.9', 26379, S, 4, 'mymaster', '127.0.0.1', 6380, 4));
      assert.deepEqual(r.master.addr, { host: '127.0.0.1', ip: '127.0.0.1', port: 6379 });
      processHello(r.engine, hello('10.0.0.9', 26379, S, 5, 'mymaster', '127.0.0.1', 6379, 5));
      assert.equal(r.master.configEpoch, 5);
      assert.ok(!r.io.events().some((e) => e.startsWith('+switch-master')));
    });

    test('the same run id at a new address: +sentinel-address-switch, no +sentinel', () => {
      const r = rig({ sentinels: ['a'] });
      processHello(r.engine, hello('10.0.0.7', 26380, rid('a'), 0));
      assert.deepEqual(r.io.events(), [`+sentinel-address-switch ${MASTER} ip 10.0.0.7 port 26380 for ${rid('a')}`]);
      assert.deepEqual(sentinelOf(r, 'a').addr, { host: '10.0.0.7', ip: '10.0.0.7', port: 26380 });
      assert.equal(r.master.sentinels.size, 1);
    });

    test('another run id at a known address: the old one is invalid and dropped from every master', () => {
      const io = new RecordingIo();
      const a = { host: '10.0.0.2', port: 26379, runId: rid('a') };
      const engine = new SentinelEngine(
        sentinelConf([masterConf({ knownSentinels: [a] }), masterConf({ name: 'other', port: 7000, knownSentinels: [a] })]),
        io,
      );
      processHello(engine, hello('10.0.0.2', 26379, rid('q'), 0));
      assert.deepEqual(io.events(), [
        `+sentinel-invalid-addr sentinel ${rid('a')} 10.0.0.2 26379 @ mymaster 127.0.0.1 6379`,
        `+sentinel sentinel ${rid('q')} 10.0.0.2 26379 @ mymaster 127.0.0.1 6379`,
      ]);
      assert.deepEqual([...engine.state.masters.get('mymaster')!.sentinels.keys()], [rid('q')]);
      assert.equal(engine.state.masters.get('other')!.sentinels.size, 0);
    });

    test('hellos about unknown masters and malformed hellos are ignored', () => {
      const r = rig();
      processHello(r.engine, hello('10.0.0.9', 26379, S, 9, 'nosuch'));
      processHello(r.engine, '10.0.0.9,26379,' + S + ',9,mymaster,127.0.0.1,6379');
      processHello(r.engine, hello('10.0.0.9', 26379, S, 9) + ',extra');
      assert.deepEqual(r.io.events(), []);
      assert.equal(r.engine.state.currentEpoch, 0);
      assert.deepEqual(parseHello('x,notanumber,id,7abc,m,h,12,3'), {
        ip: 'x',
        port: 0,
        runId: 'id',
        currentEpoch: 7,
        masterName: 'm',
        masterIp: 'h',
        masterPort: 12,
        masterConfigEpoch: 3,
      });
    });

    test('hellos received on a pub/sub link: our own are skipped, every message counts as activity', () => {
      const r = rig();
      r.io.advance(100);
      r.engine.helloReceived(r.master, SENTINEL_HELLO_CHANNEL, hello('127.0.0.1', 26379, MY_ID, 7));
      assert.equal(r.master.link.pcLastActivity, r.io.now());
      assert.equal(r.engine.state.currentEpoch, 0);
      r.engine.helloReceived(r.master, 'other-channel', hello('10.0.0.9', 26379, S, 7));
      assert.equal(r.engine.state.currentEpoch, 0);
      r.engine.helloReceived(r.master, SENTINEL_HELLO_CHANNEL, hello('10.0.0.9', 26379, S, 7));
      assert.equal(r.engine.state.currentEpoch, 7);
    });

    test('our hello: ip,port,runid,current_epoch,master_name,master_ip,master_port,master_config_epoch to every instance', () => {
      const r = rig({ replicas: [6380], sentinels: ['a'], currentEpoch: 4, master: { configEpoch: 2 } });
      connectAll(r);
      r.io.clearRecords();
      tickAfter(r, 2001);
      const hellos = r.io.commands(['PUBLISH', SENTINEL_HELLO_CHANNEL]);
      assert.deepEqual(
        hellos.map((c) => c.instance.name),
        ['mymaster', '127.0.0.1:6380', rid('a')],
      );
      assert.equal(hellos[0]!.args[2], `127.0.0.1,26379,${MY_ID},4,mymaster,127.0.0.1,6379,2`);
      // Without a local address (and no announce-ip) there is nothing to announce.
      r.io.localAddr = null;
      r.io.clearRecords();
      tickAfter(r, 2001);
      assert.equal(r.io.commands(['PUBLISH']).length, 0);
    });
  });
}
