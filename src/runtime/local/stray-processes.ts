import { readdir, readFile, readlink } from 'node:fs/promises';
import { processState } from './node-process.js';

/**
 * Pids of every process whose working directory is inside `dir` (Linux, from /proc). A `up` killed between
 * starting a node and writing its pid file leaves a process no pid file names; Redis runs in its node's
 * directory, so this still finds it.
 */
export async function processesUnder(dir: string): Promise<number[]> {
  if (process.platform !== 'linux') return [];
  const pids: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    const cwd = await readlink(`/proc/${entry}/cwd`).catch(() => '');
    if (cwd.startsWith(`${dir}/`)) pids.push(Number(entry));
  }
  return pids;
}

/** Whether a pid still runs: exists and is not a zombie waiting for a parent that may never reap it. */
export async function isRunning(pid: number): Promise<boolean> {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  if (process.platform !== 'linux') return true;
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  return stat !== '' && processState(stat) !== 'Z';
}
