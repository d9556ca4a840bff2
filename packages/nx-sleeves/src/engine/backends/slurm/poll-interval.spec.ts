import { ALIVE_STALE_MS, dueJobs, pilotPollEveryMs, QUIET_POLL_MS } from './poll-interval';

const job = (lastPolled: number, every?: number) => ({ w: every === undefined ? {} : { pollEveryMs: () => every }, lastPolled });

test('dueJobs: a job is asked about once its own interval (else pollMs) has passed since it was last asked', () => {
  const jobs = new Map([
    ['new', job(0)], // just watched: asked at the next tick
    ['recent', job(950)],
    ['old', job(800)],
    ['quiet', job(800, 10_000)],
    ['quiet-due', job(-9_100, 10_000)],
  ]);
  expect(dueJobs(jobs, 1000, 100)).toEqual(['new', 'old', 'quiet-due']);
  expect(dueJobs(new Map(), 1000, 100)).toEqual([]);
});

test('pilotPollEveryMs: pollMs until the alive count is seen, quiet while it moves, pollMs again once it stalls or goes', () => {
  const now = 100_000;
  expect(pilotPollEveryMs(undefined, now, 250)).toBe(250); // pending: no alive file yet
  expect(pilotPollEveryMs({ count: '7', changedAt: now - 500 }, now, 250)).toBe(QUIET_POLL_MS);
  expect(pilotPollEveryMs({ count: '7', changedAt: now - ALIVE_STALE_MS - 1 }, now, 250)).toBe(250); // died
  expect(pilotPollEveryMs({ count: undefined, changedAt: now }, now, 250)).toBe(250); // ended: file removed
  expect(pilotPollEveryMs({ count: '7', changedAt: now }, now, 30_000)).toBe(30_000); // never faster than pollMs
});
