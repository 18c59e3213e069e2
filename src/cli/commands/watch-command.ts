import type { LabRecord } from '../../lab/lab-store.js';
import { readLab } from '../../lab/status.js';
import { assessLab } from '../../observe/assess-lab.js';
import type { WatchChange } from '../../observe/lab-watcher.js';
import { watchLab } from '../../observe/lab-watcher.js';
import type { NodeStatus } from '../../observe/node-status.js';
import type { TimelineEvent } from '../../observe/timeline.js';
import { renderWatchScreen } from '../../report/watch-screen.js';
import { parseLabName } from '../../topology/lab-options.js';
import type { CliDeps } from '../cli-deps.js';

const enterScreen = '\u001b[?1049h\u001b[?25l';
const leaveScreen = '\u001b[?25h\u001b[?1049l';
const home = '\u001b[H';
const clearLine = '\u001b[K';
const clearBelow = '\u001b[J';
const keptEvents = 500;
/** How often watch checks that the lab is still there (its record, which `down` removes last). */
const recordCheckMs = 1000;

type WatchEnd = 'interrupted' | 'gone';

/**
 * A live view of the lab until Ctrl-C: full screen on a terminal (redrawn in place, on the alternate screen so
 * the terminal is left as it was), or one JSON object per change and per event when stdout is not a terminal
 * or with --json. When the lab is removed (`down` in another terminal) watch says so and ends; with --wait it
 * waits for a lab of that name to be up again and goes on watching it.
 */
export async function runWatch(options: { name?: string; json?: boolean; wait?: boolean }, deps: CliDeps): Promise<number> {
  const name = parseLabName(options.name);
  const out = deps.stdout as NodeJS.WriteStream;
  const json = options.json || !out.isTTY;
  let record: LabRecord | undefined = options.wait ? await deps.store.read(name) : await readLab(name, deps.store);
  const tell = (message: string) => {
    if (json) out.write(JSON.stringify({ type: 'lab', at: new Date(deps.clock.now()).toISOString(), lab: name, message }) + '\n');
    else out.write(home + message + clearLine + clearBelow);
  };

  if (!json) out.write(enterScreen);
  let end: WatchEnd | undefined;
  try {
    for (;;) {
      if (!record) {
        tell(`lab '${name}' is not up; waiting for it (redis-ha-lab up --name ${name}), Ctrl-C to quit`);
        record = await waitForRecord(name, deps);
        if (!record) {
          end = 'interrupted';
          break;
        }
      }
      end = await watchRecord(record, json, deps);
      if (end === 'interrupted' || !options.wait) break;
      record = undefined;
    }
  } finally {
    if (!json) out.write(leaveScreen);
  }
  if (end === 'gone') {
    const message = `lab '${name}' is gone (removed by redis-ha-lab down); nothing left to watch. With --wait, watch waits for it to be up again.`;
    if (json) tell(message);
    else deps.stderr.write(`${message}\n`);
  }
  return 0;
}

/** Polls the store until a lab of that name has a record; undefined when interrupted first. */
async function waitForRecord(name: string, deps: CliDeps): Promise<LabRecord | undefined> {
  while (!deps.signal.aborted) {
    const record = await deps.store.read(name);
    if (record) return record;
    await deps.clock.sleep(recordCheckMs, deps.signal).catch(() => undefined);
  }
  return undefined;
}

/** Watches one lab until Ctrl-C or until its record goes (or is replaced by another lab's of the same name). */
async function watchRecord(record: LabRecord, json: boolean, deps: CliDeps): Promise<WatchEnd> {
  const topology = record.topology;
  const out = deps.stdout as NodeJS.WriteStream;
  const events: TimelineEvent[] = [];
  let statuses: NodeStatus[] = [];

  const nodes = topology.nodes.map((n) => ({
    name: n.name,
    kind: n.kind,
    address: `${n.address.host}:${n.address.port}`,
    runId: n.sentinelId,
  }));
  const draw = () => {
    const lines = renderWatchScreen({
      lab: topology.name,
      runtime: record.runtime,
      masterName: topology.masterName,
      quorum: topology.quorum,
      statuses,
      findings: statuses.length > 0 ? assessLab(topology, statuses) : [],
      events,
      nodes,
      now: deps.clock.now(),
      width: out.columns ?? 120,
      height: out.rows ?? 40,
    });
    out.write(home + lines.map((line) => line + clearLine).join('\n') + clearBelow);
  };

  const onChange = (change: WatchChange, latest: NodeStatus[]) => {
    statuses = latest;
    if (json) {
      const at = new Date(change.at).toISOString();
      const body =
        change.type === 'node'
          ? { type: 'node', at, ...change.status }
          : { type: 'event', at, source: change.event.source, name: change.event.name, detail: change.event.detail };
      out.write(JSON.stringify(body) + '\n');
      return;
    }
    if (change.type === 'event') {
      events.push(change.event);
      if (events.length > keptEvents) events.splice(0, events.length - keptEvents);
    }
    draw();
  };

  const watcher = await watchLab(topology, deps.io, deps.clock, onChange);
  const onResize = () => draw();
  if (!json) out.on('resize', onResize);
  try {
    // Once a second: redraw (the clock in the header moves) and check that the lab is still there.
    while (!deps.signal.aborted) {
      const now = await deps.store.read(topology.name);
      if (!now || now.createdAt !== record.createdAt) return 'gone';
      if (!json) draw();
      await deps.clock.sleep(recordCheckMs, deps.signal).catch(() => undefined);
    }
    return 'interrupted';
  } finally {
    out.off('resize', onResize);
    await watcher.stop();
  }
}
