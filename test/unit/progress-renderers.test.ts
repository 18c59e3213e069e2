import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { describe, test } from 'node:test';
import type { StepEvent } from '../../src/common/step-events.js';
import { createProgressRenderer } from '../../src/report/progress.js';
import { listrRenderer } from '../../src/report/listr-renderer.js';
import { formatStepDuration } from '../../src/report/step-renderer.js';

/** A stream that keeps what is written to it. */
function capture(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return { stream, text: () => text };
}

const run: StepEvent[] = [
  { type: 'note', message: 'using lab x that is up' },
  { type: 'steps', titles: ['kill redis-master', 'wait for +switch-master', 'redis-master is replica', 'heal'] },
  { type: 'step-started', index: 1, at: 1000 },
  { type: 'step-finished', index: 1, at: 1040, status: 'done' },
  { type: 'step-started', index: 2, at: 1040 },
  { type: 'step-output', index: 2, line: 'waiting: 1 of 3 sentinels' },
  { type: 'step-finished', index: 2, at: 3500, status: 'passed' },
  { type: 'step-started', index: 3, at: 3500 },
  {
    type: 'step-failed',
    index: 3,
    at: 3600,
    status: 'failed',
    message: 'expected redis-master is replica; seen redis-master is down\nmore',
    seen: 'redis-master is down',
  },
  { type: 'step-skipped', index: 4, reason: 'an earlier step did not pass' },
];

describe('progress renderers draw what the work reports', () => {
  test('plain: one line per change, with the marks and times of a listr list', async () => {
    const out = capture();
    const renderer = createProgressRenderer({ mode: 'plain', stream: out.stream, notes: true });
    run.forEach((e) => renderer.emit(e));
    renderer.emit({ type: 'verdict' }); // not a step event: ignored
    await renderer.close();
    assert.equal(
      out.text(),
      [
        'using lab x that is up',
        '❯ kill redis-master',
        '✔ kill redis-master [0.0s]',
        '❯ wait for +switch-master',
        '› waiting: 1 of 3 sentinels',
        '✔ wait for +switch-master [2s]',
        '❯ redis-master is replica',
        '✖ redis-master is replica [FAILED: expected redis-master is replica; seen redis-master is down]',
        '↓ heal [SKIPPED: an earlier step did not pass]',
        '',
      ].join('\n'),
    );
  });

  test('silent: nothing but the notes, and with notes off nothing at all', async () => {
    for (const notes of [true, false]) {
      const out = capture();
      const renderer = createProgressRenderer({ mode: 'silent', stream: out.stream, notes });
      run.forEach((e) => renderer.emit(e));
      await renderer.close();
      assert.equal(out.text(), notes ? 'using lab x that is up\n' : '');
    }
  });

  test('listr: each step shown with its outcome; close resolves once everything is drawn, also for steps never reported', async () => {
    const out = capture();
    const renderer = listrRenderer(out.stream as unknown as NodeJS.WriteStream);
    run.filter((e) => e.type !== 'note').forEach((e) => renderer.draw(e));
    renderer.draw({ type: 'steps', titles: ['a second list', 'never reported'] });
    renderer.draw({ type: 'step-started', index: 1, at: 0 });
    renderer.draw({ type: 'step-finished', index: 1, at: 10, status: 'done' });
    await renderer.close();
    const text = out.text();
    for (const line of [
      '✔ kill redis-master',
      '✔ wait for +switch-master',
      '✖ redis-master is replica',
      '↓ heal',
      '✔ a second list',
      '↓ never reported',
    ]) {
      assert.ok(text.includes(line), `'${line}' in:\n${text}`);
    }
  });

  test('durations read as listr shows them', () => {
    assert.deepEqual([40, 999, 1000, 2500, 65_000].map(formatStepDuration), ['0.0s', '0.9s', '1s', '2s', '1m5s']);
  });
});
