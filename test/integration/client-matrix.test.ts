// The client matrix through a real failover: every built-in library at once, plus a driver that never
// rediscovers the master, on both runtimes; each verdict checked against what the lab really holds.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { ScenarioReport } from '../../src/report/scenario-report.js';
import { skipDocker, testImage } from '../support/docker-helpers.js';
import { cliEnv, runCli, testHome } from '../support/run-cli.js';

const builtins = ['ioredis', 'node-redis', 'redis-py', 'redis-rb', 'predis'];

for (const runtime of ['local', 'docker'] as const) {
  describe(`the client matrix through kill-master on ${runtime}`, { skip: runtime === 'docker' ? skipDocker : false }, () => {
    const home = testHome();
    const lab = `itest-matrix-${runtime}`;
    let env: NodeJS.ProcessEnv;
    const labFlags = ['--name', lab, '--runtime', runtime, ...(runtime === 'docker' ? ['--port-base', '7379'] : [])];
    before(async () => {
      env = cliEnv(home, { REDIS_HA_LAB_IMAGE: runtime === 'docker' ? testImage() : '' });
      // A lab that stays up, so the test can look at the final master's data after the scenario.
      const up = await runCli(['up', ...labFlags, '--down-after', '1000', '--quiet'], env);
      assert.equal(up.code, 0, up.stderr);
    });
    after(async () => {
      await runCli(['down', '--name', lab], env);
      rmSync(home, { recursive: true, force: true });
    });

    test(
      'five libraries recover and a client that never rediscovers is STUCK; lost writes are really gone',
      { timeout: 240_000 },
      async () => {
        const run = await runCli(
          ['scenario', 'kill-master', ...labFlags, '--clients', 'all', '--client-cmd', 'node test/fixtures/drivers/stuck.mjs', '--json'],
          env,
          { timeoutMs: 200_000 },
        );
        assert.equal(run.code, 0, run.stderr);
        const report = JSON.parse(run.stdout) as ScenarioReport;
        const clients = report.clients!;
        assert.deepEqual(
          clients.clients.map((c) => c.client),
          [...builtins, 'client-cmd'],
        );
        assert.deepEqual(clients.unavailable, []);
        const promotedAt = report.events.find((e) => e.kind === 'role' && e.detail === 'master' && e.source !== report.oldMaster)!.t;
        const faultAt = report.events.find((e) => e.kind === 'step')!.t; // the kill is the first step
        for (const c of clients.clients.filter((x) => x.client !== 'client-cmd')) {
          const who = `${c.client}: ${JSON.stringify({ ...c, lost: c.lost.length })}`;
          assert.equal(c.status, 'recovered', who);
          assert.deepEqual(c.problems, [], who);
          assert.ok(c.library && c.version && Object.keys(c.settings).length > 0, `${who}: library, version and settings are reported`);
          // It cannot have written to a new master before there was one.
          assert.ok(c.recoveredAfterMs! >= promotedAt - faultAt - 50, who);
          assert.ok(c.longestOutageMs >= 0 && c.longestOutageMs < 30_000, who);
          assert.deepEqual(c.ackedByNonMaster, [], `${who}: the killed master acknowledged nothing after the switch`);
          assert.equal(c.acknowledged + c.failed, c.attempts, who);
          assert.equal(c.staleReads, 0, who);
        }
        const stuck = clients.clients.find((c) => c.client === 'client-cmd')!;
        assert.equal(stuck.status, 'stuck');
        assert.equal(stuck.recoveredAfterMs, null);
        assert.ok(stuck.stuck && stuck.stuck.lastError.length > 0 && stuck.stuck.failingForMs > 1000, JSON.stringify(stuck.stuck));
        assert.ok(stuck.errors.connection + stuck.errors.readonly > 0, JSON.stringify(stuck.errors));

        // What the verdicts call lost is really missing on the final master, and a sample of the rest is there.
        const lost = clients.clients.flatMap((c) => c.lost.map((w) => w.key)).slice(0, 20);
        for (const key of lost) {
          const get = await runCli(['cli', 'master', '--name', lab, 'GET', key], env);
          assert.equal(get.code, 0, get.stderr);
          assert.equal(get.stdout.trim(), '', `${key} is counted as lost and is not on the master`);
        }
      },
    );

    test(
      'a partition that includes clients drops their packets: one is cut off with the old master, one with the rest',
      { timeout: 240_000 },
      async () => {
        const run = await runCli(['scenario', 'test/fixtures/client-black-hole.yaml', ...labFlags, '--json'], env, {
          timeoutMs: 200_000,
        });
        assert.equal(run.code, 0, run.stderr);
        const report = JSON.parse(run.stdout) as ScenarioReport;
        const [py, rb] = report.clients!.clients;
        const show = (c: unknown) => JSON.stringify({ ...(c as object), timeline: undefined });
        // redis-py, with the old master only: it goes on writing there after the failover, and loses it all.
        assert.ok(py!.ackedByNonMaster.length > 0, show(py));
        assert.ok(py!.lost.length >= py!.ackedByNonMaster.length, show(py));
        // redis-rb, cut off from the old master: packets dropped, no reset, so nothing is refused; it is out until
        // it finds the new master through the sentinels it can still reach.
        assert.ok(rb!.longestOutageMs >= 1000, show(rb));
        assert.doesNotMatch(`${rb!.errorSamples.connection ?? ''} ${rb!.errorSamples.other ?? ''}`, /refused|reset/i, show(rb));
        assert.equal(rb!.status, 'recovered', show(rb));
        assert.deepEqual(rb!.ackedByNonMaster, []);
        // The run removed its firewall rules.
        for (const table of ['filter', 'mangle'])
          assert.doesNotMatch(execFileSync('iptables', ['-w', '-t', table, '-S'], { encoding: 'utf8' }), /gid-owner 4700\d/);
      },
    );

    if (runtime === 'local') {
      test(
        'recovers: true fails the run (exit 1) for the stuck client only, in the verdict and in JUnit',
        { timeout: 240_000 },
        async () => {
          const junit = join(home, 'junit.xml');
          const reportDir = join(home, 'report');
          const run = await runCli(
            ['scenario', 'test/fixtures/clients-must-recover.yaml', ...labFlags, '--junit', junit, '--report', reportDir],
            env,
            {
              timeoutMs: 200_000,
            },
          );
          assert.equal(run.code, 1, run.stderr);
          assert.match(
            run.stdout,
            /client-cmd recovers\n\s+expected: client-cmd writes to the master again before the end\n\s+seen: +STUCK for/,
          );
          assert.match(run.stdout, /client-cmd +stuck-fixture 0\.0\.1 +STUCK/);
          const xml = readFileSync(junit, 'utf8');
          for (const name of ['ioredis recovers', 'redis-py recovers', 'client-cmd recovers'])
            assert.ok(xml.includes(`name="${name}"`) || xml.includes(name), `JUnit has a test case for ${name}`);
          assert.match(xml, /<failure[^>]*>[^<]*STUCK/);
          assert.match(xml, /<property name="client\.client-cmd\.verdict" value="stuck"\/>/);
          assert.match(xml, /<property name="client\.redis-py\.library" value="redis-py 4\.3\.4"\/>/);
          // report.html: one band per client, and the matrix with each verdict.
          const html = readFileSync(join(reportDir, 'report.html'), 'utf8');
          for (const client of ['ioredis', 'redis-py', 'client-cmd'])
            assert.match(html, new RegExp(`data-node="${client}" data-kind="driver"`));
          assert.match(html, /<tr class="failed"><td>client-cmd<\/td><td>stuck-fixture 0\.0\.1<\/td><td>STUCK for/);
          const status = await runCli(['status', '--name', lab], env);
          assert.equal(status.code, 0, `the lab was restored: ${status.stdout}`);
        },
      );

      test(
        'split brain: writes the cut-off old master acknowledged after the failover are counted, and are really lost',
        { timeout: 240_000 },
        async () => {
          // The stuck driver keeps writing to the master it found at the start; in split-brain that master is cut
          // off from the other nodes (not from the host), keeps acknowledging, and is demoted at the heal.
          const run = await runCli(
            [
              'scenario',
              'split-brain',
              ...labFlags,
              '--clients',
              'ioredis,redis-py',
              '--client-cmd',
              'node test/fixtures/drivers/stuck.mjs',
              '--json',
            ],
            env,
            { timeoutMs: 200_000 },
          );
          assert.equal(run.code, 0, run.stderr);
          const report = JSON.parse(run.stdout) as ScenarioReport;
          const stuck = report.clients!.clients.find((c) => c.client === 'client-cmd')!;
          assert.ok(stuck.ackedByNonMaster.length > 0, `the old master acknowledged writes after the switch: ${JSON.stringify(stuck)}`);
          const lostKeys = new Set(stuck.lost.map((w) => w.key));
          for (const w of stuck.ackedByNonMaster)
            assert.ok(lostKeys.has(w.key), `${w.key}, acknowledged by the cut-off old master, is lost`);
          for (const w of stuck.ackedByNonMaster.slice(0, 10)) {
            const get = await runCli(['cli', 'master', '--name', lab, 'GET', w.key], env);
            assert.equal(get.stdout.trim(), '', `${w.key} is not on the final master`);
          }
          for (const c of report.clients!.clients.filter((x) => x.client !== 'client-cmd')) {
            assert.equal(c.status, 'recovered', `${c.client} follows the sentinels to the new master`);
          }
        },
      );

      test('a broken driver is named with its line, the lab is restored, and nothing is left running', { timeout: 120_000 }, async () => {
        const run = await runCli(
          ['scenario', 'kill-master', ...labFlags, '--client-cmd', 'node test/fixtures/drivers/bad-json.mjs', '--json'],
          env,
          { timeoutMs: 100_000 },
        );
        const report = JSON.parse(run.stdout) as ScenarioReport;
        assert.deepEqual(report.clients!.clients[0]!.problems, ['client-cmd, stdout line 2: not JSON: "connected to mymaster!"']);
        const status = await runCli(['status', '--name', lab], env);
        assert.equal(status.code, 0, `the lab was restored: ${status.stdout}`);
      });
    }
  });
}
