import chalk from 'chalk';
import { formatPlanProblems, planScenario } from '../../scenario/plan-scenario.js';
import { builtinScenarioNames } from '../../scenario/scenario-files.js';
import { stepKinds } from '../../scenario/steps/registry.js';
import type { CliDeps } from '../cli-deps.js';

/** Lists the built-in scenarios with what each teaches; with --steps, the step kinds a scenario can use. */
export async function runScenariosCommand(options: { steps?: boolean }, deps: CliDeps): Promise<number> {
  if (options.steps) {
    const width = Math.max(...stepKinds.map((k) => k.kind.length));
    for (const category of ['fault', 'action', 'wait', 'assert'] as const) {
      deps.stdout.write(chalk.bold(`${category}s\n`));
      for (const kind of stepKinds.filter((k) => k.category === category))
        deps.stdout.write(`  ${kind.kind.padEnd(width)}  ${kind.summary}\n`);
    }
    return 0;
  }
  for (const name of builtinScenarioNames()) {
    const planned = planScenario(name, {}, deps.env);
    // A built-in that does not plan is a bug in the package, not the user's input.
    if (!planned.ok) throw new Error(`built-in scenario ${name} is invalid:\n${formatPlanProblems(planned.problems)}`);
    deps.stdout.write(`${chalk.bold(name)}\n${indent(planned.plan.scenario.description)}\n\n`);
  }
  deps.stdout.write(chalk.dim('Run one with: redis-ha-lab scenario <name>   (or a path to your own YAML file; see README)\n'));
  return 0;
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
}
