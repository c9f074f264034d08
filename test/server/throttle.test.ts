/** Login throttling on a fake clock: per user, per address, the sliding window, success clearing the user's count. */
import { describe, expect, test } from 'vitest';
import { LoginThrottle } from '../../server/auth/throttle.ts';

function throttle() {
  let now = 1_000_000;
  const t = new LoginThrottle({ windowMs: 60_000, maxPerUser: 3, maxPerAddress: 5, now: () => now });
  return { t, advance: (ms: number) => (now += ms) };
}

describe('LoginThrottle', () => {
  test('a user is held after 3 failures until the oldest leaves the window', () => {
    const { t, advance } = throttle();
    for (let i = 0; i < 3; i++) {
      expect(t.retryAfterSeconds('wang', '10.0.0.1')).toBe(0);
      t.recordFailure('wang', '10.0.0.1');
      advance(10_000);
    }
    // failures at 0 s, 10 s, 20 s; now 30 s: the first leaves the window at 60 s
    expect(t.retryAfterSeconds('WANG', '10.0.0.9')).toBe(30);
    advance(29_000);
    expect(t.retryAfterSeconds('wang', '10.0.0.9')).toBe(1);
    advance(1_000);
    expect(t.retryAfterSeconds('wang', '10.0.0.9')).toBe(0);
  });

  test('an address is held after 5 failures over any user names; success clears only the user', () => {
    const { t } = throttle();
    for (const user of ['a', 'b', 'c', 'd']) t.recordFailure(user, '10.0.0.2');
    expect(t.retryAfterSeconds('e', '10.0.0.2')).toBe(0);
    t.recordFailure('e', '10.0.0.2');
    expect(t.retryAfterSeconds('f', '10.0.0.2')).toBeGreaterThan(0);
    expect(t.retryAfterSeconds('f', '10.0.0.3')).toBe(0);
    const { t: u } = throttle();
    for (let i = 0; i < 2; i++) u.recordFailure('li', '10.0.0.4');
    u.recordSuccess('li');
    u.recordFailure('li', '10.0.0.4');
    expect(u.retryAfterSeconds('li', '10.0.0.5')).toBe(0);
  });
});
