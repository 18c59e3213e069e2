import type { ScenarioReport } from './scenario-report.js';

/**
 * report.html: one self-contained page (no scripts, no external files) with the run as a picture: one row per
 * node showing its role over time, sentinel events as marks on their sentinel's row, each traffic client's
 * successes and failures as a band, and fault windows shaded. Times are from the fault.
 */
export function renderHtmlReport(report: ScenarioReport): string {
  const picture = renderTimelineSvg(report);
  const verdict = report.interrupted ? 'interrupted' : report.passed ? 'passed' : 'failed';
  const t = report.traffic;
  const steps = report.steps
    .map(
      (s) =>
        `<tr class="${s.outcome}"><td>${s.index}</td><td>${esc(s.title)}</td><td>${s.outcome}</td><td>${s.start === null ? '' : sec(s.start)}</td><td>${esc(s.seen ? `expected ${s.expected}; seen ${s.seen}` : (s.detail ?? s.error ?? ''))}</td></tr>`,
    )
    .join('\n');
  const trafficLine = t
    ? `<p>Traffic (${esc(t.clients.join(' + '))}, ${t.rate}/s${t.wait ? `, WAIT ${t.wait.replicas}` : ''}): ${t.attempted} writes, ${t.acknowledged} acknowledged, <b class="${t.lost > 0 ? 'bad' : 'good'}">${t.lost} lost</b>, ${t.failed} failed.</p>`
    : '';
  const clients = report.clients;
  const clientsTable = clients
    ? `<table class="clients"><tr><th>client</th><th>library</th><th>verdict</th><th>recovered</th><th>longest outage</th><th>lost</th><th>acked by non-master</th><th>errors (READONLY / timeout / connection / other)</th><th>settings</th></tr>
${clients.clients
  .map(
    (c) =>
      `<tr class="${c.status === 'stuck' || c.status === 'broken' ? 'failed' : 'passed'}"><td>${esc(c.client)}</td><td>${esc(`${c.library ?? '?'} ${c.version ?? ''}`)}</td><td>${c.status === 'stuck' ? `STUCK ${esc(c.stuck ? `for ${sec(c.stuck.failingForMs)}: ${c.stuck.lastError}` : '')}` : c.status}</td><td>${c.recoveredAfterMs === null ? '—' : sec(c.recoveredAfterMs)}</td><td>${sec(c.longestOutageMs)}</td><td>${c.lost.length}/${c.acknowledged}</td><td>${c.ackedByNonMaster.length}</td><td>${c.errors.readonly} / ${c.errors.timeout} / ${c.errors.connection} / ${c.errors.other}</td><td><code>${esc(JSON.stringify(c.settings))}</code></td></tr>`,
  )
  .join('\n')}
</table>
<p class="legend">Client bands: <span><i class="sw" style="background:${outcomeColours.ok}"></i>succeeded</span><span><i class="sw" style="background:${outcomeColours['non-master']}"></i>acknowledged by a non-master</span><span><i class="sw" style="background:${outcomeColours.readonly}"></i>READONLY</span><span><i class="sw" style="background:${outcomeColours.timeout}"></i>timeout</span><span><i class="sw" style="background:${outcomeColours.connection}"></i>connection</span><span><i class="sw" style="background:${outcomeColours.other}"></i>other error</span></p>`
    : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(report.scenario)}: ${verdict}</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222}
