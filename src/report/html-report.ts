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
  const rows: { name: string; kind: string }[] = [
    ...report.nodes.map((n) => ({ name: n.name, kind: n.kind })),
    ...(report.traffic?.clients ?? []).map((c) => ({ name: `${c} client`, kind: 'client' })),
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
    const cells: string[] = [`<text x="4" y="${top + 16}">${esc(row.name)}</text>`];
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
    } else {
      const client = row.name.replace(/ client$/, '');
      for (const bucket of buckets(report, client, start, end)) {
        cells.push(
          `<rect x="${x(bucket.t)}" y="${top + 6}" width="${Math.max(1, x(bucket.t + bucket.ms) - x(bucket.t))}" height="${rowHeight - 12}" fill="${bucket.ok ? '#2da44e' : '#cf222e'}"><title>${bucket.count} writes ${bucket.ok ? 'acknowledged' : 'failed'} from ${sec(bucket.t)}</title></rect>`,
        );
      }
    }
    parts.push(`<g class="row" data-node="${esc(row.name)}" data-kind="${row.kind}">${cells.join('')}</g>`);
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${labelWidth + plotWidth + 20}" height="${height}" role="img" aria-label="timeline">${parts.join('\n')}</svg>`;
}

/** Writes grouped in 100 ms slices per outcome, so a long run stays a light picture. */
function buckets(
  report: ScenarioReport,
  client: string,
  start: number,
  end: number,
): { t: number; ms: number; ok: boolean; count: number }[] {
  const slice = Math.max(100, Math.round((end - start) / 300));
  const map = new Map<string, { t: number; ms: number; ok: boolean; count: number }>();
  for (const a of report.traffic?.attempts ?? []) {
    if (a.client !== client) continue;
    const t = Math.floor(a.t / slice) * slice;
    const key = `${t}:${a.ok}`;
    const bucket = map.get(key) ?? { t, ms: slice, ok: a.ok, count: 0 };
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
