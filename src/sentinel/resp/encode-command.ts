// A command as a RESP2 multibulk request (*<argc> then $<len> per argument), the only
// request form processMultibulkBuffer in networking.c accepts for binary-safe arguments;
// Sentinel's own links send commands the same way through hiredis' redisFormatCommandArgv.

export function encodeCommand(args: ReadonlyArray<string | number>): Buffer {
  const parts: Buffer[] = [Buffer.from(`*${args.length}\r\n`)];
  for (const arg of args) {
    const bytes = Buffer.from(typeof arg === 'number' ? String(arg) : arg, 'utf8');
    parts.push(Buffer.from(`$${bytes.length}\r\n`), bytes, Buffer.from('\r\n'));
  }
  return Buffer.concat(parts);
}
