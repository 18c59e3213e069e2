/** Parses the text of INFO into section → field → value (sections lower-cased, e.g. "replication"). */
export function parseInfo(text: string): Map<string, Map<string, string>> {
  const sections = new Map<string, Map<string, string>>();
  let current = new Map<string, string>();
  sections.set('', current);
  for (const rawLine of text.split('\n')) {
    const line = rawLine.trim();
    if (line === '') continue;
    if (line.startsWith('#')) {
      current = new Map();
      sections.set(line.slice(1).trim().toLowerCase(), current);
      continue;
    }
    const colon = line.indexOf(':');
    if (colon > 0) current.set(line.slice(0, colon), line.slice(colon + 1));
  }
  return sections;
}

/** What INFO replication says about a node's place in replication. */
export interface ReplicationInfo {
  role: 'master' | 'replica';
  /** replicas only: the master they follow, as "host:port". */
  master?: string;
  link?: 'up' | 'down';
  /** master_repl_offset on a master, slave_repl_offset on a replica. */
  offset: number;
  connectedReplicas: number;
}

export function parseReplicationInfo(text: string): ReplicationInfo {
  const fields = parseInfo(text).get('replication') ?? new Map<string, string>();
  const reported = fields.get('role');
  // Anything but a clear role is not taken for a master: that would report a split brain that is not there.
  if (reported !== 'master' && reported !== 'slave')
    throw new Error(`INFO replication has no role (got: ${text.slice(0, 60).trim() || 'nothing'})`);
  const role = reported === 'slave' ? 'replica' : 'master';
  const connectedReplicas = Number(fields.get('connected_slaves') ?? 0);
  if (role === 'master') {
    return { role, offset: Number(fields.get('master_repl_offset') ?? 0), connectedReplicas };
  }
  return {
    role,
    master: `${fields.get('master_host') ?? '?'}:${fields.get('master_port') ?? '?'}`,
    link: fields.get('master_link_status') === 'up' ? 'up' : 'down',
    offset: Number(fields.get('slave_repl_offset') ?? 0),
    connectedReplicas,
  };
}

/** SENTINEL MASTER's flat [field, value, ...] reply as a record. */
export function pairsToRecord(reply: unknown): Record<string, string> {
  const record: Record<string, string> = {};
  if (!Array.isArray(reply)) return record;
  for (let i = 0; i + 1 < reply.length; i += 2) record[String(reply[i])] = String(reply[i + 1]);
  return record;
}
