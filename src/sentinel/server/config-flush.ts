// sentinelFlushConfigAndReply() and sentinelFlushConfig() as seen from a command: the state change is
// already made; the config file is rewritten and the client told whether that worked.

import { LogLevel } from '../constants.js';
import { errorReply, ok } from '../resp/reply.js';
import type { ClientConnection } from './client-connection.js';
import type { ServerContext } from './server-context.js';

export const FLUSH_FAILED = 'ERR Failed to save config file. Check server logs.';

/** Rewrite the config, then reply +OK or the error of sentinelFlushConfigAndReply(). */
export async function flushConfigAndReply(ctx: ServerContext, client: ClientConnection): Promise<void> {
  client.reply((await flushConfig(ctx)) ? ok() : errorReply(FLUSH_FAILED));
}

/** Rewrite the config; false on failure (the hook is expected to have logged why). */
export async function flushConfig(ctx: ServerContext): Promise<boolean> {
  try {
    await ctx.hooks.flushConfig();
    return true;
  } catch (err) {
    ctx.hooks.log(LogLevel.VERBOSE, `config rewrite requested by a command failed: ${err instanceof Error ? err.message : String(err)}`);
    return false;
  }
}
