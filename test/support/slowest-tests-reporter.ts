/**
 * A node:test reporter that prints, once the run is over, the slowest tests (leaves, not suites) with their file,
 * so a CI log says where the minutes went. Used beside the spec reporter by `npm test`:
 *   node --test --test-reporter=spec --test-reporter-destination=stdout \
 *        --test-reporter=./dist/test/support/slowest-tests-reporter.js --test-reporter-destination=stdout dist/test/
 */
import { relative } from 'node:path';

interface TestEventData {
  name: string;
  nesting: number;
  file?: string;
  details?: { duration_ms?: number; type?: string };
}

const shown = Number(process.env.SLOWEST_TESTS ?? 15);

export default async function* slowestTests(source: AsyncIterable<{ type: string; data: TestEventData }>): AsyncGenerator<string> {
  const finished: { name: string; file: string; ms: number; failed: boolean }[] = [];
  let fileTotal = new Map<string, number>();
  // The suites a test is in, by nesting level: "cascade passes" runs once per runtime and sentinel kind.
  const suites: string[] = [];
  for await (const event of source) {
    if (event.type === 'test:start') suites[event.data.nesting] = event.data.name;
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    const { data } = event;
    const ms = data.details?.duration_ms ?? 0;
    const file = data.file ? relative(process.cwd(), data.file) : '?';
    // Top-level entries (suites and lone tests) add up to the time of their file.
    if (data.nesting === 0) fileTotal = fileTotal.set(file, (fileTotal.get(file) ?? 0) + ms);
    if (data.details?.type === 'suite') continue;
    const name = [...suites.slice(0, data.nesting), data.name].join(' › ');
    finished.push({ name, file, ms, failed: event.type === 'test:fail' });
  }
  const seconds = (ms: number) => `${(ms / 1000).toFixed(1).padStart(7)} s`;
  const lines = [`\nSlowest ${Math.min(shown, finished.length)} of ${finished.length} tests:`];
  for (const t of [...finished].sort((a, b) => b.ms - a.ms).slice(0, shown))
    lines.push(`${seconds(t.ms)}  ${t.file}: ${t.name}${t.failed ? ' (failed)' : ''}`);
  lines.push('\nTime per test file:');
  for (const [file, ms] of [...fileTotal].sort((a, b) => b[1] - a[1])) lines.push(`${seconds(ms)}  ${file}`);
  yield `${lines.join('\n')}\n`;
}
