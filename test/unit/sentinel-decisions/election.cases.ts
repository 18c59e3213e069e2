// Votes and leaders (sentinel.c: sentinelVoteLeader, sentinelGetLeader, and the is-master-down-by-addr
// branch of sentinelCommand).

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { LogLevel, SRI_S_DOWN } from '../../../src/sentinel/constants.js';
import { answerIsMasterDown } from '../../../src/sentinel/core/is-master-down.js';
import { countVotes, getLeader, mostVoted, voteLeader } from '../../../src/sentinel/core/leader-election.js';
import { MY_ID, rid, rig, sentinelOf } from '../../support/sentinel-fixtures.js';

export function electionCases(): void {
  describe('voteLeader', () => {
    test('the first request of a newer epoch bumps our epoch and gets our vote, with the exact events', () => {
      const r = rig({ currentEpoch: 4 });
      r.io.randomValues = [0.25];
      const vote = voteLeader(r.engine, r.master, 5, rid('a'));
      assert.deepEqual(vote, { leader: rid('a'), epoch: 5 });
      assert.equal(r.engine.state.currentEpoch, 5);
      assert.equal(r.master.leaderEpoch, 5);
      assert.deepEqual(r.io.events(), ['+new-epoch 5', `+vote-for-leader ${rid('a')} 5`]);
      assert.deepEqual(
        r.io.logs.map((l) => [l.level, l.text]),
        [
          [LogLevel.WARNING, '+new-epoch 5'],
          [LogLevel.WARNING, `+vote-for-leader ${rid('a')} 5`],
        ],
      );
      assert.equal(r.io.flushes, 2, 'the new epoch and the vote both reach the config before we answer');
      // Voting for another sentinel delays our own failover by up to SENTINEL_MAX_DESYNC.
      assert.equal(r.master.failoverStartTime, r.io.now() + 250);
    });

    test('one vote per epoch: a second candidate in the same epoch gets the first vote back', () => {
      const r = rig();
      voteLeader(r.engine, r.master, 1, rid('a'));
      const n = r.io.published.length;
      assert.deepEqual(voteLeader(r.engine, r.master, 1, rid('b')), { leader: rid('a'), epoch: 1 });
      assert.deepEqual(voteLeader(r.engine, r.master, 1, MY_ID), { leader: rid('a'), epoch: 1 });
      assert.equal(r.io.published.length, n);
      assert.equal(r.master.leader, rid('a'));
    });

    test('an older epoch gets our current vote; a newer epoch gets a new vote', () => {
      const r = rig();
      voteLeader(r.engine, r.master, 3, rid('a'));
      assert.deepEqual(voteLeader(r.engine, r.master, 2, rid('b')), { leader: rid('a'), epoch: 3 });
      assert.deepEqual(voteLeader(r.engine, r.master, 4, rid('b')), { leader: rid('b'), epoch: 4 });
      assert.deepEqual(
        r.io.events().filter((e) => e.startsWith('+vote')),
        [`+vote-for-leader ${rid('a')} 3`, `+vote-for-leader ${rid('b')} 4`],
      );
    });

    test('no vote when our current epoch is already past the requested one (the vote is not moved back)', () => {
      const r = rig({ currentEpoch: 9 });
      assert.deepEqual(voteLeader(r.engine, r.master, 8, rid('a')), { leader: null, epoch: 0 });
      assert.deepEqual(r.io.events(), []);
    });

    test('voting for ourselves does not delay our failover', () => {
      const r = rig();
      r.master.failoverStartTime = 123;
      voteLeader(r.engine, r.master, 1, MY_ID.toUpperCase());
      assert.equal(r.master.failoverStartTime, 123, 'run ids compare case-insensitively');
    });

    test('the vote survives a restart through leader-epoch in the config', () => {
      const r = rig({ master: { leaderEpoch: 6 }, currentEpoch: 6 });
      assert.deepEqual(voteLeader(r.engine, r.master, 6, rid('b')), { leader: null, epoch: 6 });
      assert.deepEqual(voteLeader(r.engine, r.master, 7, rid('b')), { leader: rid('b'), epoch: 7 });
    });
  });

  describe('answerIsMasterDown', () => {
    test('down only for a known master in SDOWN; "*" asks for no vote', () => {
      const r = rig({ currentEpoch: 2 });
      assert.deepEqual(answerIsMasterDown(r.engine, '127.0.0.1', 6379, 2, '*'), { down: 0, leader: '*', leaderEpoch: 0 });
      r.master.flags |= SRI_S_DOWN;
      assert.deepEqual(answerIsMasterDown(r.engine, '127.0.0.1', 6379, 2, '*'), { down: 1, leader: '*', leaderEpoch: 0 });
      assert.deepEqual(answerIsMasterDown(r.engine, '127.0.0.1', 6380, 2, rid('a')), { down: 0, leader: '*', leaderEpoch: 0 });
      assert.deepEqual(r.io.events(), []);
    });

    test('a run id asks for our vote; TILT answers not down but still votes', () => {
      const r = rig();
      r.master.flags |= SRI_S_DOWN;
      r.engine.state.tilt = true;
      assert.deepEqual(answerIsMasterDown(r.engine, '127.0.0.1', 6379, 1, rid('a')), { down: 0, leader: rid('a'), leaderEpoch: 1 });
      r.engine.state.tilt = false;
      assert.deepEqual(answerIsMasterDown(r.engine, '127.0.0.1', 6379, 1, rid('b')), { down: 1, leader: rid('a'), leaderEpoch: 1 });
    });
  });

  describe('getLeader', () => {
    test('counting: only votes of the current epoch count; ties go to the first counted', () => {
      const r = rig({ sentinels: ['a', 'b', 'c'], currentEpoch: 3 });
      Object.assign(sentinelOf(r, 'a'), { leader: rid('x'), leaderEpoch: 3 });
      Object.assign(sentinelOf(r, 'b'), { leader: rid('y'), leaderEpoch: 3 });
      Object.assign(sentinelOf(r, 'c'), { leader: rid('y'), leaderEpoch: 2 });
      const counters = countVotes(r.master, 3);
      assert.deepEqual(
        [...counters],
        [
          [rid('x'), 1],
          [rid('y'), 1],
        ],
      );
      assert.deepEqual(mostVoted(counters), { winner: rid('x'), votes: 1 });
    });

    test('a winner needs an absolute majority of the sentinels we know (5 known: 3 votes)', () => {
      const r = rig({ sentinels: ['a', 'b', 'c', 'd'], currentEpoch: 1, master: { quorum: 2 } });
      r.master.flags |= SRI_S_DOWN;
      Object.assign(sentinelOf(r, 'a'), { leader: MY_ID, leaderEpoch: 1 });
      assert.equal(getLeader(r.engine, r.master, 1), null, 'our vote plus one is 2 of 5');
      assert.deepEqual(r.io.explanations.at(-1), {
        kind: 'leader',
        master: 'mymaster',
        epoch: 1,
        winner: null,
        votes: { [MY_ID]: 2 },
        voters: 5,
        needed: 3,
      });
      Object.assign(sentinelOf(r, 'b'), { leader: MY_ID, leaderEpoch: 1 });
      assert.equal(getLeader(r.engine, r.master, 1), MY_ID);
    });

    test('and at least the quorum when the quorum is above the majority (3 known, quorum 3)', () => {
      const r = rig({ sentinels: ['a', 'b'], currentEpoch: 1, master: { quorum: 3 } });
      Object.assign(sentinelOf(r, 'a'), { leader: MY_ID, leaderEpoch: 1 });
      assert.equal(getLeader(r.engine, r.master, 1), null);
      Object.assign(sentinelOf(r, 'b'), { leader: MY_ID, leaderEpoch: 1 });
      assert.equal(getLeader(r.engine, r.master, 1), MY_ID);
    });

    test('our vote goes to the most voted candidate, else to ourselves', () => {
      const r = rig({ sentinels: ['a', 'b', 'c', 'd'], currentEpoch: 2 });
      Object.assign(sentinelOf(r, 'a'), { leader: rid('b'), leaderEpoch: 2 });
      Object.assign(sentinelOf(r, 'b'), { leader: rid('b'), leaderEpoch: 2 });
      Object.assign(sentinelOf(r, 'c'), { leader: rid('c'), leaderEpoch: 2 });
      assert.equal(getLeader(r.engine, r.master, 2), rid('b'), '2 + our vote = 3 of 5');
      assert.deepEqual(r.io.events(), [`+vote-for-leader ${rid('b')} 2`]);

      const alone = rig({ sentinels: ['a', 'b'], currentEpoch: 1 });
      assert.equal(getLeader(alone.engine, alone.master, 1), null);
      assert.equal(alone.master.leader, MY_ID);
    });

    test('a vote already given in this epoch counts for whom it was given', () => {
      const r = rig({ sentinels: ['a', 'b'], currentEpoch: 1 });
      voteLeader(r.engine, r.master, 1, rid('a'));
      Object.assign(sentinelOf(r, 'b'), { leader: MY_ID, leaderEpoch: 1 });
      assert.equal(getLeader(r.engine, r.master, 1), null, 'we voted for a; me has 1, a has 1');
      Object.assign(sentinelOf(r, 'a'), { leader: rid('a'), leaderEpoch: 1 });
      assert.equal(getLeader(r.engine, r.master, 1), rid('a'));
    });

    test('two candidates can not both win the same epoch: every voter votes once', () => {
      const voters = [rig(), rig(), rig()];
      const ids = [rid('1'), rid('2')];
      // The requests reach the voters in different orders; each voter keeps its first vote of epoch 1.
      voters.forEach((v, i) => voteLeader(v.engine, v.master, 1, ids[i % 2]!));
      const winners = ids.filter((id) => voters.filter((v) => voteLeader(v.engine, v.master, 1, id).leader === id).length >= 2);
      assert.deepEqual(winners, [rid('1')]);
    });
  });
}