h1{font-size:20px;margin:0 0 4px} .passed,.good{color:#1a7f37} .failed,.bad,.error{color:#cf222e} .interrupted{color:#9a6700}
table{border-collapse:collapse;margin-top:16px} td,th{border-bottom:1px solid #ddd;padding:3px 8px;text-align:left;vertical-align:top}
svg text{font:11px system-ui,sans-serif} .legend span{display:inline-block;margin-right:14px}
.sw{display:inline-block;width:12px;height:12px;vertical-align:-2px;margin-right:4px}
</style></head><body>
<h1>${esc(report.scenario)} <span class="${verdict}">${verdict}</span></h1>
<p>${esc(report.description)}</p>
<p>Lab ${esc(report.lab)} on ${esc(report.runtime)} · ${report.assertions.passed}/${report.assertions.total} checks passed · ${sec(report.durationMs)} · started ${esc(report.startedAt)}</p>
${trafficLine}
${picture}
<p class="legend"><span><i class="sw" style="background:#2da44e"></i>master</span><span><i class="sw" style="background:#54aeff"></i>replica</span><span><i class="sw" style="background:#cf222e"></i>down</span><span><i class="sw" style="background:#8250df"></i>sentinel event</span><span><i class="sw" style="background:#eaeef2"></i>fault window</span><span><i class="sw" style="background:#2da44e"></i><i class="sw" style="background:#cf222e"></i>client writes ok / failed</span></p>
${clientsTable}
<table><tr><th>#</th><th>step</th><th>outcome</th><th>start</th><th>detail</th></tr>
${steps}
</table>
</body></html>
`;
}

const labelWidth = 150;
const rowHeight = 26;
const plotWidth = 900;

function renderTimelineSvg(report: ScenarioReport): string {
  const times = [
    ...report.events.map((e) => e.t),
    ...report.steps.flatMap((s) => [s.start, s.end]).filter((v): v is number => v !== null),
    ...(report.traffic?.attempts.map((a) => a.t) ?? []),
  ];
  const start = Math.min(0, ...times);
  const end = Math.max(1000, ...times);
  const x = (t: number) => labelWidth + ((t - start) / (end - start)) * plotWidth;
  const rows: { name: string; label: string; kind: string }[] = [
    // The servers layout groups a server's redis and sentinel together, labelled with the server.
    ...[...report.nodes]
      .sort((a, b) => (a.server ?? '').localeCompare(b.server ?? ''))
      .map((n) => ({ name: n.name, label: n.server ? `${n.server.replace('server-', '')}: ${n.name}` : n.name, kind: n.kind })),
    ...(report.traffic?.clients ?? []).map((c) => ({ name: `${c} client`, label: `${c} client`, kind: 'client' })),
    ...(report.clients?.clients ?? []).map((c) => ({ name: c.client, label: c.client, kind: 'driver' })),
  ];
  const y = (i: number) => 30 + i * rowHeight;
  const height = y(rows.length) + 10;
  const parts: string[] = [];

  // Fault windows: from a fault step to the step that undoes it (start, unpause, heal), or the last step.
  const lastEnd = Math.max(...report.steps.map((s) => s.end ?? -Infinity), 0);
  for (const fault of report.steps.filter((s) => s.category === 'fault' && s.start !== null)) {
    const undo = report.steps.find((s) => s.index > fault.index && ['start', 'unpause', 'heal'].includes(s.kind) && s.start !== null);
    const to = undo?.start ?? lastEnd;
    parts.push(
      `<rect class="fault" x="${x(fault.start!)}" y="20" width="${Math.max(2, x(to) - x(fault.start!))}" height="${height - 25}" fill="#eaeef2"><title>${esc(fault.title)}</title></rect>`,
    );
  }
  for (let s = Math.ceil(start / 1000); s * 1000 <= end; s++) {
    parts.push(
      `<line x1="${x(s * 1000)}" x2="${x(s * 1000)}" y1="20" y2="${height - 5}" stroke="#d0d7de" stroke-width="${s === 0 ? 2 : 0.5}"/><text x="${x(s * 1000) + 2}" y="14">${s >= 0 ? '+' : ''}${s}s</text>`,
    );
  }
  rows.forEach((row, i) => {
    const top = y(i);
    const cells: string[] = [`<text x="4" y="${top + 16}">${esc(row.label)}</text>`];
    if (row.kind === 'redis') {
      const changes = report.events.filter((e) => e.kind === 'role' && e.source === row.name);
      changes.forEach((change, j) => {
        const to = changes[j + 1]?.t ?? end;
        const colour = change.detail === 'master' ? '#2da44e' : change.detail === 'down' ? '#cf222e' : '#54aeff';
        cells.push(
          `<rect x="${x(change.t)}" y="${top + 4}" width="${Math.max(1, x(to) - x(change.t))}" height="${rowHeight - 8}" fill="${colour}"><title>${esc(`${row.name} ${change.detail} from ${sec(change.t)}`)}</title></rect>`,
        );
      });
    } else if (row.kind === 'sentinel') {
      for (const event of report.events.filter((e) => e.kind === 'sentinel' && e.source === row.name)) {
        const colour = event.name === '+switch-master' ? '#1a7f37' : event.name.includes('down') ? '#cf222e' : '#8250df';
        cells.push(
          `<rect class="mark" x="${x(event.t) - 1}" y="${top + 4}" width="3" height="${rowHeight - 8}" fill="${colour}"><title>${esc(`${sec(event.t)} ${event.name} ${event.detail}`)}</title></rect>`,
        );
      }
    } else if (row.kind === 'driver') {
      const verdict = report.clients!.clients.find((c) => c.client === row.name)!;
      const outcomes = verdict.timeline.map((a) => ({ t: a.t, outcome: a.nonMaster ? 'non-master' : a.ok ? 'ok' : a.kind! }));
      for (const bucket of buckets(outcomes, start, end)) {
        cells.push(
          `<rect x="${x(bucket.t)}" y="${top + 6}" width="${Math.max(1, x(bucket.t + bucket.ms) - x(bucket.t))}" height="${rowHeight - 12}" fill="${outcomeColours[bucket.outcome]}"><title>${bucket.count} ${bucket.outcome === 'ok' ? 'succeeded' : bucket.outcome === 'non-master' ? 'acknowledged by a node that was not master' : `failed (${bucket.outcome})`} from ${sec(bucket.t)}</title></rect>`,
        );
      }
      const label = verdict.status === 'stuck' ? 'STUCK' : verdict.status;
      cells.push(`<text class="verdict" x="${labelWidth + plotWidth + 4}" y="${top + 16}">${esc(label)}</text>`);
    } else {
      const client = row.name.replace(/ client$/, '');
      const outcomes = (report.traffic?.attempts ?? [])
        .filter((a) => a.client === client)
        .map((a) => ({ t: a.t, outcome: a.ok ? 'ok' : 'connection' }));
      for (const bucket of buckets(outcomes, start, end)) {
        cells.push(
          `<rect x="${x(bucket.t)}" y="${top + 6}" width="${Math.max(1, x(bucket.t + bucket.ms) - x(bucket.t))}" height="${rowHeight - 12}" fill="${bucket.ok ? '#2da44e' : '#cf222e'}"><title>${bucket.count} writes ${bucket.ok ? 'acknowledged' : 'failed'} from ${sec(bucket.t)}</title></rect>`,
        );
      }
    }
    parts.push(`<g class="row" data-node="${esc(row.name)}" data-kind="${row.kind}">${cells.join('')}</g>`);
  });
  const verdictColumn = report.clients ? 80 : 0;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${labelWidth + plotWidth + 20 + verdictColumn}" height="${height}" role="img" aria-label="timeline">${parts.join('\n')}</svg>`;
}

/** Colours of a client's attempts: successes, and failures by the kind of error. */
const outcomeColours: Record<string, string> = {
  ok: '#2da44e',
  'non-master': '#fb8f44',
  readonly: '#bf8700',
  timeout: '#8250df',
  connection: '#cf222e',
  other: '#57606a',
};

/** Attempts grouped in slices (at least 100 ms) per outcome, so a long run stays a light picture. */
function buckets(
  attempts: { t: number; outcome: string }[],
  start: number,
  end: number,
): { t: number; ms: number; ok: boolean; outcome: string; count: number }[] {
  const slice = Math.max(100, Math.round((end - start) / 300));
  const map = new Map<string, { t: number; ms: number; ok: boolean; outcome: string; count: number }>();
  for (const a of attempts) {
    const t = Math.floor(a.t / slice) * slice;
    const key = `${t}:${a.outcome}`;
    const bucket = map.get(key) ?? { t, ms: slice, ok: a.outcome === 'ok', outcome: a.outcome, count: 0 };
    bucket.count++;
    map.set(key, bucket);
  }
  return [...map.values()];
}

function sec(ms: number): string {
  return `${ms < 0 ? '-' : '+'}${(Math.abs(ms) / 1000).toFixed(2)}s`;
}

function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
