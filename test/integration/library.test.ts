import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, describe, test } from 'node:test';
import type { RunEvent } from 'redis-ha-lab';
import { buildReport, down, formatPlanProblems, labEnvironment, planScenario, runScenario } from 'redis-ha-lab';
import { testHome } from '../support/run-cli.js';

// The package imported by its name, as an application or a CI script would: the `main`/`exports` of package.json.
describe('redis-ha-lab as a library', () => {
  const home = testHome();
  const lab = 'itest-library';
  const env = labEnvironment({ home });
  after(async () => {
    await down(lab, env);
    rmSync(home, { recursive: true, force: true });
  });

  test('plans kill-master, boots a local lab for it, runs it, and the report says it passed', { timeout: 180_000 }, async () => {
    const planned = planScenario('kill-master', { name: lab, runtime: 'local', portBase: '12379', downAfter: '1000' }, {});
    if (!planned.ok) assert.fail(formatPlanProblems(planned.problems));
    const events: RunEvent[] = [];
    const record = await runScenario(planned.plan, { ...env, emit: (event) => events.push(event) });
    const report = buildReport(record);
    assert.equal(
      report.passed,
      true,
      JSON.stringify(
        report.steps.filter((s) => s.outcome !== 'passed' && s.outcome !== 'done'),
        null,
        2,
      ),
    );
    assert.equal(report.runtime, 'local');
    assert.equal(report.bootedLab, true);
    assert.ok(report.events.some((e) => e.name === '+switch-master'));
    const verdictAt = events.findIndex((e) => e.type === 'verdict');
    const verdict = events[verdictAt];
    assert.ok(verdict?.type === 'verdict' && verdict.passed, 'the verdict event says passed');
    // The verdict comes once the lab is restored; removing the lab it booted is the runner's last word.
    assert.ok(events.findIndex((e) => e.type === 'restore-finished') < verdictAt);
    assert.deepEqual(
      events.filter((e) => e.type === 'note').map((e) => e.type === 'note' && e.message),
      [
        `no lab '${lab}' is up: booting one on local for this scenario (it is removed afterwards)`,
        `removed lab '${lab}' that this scenario booted`,
      ],
    );
  });
});
