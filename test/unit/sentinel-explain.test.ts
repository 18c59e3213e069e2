import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { explainEvent } from '../../src/observe/sentinel-events.js';
import { describeExplanation, type Explanation } from '../../src/sentinel/core/explanation.js';

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);
const names = (id: string) => (id === A ? 'redis-sentinel-1' : id === B ? 'redis-sentinel-2' : id.slice(0, 8));

describe('engine explanations for people', () => {
  test('a leader tally names sentinels by node name and says what was needed', () => {
    const x: Explanation = { kind: 'leader', master: 'mymaster', epoch: 3, winner: A, votes: { [A]: 2, [B]: 1 }, voters: 3, needed: 2 };
    assert.equal(
      describeExplanation(x, names),
      'redis-sentinel-1 leads the failover of mymaster in epoch 3 with 2 of 3 votes (needs 2: majority and quorum)',
    );
    const none: Explanation = { ...x, winner: null, votes: { [A]: 1, [B]: 1 } };
    assert.equal(
      describeExplanation(none, names),
      'no leader yet for mymaster in epoch 3: redis-sentinel-1=1, redis-sentinel-2=1; 2 of 3 needed',
    );
  });

  test('replica selection lists why each replica was chosen, ranked or left out', () => {
    const x: Explanation = {
      kind: 'replica-selection',
      master: 'mymaster',
      chosen: '10.0.0.2:6379',
      candidates: [
        { replica: '10.0.0.3:6379', eligible: false, reason: 'its replica-priority is 0', priority: 0, offset: 10, runId: null },
        {
          replica: '10.0.0.2:6379',
          eligible: true,
          reason: 'best by priority, then replication offset, then run id',
          priority: 100,
          offset: 10,
          runId: null,
        },
      ],
    };
    assert.equal(
      describeExplanation(x),
      'chose 10.0.0.2:6379 for mymaster (10.0.0.3:6379 excluded: its replica-priority is 0; 10.0.0.2:6379 best by priority, then replication offset, then run id)',
    );
  });

  test('run ids without a node name are shortened to 8 characters, as in CLIENT SETNAME', () => {
    const x: Explanation = {
      kind: 'vote',
      master: 'm',
      epoch: 1,
      votedFor: 'c'.repeat(40),
      requestedBy: 'c'.repeat(40),
      reason: 'first request in epoch 1',
    };
    assert.equal(describeExplanation(x), 'voted for cccccccc as failover leader of m in epoch 1: first request in epoch 1');
  });

  test('the explain channel becomes a timeline entry; malformed payloads are dropped', () => {
    const sdown: Explanation = {
      kind: 'sdown',
      instance: 'master mymaster',
      reason: 'disconnected for 1004 ms (down-after-milliseconds 1000)',
      elapsedMs: 1004,
      downAfterMs: 1000,
    };
    assert.deepEqual(explainEvent(JSON.stringify(sdown), names), {
      name: 'why:sdown',
      detail: 'master mymaster is subjectively down: disconnected for 1004 ms (down-after-milliseconds 1000)',
    });
    assert.equal(explainEvent('not json', names), undefined);
    assert.equal(explainEvent('42', names), undefined);
    assert.equal(explainEvent('{"no":"kind"}', names), undefined);
  });
});
