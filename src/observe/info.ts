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

/**
 * What INFO server says a process is. Valkey names itself in server_name and its release in valkey_version, and
 * keeps redis_version at the Redis release it forked from (Valkey 8.0.1 says redis_version:7.2.4); it also
 * renamed redis_mode to server_mode (server.c, genValkeyInfoString). Redis has neither server_name nor server_mode.
 */
export interface ServerSoftware {
  /** server_name (valkey), or redis when INFO has none. */
  name: string;
  /** <name>_version when INFO has it (valkey_version), else redis_version. */
  version: string;
  /** standalone, sentinel or cluster: server_mode (Valkey), else redis_mode. */
  mode?: string;
}

/** INFO server (or a full INFO) → the software; undefined when the text has no version at all. */
export function parseServerInfo(text: string): ServerSoftware | undefined {
  const sections = parseInfo(text);
  const fields = sections.get('server') ?? sections.get('') ?? new Map<string, string>();
  const name = fields.get('server_name')?.trim() || 'redis';
  const version = fields.get(`${name}_version`) ?? fields.get('redis_version');
  if (version === undefined) return undefined;
  const mode = fields.get('server_mode') ?? fields.get('redis_mode');
  return { name, version, ...(mode !== undefined ? { mode } : {}) };
}

/** "valkey 8.0.1", "redis 7.0.15". */
export function formatSoftware(software: ServerSoftware): string {
  return `${software.name} ${software.version}`;
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
