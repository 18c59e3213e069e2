import assert from 'node:assert/strict';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { ScenarioReport } from '../../src/report/scenario-report.js';
import { formatTimeline } from '../../src/report/timeline-text.js';
import { skipDocker, testImage } from '../support/docker-helpers.js';
import { cliEnv, runCli, testHome } from '../support/run-cli.js';

/**
 * --persistence aof against the restart-empty-master built-in, whose default run (persistence none, in
 * builtin-scenarios) shows every acknowledged key gone: with AOF the restarted master reloads them, the replicas
 * resync them back, the clients lose nothing; the data lives in each node's directory until `down`.
 */
for (const runtime of ['local', 'docker'] as const) {
  describe(
    `persistence aof on ${runtime}: a master restarted within down-after keeps its data`,
    { skip: runtime === 'docker' ? skipDocker : false },
    () => {
      const home = testHome();
      const lab = `itest-aof-${runtime}`;
      let env: NodeJS.ProcessEnv;
      before(() => {
        env = cliEnv(home, { REDIS_HA_LAB_IMAGE: runtime === 'docker' ? testImage() : '' });
      });
      after(async () => {
        await runCli(['down', '--name', lab], env);
        rmSync(home, { recursive: true, force: true });
      });

      test('restart-empty-master: the keys are on every node, the clients lose nothing, and down removes the files', async () => {
        const up = await runCli(['up', '--runtime', runtime, '--name', lab, '--port-base', '10379', '--persistence', 'aof'], env);
        assert.equal(up.code, 0, up.stderr);
        const statusRun = await runCli(['status', '--name', lab, '--json'], env);
        assert.equal(statusRun.code, 0, statusRun.stderr);
        const status = JSON.parse(statusRun.stdout) as { persistence: string };
        assert.equal(status.persistence, 'aof');

        const run = await runCli(['scenario', 'restart-empty-master', '--name', lab, '--persistence', 'aof', '--json'], env, {
          timeoutMs: 180_000,
        });
        const report = JSON.parse(run.stdout) as ScenarioReport;
        assert.equal(run.code, 0, `${run.stderr}\n${formatTimeline(report)}`);
        const kept = report.steps.filter((s) => s.kind === 'assert-keys' && s.outcome === 'passed');
        assert.deepEqual(
          kept.map((s) => s.title),
          ["keys 'acknowledged' are on old-master", "keys 'acknowledged' are on replica", "keys 'acknowledged' are on replica#2"],
        );
        const notApplicable = report.steps.filter((s) => s.outcome === 'skipped');
        assert.equal(notApplicable.length, 3, 'the persistence-none checks are skipped, with their reason');
        for (const step of notApplicable) assert.equal(step.detail, 'only when persistence is none (this lab: aof)');
        assert.ok(!report.events.some((e) => e.name === '+switch-master'), 'no failover');
        for (const client of report.clients?.clients ?? [])
          assert.equal(client.lost.length, 0, `${client.client} lost acknowledged writes`);

        const masterDir = join(home, 'labs', lab, report.oldMaster!);
        assert.ok(readdirSync(masterDir).includes('appendonlydir'), `the master's AOF is in ${masterDir}`);
        const down = await runCli(['down', '--name', lab], env);
        assert.equal(down.code, 0, down.stderr);
        assert.equal(existsSync(join(home, 'labs', lab)), false, 'down removes every data directory');
      });
    },
  );
}
