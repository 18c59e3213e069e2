import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import net from 'node:net';
import { after, before, describe, test } from 'node:test';
import { docker, labResources, skipDocker, testImage } from '../support/docker-helpers.js';
import { eventually } from '../support/eventually.js';
import { parseStatus } from '../support/lab-status-json.js';
import { labProcesses } from '../support/local-helpers.js';
import { cliEnv, runCli, testHome } from '../support/run-cli.js';
import { join } from 'node:path';

/** Whether a TCP connection to host:port is refused or times out (a dead machine's address), or is accepted. */
function connectOutcome(host: string, port: number, timeoutMs: number): Promise<'accepted' | 'refused' | 'timeout'> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (outcome: 'accepted' | 'refused' | 'timeout') => {
      clearTimeout(timer);
      socket.destroy();
      resolve(outcome);
    };
    const timer = setTimeout(() => done('timeout'), timeoutMs);
    socket.once('connect', () => done('accepted'));
    socket.once('error', () => done('refused'));
  });
}

/**
 * The servers layout is real: a server's redis and sentinel share its address, `node kill server-a` kills both at
 * once (server-dies and server-split-brain in builtin-scenarios show what follows), and down leaves nothing.
 */
for (const runtime of ['local', 'docker'] as const) {
  describe(`the servers layout on ${runtime}`, { skip: runtime === 'docker' ? skipDocker : false }, () => {
    const home = testHome();
    const lab = `itest-servers-${runtime}`;
    let env: NodeJS.ProcessEnv;
    before(() => {
      env = cliEnv(home, { REDIS_HA_LAB_IMAGE: runtime === 'docker' ? testImage() : '' });
    });
    after(async () => {
      await runCli(['down', '--name', lab], env);
      rmSync(home, { recursive: true, force: true });
    });

    test("each server's redis and sentinel share its address; killing server-a kills both", async () => {
      const up = await runCli(['up', '--runtime', runtime, '--name', lab, '--port-base', '11379', '--layout', 'servers'], env);
      assert.equal(up.code, 0, up.stderr);
      const status = parseStatus((await runCli(['status', '--name', lab, '--json'], env)).stdout);
      const host = (name: string) => status.nodes.find((n) => n.name === name)!.address.split(':')[0];
      assert.deepEqual(
        status.nodes.filter((n) => n.server === 'server-a').map((n) => n.name),
        ['redis-master', 'redis-sentinel-1'],
      );
      assert.equal(host('redis-master'), host('redis-sentinel-1'), 'one address for server-a');
      assert.notEqual(host('redis-master'), host('redis-replica-1'));

      const kill = await runCli(['node', 'kill', 'server-a', '--name', lab], env);
      assert.equal(kill.code, 0, kill.stderr);
      assert.equal(kill.stdout.trim(), 'kill: redis-master, redis-sentinel-1');
      const after = parseStatus((await runCli(['status', '--name', lab, '--json'], env)).stdout);
      for (const name of ['redis-master', 'redis-sentinel-1'])
        assert.equal(after.nodes.find((n) => n.name === name)!.role, 'down', `${name} died with its server`);
      assert.equal(after.nodes.find((n) => n.name === 'redis-sentinel-2')!.role, 'sentinel', 'the other servers live on');

      if (runtime === 'local') {
        const left = labProcesses(join(home, 'labs', lab)).length;
        assert.equal(left, 4, 'two of the six processes are gone');
      } else {
        // On Docker the whole server goes dark: its container stops, and its address no longer answers at all.
        const holder = await docker.getContainer(`${lab}-server-a`).inspect();
        assert.equal(holder.State.Running, false);
        assert.equal(await connectOutcome(host('redis-master')!, 6379, 1000), 'timeout');
      }

      const start = await runCli(['node', 'start', 'server-a', '--name', lab], env);
      assert.equal(start.code, 0, start.stderr);
      await eventually('sentinel-1 is back with its server', async () => {
        const again = parseStatus((await runCli(['status', '--name', lab, '--json'], env)).stdout);
        return again.nodes.find((n) => n.name === 'redis-sentinel-1')!.role === 'sentinel' ? true : undefined;
      });

      const down = await runCli(['down', '--name', lab], env);
      assert.equal(down.code, 0, down.stderr);
      if (runtime === 'docker') assert.deepEqual(await labResources(lab), { containers: [], networks: [] });
      else assert.deepEqual(labProcesses(join(home, 'labs', lab)), []);
    });
  });
}
