import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import type { ScenarioReport } from '../../src/report/scenario-report.js';
import { buildTopology } from '../../src/topology/build-topology.js';
import { checkLabOptions } from '../../src/topology/lab-options.js';
import { FakeClock } from '../support/fake-clock.js';
import type { CapturedStream } from '../support/fake-cli.js';
import { FakeCli } from '../support/fake-cli.js';
import { FakeLab } from '../support/fake-lab.js';

const clis: FakeCli[] = [];
after(() => clis.forEach((cli) => rmSync(cli.home, { recursive: true, force: true })));

/** A FakeCli over a fake lab named `name` (not up until the test says so). */
function fakeCli(name = 'redis-ha-lab'): FakeCli {
  const clock = new FakeClock();
  const cli = new FakeCli(new FakeLab(buildTopology(checkLabOptions({ name }, {}).options), clock), clock);
  clis.push(cli);
  return cli;
}

/** Resolves once the stream has printed something that matches. */
function printed(stream: CapturedStream, pattern: RegExp): Promise<void> {
  return new Promise((resolve) => {
    const check = () => {
      if (!pattern.test(stream.text)) return;
      stream.off('data', check);
      resolve();
    };
    stream.on('data', check);
    setImmediate(check);
  });
}

const scenarioYaml = [
  'name: fake-kill',
  'description: kills a replica on a fake lab',
  'steps:',
  '  - kill: replica-1',
  '  - assert-role: { node: replica-1, role: down }',
  '',
].join('\n');

describe('commands run in-process against a fake lab, as main() runs them', () => {
  test('scenario --json: the report alone on stdout, no progress list on stderr (only which lab was used)', async () => {
    const cli = fakeCli();
    await cli.recordLab();
    const file = join(cli.home, 'fake.yaml');
    writeFileSync(file, scenarioYaml);
    const run = await cli.run('scenario', file, '--json');
    assert.equal(run.code, 0, run.stderr);
    const report = JSON.parse(run.stdout) as ScenarioReport;
    assert.equal(report.passed, true);
    assert.deepEqual(
      report.steps.map((s) => s.outcome),
      ['done', 'passed'],
    );
    assert.equal(run.stderr, "using lab 'redis-ha-lab' that is up\n");
  });

  test('scenario in CI: plain progress lines on stderr, timeline and verdict on stdout', async () => {
    const cli = fakeCli();
    await cli.recordLab();
    const file = join(cli.home, 'fake.yaml');
    writeFileSync(file, scenarioYaml);
    const run = await cli.run('scenario', file);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /^❯ kill replica-1\n✔ kill replica-1 \[0\.\ds\]\n❯ replica-1 is down\n✔ replica-1 is down/m);
    assert.match(run.stdout, /Timeline \(times from the fault\):/);
    assert.match(run.stdout, /✔ fake-kill passed/);
  });

  test('scenario with bad flags: every problem at once, exit 2, nothing run', async () => {
    const cli = fakeCli();
    await cli.recordLab();
    const run = await cli.run('scenario', 'kill-master', '--traffic-rate', '0', '--repeat', '0');
    assert.equal(run.code, 2);
    assert.match(run.stderr, /invalid options:\n {2}- --traffic-rate '0' is not allowed.*\n {2}- --repeat '0' is not allowed/);
    assert.ok(!cli.lab.calls.some((c) => c.startsWith('kill')));
  });

  test("down --runtime local is accepted, and down says so when the lab's record disagrees", async () => {
    const cli = fakeCli();
    await cli.recordLab('local');
    const same = await cli.run('down', '--runtime', 'local');
    assert.equal(same.code, 0, same.stderr);
    assert.match(same.stdout, /^removed lab 'redis-ha-lab': 6 nodes, its files$/m);
    assert.equal(same.stderr, '');

    await cli.recordLab('docker');
    const other = await cli.run('down', '--runtime', 'local');
    assert.equal(other.code, 0, other.stderr);
    assert.equal(other.stderr, "lab 'redis-ha-lab' was booted on docker, not local (its record says so): removing it from docker\n");
    assert.match(other.stdout, /removed lab 'redis-ha-lab'/);
  });

  test('cli master --name lab2 INFO replication: options between the node and the command are options', async () => {
    const cli = fakeCli('lab2');
    await cli.recordLab();
    const run = await cli.run('cli', 'master', '--name', 'lab2', 'INFO', 'replication');
    assert.equal(run.code, 0, run.stderr);
    assert.ok(cli.lab.calls.includes('redis-master: INFO replication'), cli.lab.calls.join('\n'));
    assert.ok((await cli.run('cli', 'replica-1', '--name=lab2', 'PING')).code === 0);
    assert.ok(cli.lab.calls.includes('redis-replica-1: PING'));

    const unknown = await cli.run('cli', 'master', '--nmae', 'lab2', 'INFO');
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown option '--nmae' before the command/);
  });

  test('watch ends, saying so, when the lab it watches is removed', async () => {
    const cli = fakeCli();
    await cli.recordLab();
    const deps = cli.deps();
    const watching = import('../../src/cli/main.js').then(({ runProgram }) =>
      runProgram(['node', 'redis-ha-lab', 'watch', '--json'], deps),
    );
    await printed(deps.stdout, /"type":"node"/);
    await cli.store.remove('redis-ha-lab');
    assert.equal(await watching, 0);
    const last = JSON.parse(deps.stdout.text.trim().split('\n').at(-1)!) as { type: string; message: string };
    assert.equal(last.type, 'lab');
    assert.match(last.message, /^lab 'redis-ha-lab' is gone \(removed by redis-ha-lab down\); nothing left to watch/);
  });

  test('watch --wait waits for the lab, follows it across down and up, and ends on Ctrl-C', async () => {
    const cli = fakeCli();
    const deps = cli.deps();
    const watching = import('../../src/cli/main.js').then(({ runProgram }) =>
      runProgram(['node', 'redis-ha-lab', 'watch', '--wait', '--json'], deps),
    );
    await printed(deps.stdout, /is not up; waiting for it/);
    await cli.recordLab();
    await printed(deps.stdout, /"type":"node"/);
    await cli.store.remove('redis-ha-lab');
    await printed(deps.stdout, /"type":"node"[^]*is not up; waiting for it/);
    cli.controller.abort(new Error('interrupted'));
    assert.equal(await watching, 0);
    assert.doesNotMatch(deps.stdout.text, /nothing left to watch/);
  });
});
