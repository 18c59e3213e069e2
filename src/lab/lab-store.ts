import { chmod, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { usageError } from '../common/errors.js';
import type { RenderedFile } from '../topology/render.js';
import type { Topology } from '../topology/topology.js';

import type { RuntimeKind } from '../runtime/runtime.js';

/** What later commands (status, down, scenario) need to know about a lab that `up` booted. */
export interface LabRecord {
  formatVersion: 1;
  runtime: RuntimeKind;
  createdAt: string;
  /** booting until `up` saw the lab ready; a booting record whose `up` is gone is a leftover. */
  state: 'booting' | 'ready';
  /** The pid of the `up` that boots it. */
  bootedBy: number;
  topology: Topology;
}

const recordFile = 'lab.json';

/** Where labs keep their files: $REDIS_HA_LAB_HOME, or ~/.redis-ha-lab. */
export function labsHome(env: NodeJS.ProcessEnv = process.env): string {
  return env.REDIS_HA_LAB_HOME?.trim() || join(homedir(), '.redis-ha-lab');
}

/** The directory of one lab's files (configs, compose file, lab.json), under labsHome(). */
export class LabStore {
  constructor(readonly home: string) {}

  labDir(name: string): string {
    return join(this.home, 'labs', name);
  }

  async read(name: string): Promise<LabRecord | undefined> {
    const path = join(this.labDir(name), recordFile);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    try {
      const record = JSON.parse(text) as LabRecord;
      if (record.formatVersion !== 1) throw new Error(`unknown formatVersion ${String(record.formatVersion)}`);
      return record;
    } catch (error) {
      throw usageError(
        `${path} is not a lab record this version understands (${(error as Error).message}); remove the lab with 'redis-ha-lab down --name ${name}'`,
      );
    }
  }

  async names(): Promise<string[]> {
    try {
      return (await readdir(join(this.home, 'labs'), { withFileTypes: true }))
        .filter((e) => e.isDirectory())
        .map((e) => e.name)
        .sort();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
  }

  /** Writes the record first, so a lab interrupted while booting can still be found and removed. */
  async create(record: LabRecord, files: RenderedFile[]): Promise<string> {
    const dir = this.labDir(record.topology.name);
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, recordFile), JSON.stringify(record, null, 2) + '\n');
    await writeRendered(dir, files);
    return dir;
  }

  async markReady(name: string): Promise<void> {
    const record = await this.read(name);
    if (!record) throw new Error(`lab ${name} has no record`);
    await writeFile(join(this.labDir(name), recordFile), JSON.stringify({ ...record, state: 'ready' }, null, 2) + '\n');
  }

  async remove(name: string): Promise<boolean> {
    const dir = this.labDir(name);
    const existed = (await this.names()).includes(name);
    await rm(dir, { recursive: true, force: true });
    return existed;
  }
}

/** Writes rendered files under `dir`, with world-writable node directories (see RenderedFile.mode). */
export async function writeRendered(dir: string, files: RenderedFile[]): Promise<void> {
  for (const file of files) {
    const path = join(dir, file.path);
    const parent = dirname(path);
    await mkdir(parent, { recursive: true });
    if (parent !== dir) await chmod(parent, 0o777);
    await writeFile(path, file.content);
    await chmod(path, file.mode);
  }
}
