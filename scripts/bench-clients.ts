/**
 * npm run bench:clients: what each client library goes through in kill-master and pause-master, with its
 * defaults and with its recommended profile, under real redis-sentinel and under the engine; down-after 1000,
 * every available driver at once, median of N runs. Writes bench/CLIENTS.md.
 *
 *   node dist/scripts/bench-clients.js [--repeat 3] [--runtime local|docker] [--out bench/CLIENTS.md]
 */
import { writeFileSync } from 'node:fs';
import type { ClientVerdict } from '../src/clients/client-verdict.js';
import { clientProfiles } from '../src/clients/clients-options.js';
import { down } from '../src/lab/down.js';
import { labEnvironment } from '../src/lab/lab-environment.js';
import { up } from '../src/lab/up.js';
import { formatPlanProblems, planScenario } from '../src/scenario/plan-scenario.js';
import { runScenario } from '../src/scenario/run-scenario.js';
import { checkLabOptions } from '../src/topology/lab-options.js';
import { median, seconds } from './bench-support.js';

const args = process.argv.slice(2);
const flag = (name: string, fallback: string) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1]! : fallback;
};
const repeat = Number(flag('--repeat', '3'));
const runtime = flag('--runtime', 'local') as 'local' | 'docker';
const out = flag('--out', 'bench/CLIENTS.md');
const scenarios = ['kill-master', 'pause-master'];
const sentinelKinds = ['redis', 'engine'] as const;
const lab = 'bench-clients';

interface Cell {
  scenario: string;
  sentinel: string;
  profile: string;
  client: string;
  version: string;
  verdicts: ClientVerdict[];
}

const env = labEnvironment();
const cells = new Map<string, Cell>();
const log = (message: string) => process.stderr.write(`${message}\n`);

for (const sentinel of sentinelKinds) {
  // One lab per sentinel kind, kept up across runs: each run restores it and waits until it is healthy.
  const options = checkLabOptions({ name: lab, sentinel, downAfter: '1000' }, process.env);
  if (options.problems.length > 0) throw new Error(JSON.stringify(options.problems));
  const runtimeImpl = env.runtimes[runtime]();
  log(`booting a ${runtime} lab with ${sentinel} sentinels`);
  await up(options.options, { ...env, runtime: runtimeImpl, emit: () => undefined });
  try {
    for (const scenario of scenarios) {
      for (const profile of clientProfiles) {
        for (let i = 1; i <= repeat; i++) {
          const planned = planScenario(scenario, { name: lab, clients: 'all', clientProfile: profile, clientOps: 'write' }, process.env);
          if (!planned.ok) throw new Error(formatPlanProblems(planned.problems));
          const started = performance.now();
          const record = await runScenario(planned.plan, { ...env, emit: () => undefined });
          for (const verdict of record.clients?.verdicts ?? []) {
            const key = `${scenario}/${sentinel}/${profile}/${verdict.client}`;
            const cell = cells.get(key) ?? {
              scenario,
              sentinel,
              profile,
              client: verdict.client,
              version: verdict.version ?? '?',
              verdicts: [],
            };
            cell.verdicts.push(verdict);
            cells.set(key, cell);
          }
          const summary = (record.clients?.verdicts ?? []).map((v) => `${v.client} ${v.status}`).join(', ');
          log(`${scenario} ${sentinel} ${profile} run ${i}/${repeat}: ${((performance.now() - started) / 1000).toFixed(1)} s; ${summary}`);
        }
      }
    }
  } finally {
    await down(lab, env);
  }
}

const lines: string[] = [
  '# Client libraries through a failover',
  '',
  `\`npm run bench:clients\` on ${new Date().toISOString().slice(0, 10)}, ${runtime} runtime, down-after-milliseconds 1000, every`,
  `driver at once at 20 writes/s, median of ${repeat} runs (times from the fault). "recovered" counts the runs in which the`,
  'client wrote to the new master before the scenario ended; the outage is its longest stretch without a successful',
  'write. Lost: acknowledged writes the final master does not hold (kill-master has no WAIT, so a write acknowledged',
  'just before the kill can be lost). Profiles: docs/CLIENTS.md.',
  '',
];
const fmt = (values: (number | null)[]) => {
  const known = values.filter((v): v is number => v !== null);
  return known.length === 0 ? '—' : seconds(median(known));
};
for (const scenario of scenarios) {
  for (const sentinel of sentinelKinds) {
    lines.push(`## ${scenario}, ${sentinel === 'redis' ? 'redis-sentinel' : 'the engine'}`, '');
    lines.push(
      '| client | profile | recovered | recovered after | longest outage | lost (median) | acked by non-master (median) | errors (median, RO/timeout/conn/other) |',
    );
    lines.push('| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |');
    for (const cell of [...cells.values()].filter((c) => c.scenario === scenario && c.sentinel === sentinel)) {
      const v = cell.verdicts;
      const recovered = v.filter((x) => x.status === 'recovered' || x.status === 'unaffected').length;
      const errors = (['readonly', 'timeout', 'connection', 'other'] as const).map((k) => median(v.map((x) => x.errors[k]))).join('/');
      lines.push(
        `| ${cell.client} ${cell.version} | ${cell.profile} | ${recovered}/${v.length}${recovered < v.length ? ' (STUCK in the others)' : ''} | ` +
          `${fmt(v.map((x) => x.recoveredAfterMs))} | ${fmt(v.map((x) => x.longestOutageMs))} | ${median(v.map((x) => x.lost.length))} | ` +
          `${median(v.map((x) => x.ackedByNonMaster.length))} | ${errors} |`,
      );
    }
    lines.push('');
  }
}
writeFileSync(out, `${lines.join('\n')}\n`);
log(`wrote ${out}`);
