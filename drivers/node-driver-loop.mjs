// What the two Node.js drivers share: reading the RHL_* settings, the paced attempt loop, and the JSON lines.
// Protocol: docs/CLIENTS.md.

export function emit(line) {
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

export function readSettings(profiles) {
  const env = process.env;
  const profile = env.RHL_PROFILE || 'default';
  if (!(profile in profiles)) {
    process.stderr.write(`unknown RHL_PROFILE '${profile}': use ${Object.keys(profiles).join(' or ')}\n`);
    process.exit(2);
  }
  return {
    profile,
    library: profiles[profile],
    sentinels: (env.RHL_SENTINELS ?? '')
      .split(',')
      .filter(Boolean)
      .map((address) => {
        const at = address.lastIndexOf(':');
        return { host: address.slice(0, at), port: Number(address.slice(at + 1)) };
      }),
    masterName: env.RHL_MASTER_NAME || 'mymaster',
    password: env.RHL_PASSWORD || undefined,
    prefix: env.RHL_KEY_PREFIX || 'rhl:node:',
    ops: (env.RHL_OPS || 'write').split(','),
    periodMs: 1000 / Number(env.RHL_RATE || 20),
    durationMs: Number(env.RHL_DURATION_MS || 0),
  };
}

/** One attempt at a time, started every periodMs (later when one takes longer), until stdin closes or time is up. */
export async function attemptLoop(settings, client) {
  let stopping = false;
  const stopped = new Promise((resolve) => {
    if (settings.durationMs) return;
    // The lab closes our stdin to say "finish the attempt under way and exit".
    process.stdin.on('end', () => {
      stopping = true;
      resolve();
    });
    process.stdin.resume();
  });
  const started = Date.now();
  let lastWritten;
  for (let n = 0; !stopping && !(settings.durationMs && Date.now() - started >= settings.durationMs); n++) {
    const op = settings.ops[n % settings.ops.length];
    const at = Date.now();
    const line = { type: 'attempt', t: at, op };
    try {
      if (op === 'write') {
        Object.assign(line, { key: `${settings.prefix}${n}`, value: String(n) });
        await client.write(`${settings.prefix}${n}`, String(n));
        lastWritten = n;
      } else if (op === 'read') {
        line.key = `${settings.prefix}${lastWritten ?? 'none'}`;
        line.value = await client.read(line.key);
      } else if (op === 'blpop') {
        line.key = `${settings.prefix}queue`;
        await client.blpop(line.key);
      }
      line.ok = true;
    } catch (error) {
      // every failure is data: the lab judges it
      Object.assign(line, { ok: false, error: `${error?.name ?? 'Error'}: ${error?.message ?? error}` });
    }
    line.ms = Date.now() - at;
    const server = client.server();
    if (server) line.server = server;
    emit(line);
    const pause = at + settings.periodMs - Date.now();
    if (pause > 0) await Promise.race([new Promise((resolve) => setTimeout(resolve, pause)), stopped]);
  }
}
