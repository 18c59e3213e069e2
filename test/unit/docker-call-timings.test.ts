import assert from 'node:assert/strict';
import { test } from 'node:test';
import type Dockerode from 'dockerode';
import { traceDockerCalls } from '../../src/runtime/docker/docker-call-timings.js';

test('REDIS_HA_LAB_TIMINGS: each Docker call is written with its start, duration, method, path and failure', async () => {
  let clock = 1000;
  const replies: { error: unknown; result: unknown }[] = [
    { error: null, result: 'started' },
    { error: Object.assign(new Error('no such container'), { statusCode: 404 }), result: undefined },
  ];
  const modem = {
    dial: (_options: unknown, callback: (error: unknown, result: unknown) => void) => {
      clock += 250;
      const reply = replies.shift()!;
      callback(reply.error, reply.result);
    },
  };
  const lines: string[] = [];
  traceDockerCalls(
    { modem } as unknown as Dockerode,
    (line) => lines.push(line),
    () => clock,
  );

  const dial = (path: string, method: string) =>
    new Promise<unknown>((resolve, reject) =>
      (modem.dial as (o: object, cb: (e: unknown, r: unknown) => void) => void)({ path, method }, (e, r) => (e ? reject(e) : resolve(r))),
    );
  clock += 5;
  assert.equal(await dial('/containers/lab-redis-master/start?', 'POST'), 'started', 'the reply passes through');
  await assert.rejects(dial('/containers/lab-gone/json', 'GET'), /no such container/);
  assert.deepEqual(lines, [
    'docker +5 ms  250 ms  POST /containers/lab-redis-master/start',
    'docker +255 ms  250 ms  GET /containers/lab-gone/json -> 404',
  ]);
});
