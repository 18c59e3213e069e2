/**
 * A reply printed the way `redis-cli` prints to a pipe: bulk strings raw, nil as an empty line, arrays one
 * element per line (nested arrays flattened), so scripts written for redis-cli read it the same.
 */
export function formatCliReply(reply: unknown): string {
  const lines: string[] = [];
  const walk = (value: unknown) => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value === null || value === undefined) lines.push('');
    else if (Buffer.isBuffer(value)) lines.push(value.toString('utf8'));
    else lines.push(String(value));
  };
  walk(reply);
  return lines.join('\n') + '\n';
}
