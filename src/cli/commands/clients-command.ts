import chalk from 'chalk';
import type { DriverAvailability } from '../../clients/builtin-drivers.js';
import { builtinDriverNames, checkDrivers } from '../../clients/builtin-drivers.js';
import { ExitCode, usageError } from '../../common/errors.js';
import type { CliDeps } from '../cli-deps.js';

/**
 * Lists the built-in client drivers: the library and version each one loads here, or why it cannot run and what
 * to install. Naming drivers checks only those, and exits 3 when one of them cannot run (for CI set-up steps).
 */
export async function runClientsCommand(names: string[], options: { json?: boolean }, deps: CliDeps): Promise<number> {
  const unknown = names.filter((n) => !(builtinDriverNames as readonly string[]).includes(n));
  if (unknown.length > 0) {
    throw usageError(
      `no built-in client driver named ${unknown.map((n) => `'${n}'`).join(', ')}: choose from ${builtinDriverNames.join(', ')}`,
    );
  }
  const checked = await checkDrivers(deps.spawnDriver, deps.clock, names.length > 0 ? names : builtinDriverNames);
  if (options.json) deps.stdout.write(`${JSON.stringify(checked.map(asJson), null, 2)}\n`);
  else deps.stdout.write(formatDrivers(checked));
  const missing = checked.filter((c) => !c.available);
  return names.length > 0 && missing.length > 0 ? ExitCode.environment : ExitCode.ok;
}

function asJson(c: DriverAvailability) {
  const base = { name: c.driver.name, language: c.driver.language, command: c.driver.command, available: c.available };
  return c.available
    ? { ...base, library: c.hello.library, version: c.hello.version, runtime: c.hello.language }
    : { ...base, reason: c.reason, install: c.driver.install };
}

function formatDrivers(checked: DriverAvailability[]): string {
  const width = Math.max(...checked.map((c) => c.driver.name.length));
  const lines = checked.map((c) => {
    const name = chalk.bold(c.driver.name.padEnd(width));
    if (!c.available) return `${name}  ${chalk.red('not available')}: ${c.reason}`;
    const runtime = c.hello.language ? chalk.dim(` (${c.hello.language})`) : '';
    return `${name}  ${chalk.green(`${c.hello.library} ${c.hello.version}`)}${runtime}`;
  });
  return `${lines.join('\n')}\n`;
}
