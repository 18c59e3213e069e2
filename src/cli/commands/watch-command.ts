import { assessLab } from '../../observe/assess-lab.js';
import type { WatchChange } from '../../observe/lab-watcher.js';
import { watchLab } from '../../observe/lab-watcher.js';
import type { NodeStatus } from '../../observe/node-status.js';
import type { TimelineEvent } from '../../observe/timeline.js';
import { readLab } from '../../lab/status.js';
import { renderWatchScreen } from '../../report/watch-screen.js';
import { parseLabName } from '../../topology/lab-options.js';
import type { CliDeps } from '../cli-deps.js';

const enterScreen = '\u001b[?1049h\u001b[?25l';
const leaveScreen = '\u001b[?25h\u001b[?1049l';
const home = '\u001b[H';
const clearLine = '\u001b[K';
const clearBelow = '\u001b[J';
const keptEvents = 500;

/**
 * A live view of the lab until Ctrl-C: full screen on a terminal (redrawn in place, on the alternate screen so
 * the terminal is left as it was), or one JSON object per change and per event when stdout is not a terminal
 * or with --json.
 */
export async function runWatch(options: { name?: string; json?: boolean }, deps: CliDeps): Promise<number> {
  const record = await readLab(parseLabName(options.name), deps.store);
  const topology = record.topology;
  const out = deps.stdout as NodeJS.WriteStream;
  const json = options.json || !out.isTTY;
  const events: TimelineEvent[] = [];
  let statuses: NodeStatus[] = [];

  const nodes = topology.nodes.map((n) => ({ name: n.name, kind: n.kind, address: `${n.address.host}:${n.address.port}`, runId: n.sentinelId }));
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
      const body = change.type === 'node' ? { type: 'node', at: new Date(change.at).toISOString(), ...change.status } : { type: 'event', at: new Date(change.at).toISOString(), source: change.event.source, name: change.event.name, detail: change.event.detail };
      out.write(JSON.stringify(body) + '\n');
      return;
    }
    if (change.type === 'event') {
      events.push(change.event);
      if (events.length > keptEvents) events.splice(0, events.length - keptEvents);
    }
    draw();
  };

  if (!json) out.write(enterScreen);
  const watcher = await watchLab(topology, deps.clock, onChange);
  const tick = json ? undefined : setInterval(draw, 1000);
  const onResize = () => draw();
  if (!json) out.on('resize', onResize);
  try {
    await new Promise<void>((resolve) => {
      if (deps.signal.aborted) resolve();
      deps.signal.addEventListener('abort', () => resolve(), { once: true });
    });
  } finally {
    if (tick) clearInterval(tick);
    out.off('resize', onResize);
    await watcher.stop();
    if (!json) out.write(leaveScreen);
  }
  return 0;
}
