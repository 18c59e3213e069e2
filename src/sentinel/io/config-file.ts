// The sentinel.conf an engine runs from: read once at start, rewritten in place whenever the state changes
// (sentinel.c: sentinelCheckConfigFile, sentinelFlushConfig).

import type { CompatProfile } from '../compat/compat-profile.js';
import { checkConfigWritable, readSentinelConfig } from '../config/read-config.js';
import { rewriteSentinelConfig } from '../config/rewrite-config.js';
import type { SentinelConfig } from '../config/sentinel-config.js';
import { writeConfigAtomically } from '../config/write-config-atomically.js';

export class ConfigFile {
  private constructor(
    readonly path: string,
    private text: string,
    readonly config: SentinelConfig,
    private readonly compat: CompatProfile,
  ) {}

  /** Reads and checks the file: it must parse, and be writable, or Sentinel refuses to start. */
  static async open(path: string, compat: CompatProfile): Promise<ConfigFile> {
    const loaded = await readSentinelConfig(path, compat);
    await checkConfigWritable(loaded.path);
    return new ConfigFile(loaded.path, loaded.text, loaded.config, compat);
  }

  /** A top-level directive the engine does not model, e.g. bind-source-addr: its first argument. */
  topLevel(name: string): string | undefined {
    return this.config.otherDirectives?.find((d) => d.name === name)?.args[0];
  }

  /** Rewrite the file with `config`, keeping what Sentinel does not own. */
  write(config: SentinelConfig, aclUsers?: string[]): void {
    const next = rewriteSentinelConfig(this.text, config, { cwd: config.dir, aclUsers, compat: this.compat });
    writeConfigAtomically(this.path, next);
    this.text = next;
  }
}
