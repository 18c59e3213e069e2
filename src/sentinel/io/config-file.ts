// The sentinel.conf an engine runs from: read once at start, rewritten in place whenever the state changes
// (sentinel.c: sentinelCheckConfigFile, sentinelFlushConfig).

import { checkConfigWritable, readSentinelConfig } from '../config/read-config.js';
import { rewriteSentinelConfig } from '../config/rewrite-config.js';
import type { SentinelConfig } from '../config/sentinel-config.js';
import { writeConfigAtomically } from '../config/write-config-atomically.js';

export class ConfigFile {
  private constructor(
    readonly path: string,
    private text: string,
    readonly config: SentinelConfig,
  ) {}

  /** Reads and checks the file: it must parse, and be writable, or Sentinel refuses to start. */
  static async open(path: string): Promise<ConfigFile> {
    const loaded = await readSentinelConfig(path);
    await checkConfigWritable(loaded.path);
    return new ConfigFile(loaded.path, loaded.text, loaded.config);
  }

  /** A top-level directive the engine does not model, e.g. bind-source-addr: its first argument. */
  topLevel(name: string): string | undefined {
    return this.config.otherDirectives?.find((d) => d.name === name)?.args[0];
  }

  /** Rewrite the file with `config`, keeping what Sentinel does not own. */
  write(config: SentinelConfig, aclUsers?: string[]): void {
    const next = rewriteSentinelConfig(this.text, config, { cwd: config.dir, aclUsers });
    writeConfigAtomically(this.path, next);
    this.text = next;
  }
}
