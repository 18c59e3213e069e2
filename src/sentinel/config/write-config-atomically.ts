// Replacing the config file without ever leaving a truncated one behind, as
// rewriteConfigOverwriteFile() (config.c) does: write "<file>.XXXXXX" next to it, fsync it, give it
// mode 0644 minus the umask (Redis does not keep the old file's mode), rename it over the file, and
// fsync the directory so the rename itself is durable. On failure the temporary file is removed.
// Synchronous like sentinelFlushConfig(): the file is current before the next event is handled.

import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

const TEMP_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function writeConfigAtomically(path: string, text: string): void {
  const temp = `${path}.${mkstempSuffix()}`;
  // Created exclusively like mkstemp(); creating with 0644 lets the kernel apply the umask, which
  // gives the same mode as Redis's fchmod(fd, 0644 & ~umask).
  const fd = openSync(temp, 'wx', 0o644);
  let renamed = false;
  try {
    writeSync(fd, text);
    fsyncSync(fd);
    renameSync(temp, path);
    renamed = true;
    syncDirectory(dirname(path));
  } finally {
    closeSync(fd);
    if (!renamed) {
      try {
        unlinkSync(temp);
      } catch {
        // already gone
      }
    }
  }
}

/** fsyncFileDir(). */
function syncDirectory(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function mkstempSuffix(): string {
  return [...randomBytes(6)].map((b) => TEMP_CHARS[b % TEMP_CHARS.length]).join('');
}
