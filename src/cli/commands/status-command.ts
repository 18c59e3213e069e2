import { ExitCode } from '../../common/errors.js';
import { labStatus, readLab } from '../../lab/status.js';
import { formatStatusTable } from '../../report/status-table.js';
import { parseLabName } from '../../topology/lab-options.js';
import type { CliDeps } from '../cli-deps.js';

/** Exit 0 when the lab is healthy, 1 when status found problems (so scripts can gate on it). */
export async function runStatus(options: { name?: string; json?: boolean }, deps: CliDeps): Promise<number> {
  const record = await readLab(parseLabName(options.name), deps.store);
  const status = await labStatus(record, deps.io);
  deps.stdout.write(options.json ? JSON.stringify(status, null, 2) + '\n' : formatStatusTable(status, record.topology) + '\n');
  return status.healthy ? ExitCode.ok : ExitCode.failed;
}
