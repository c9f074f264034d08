/**
 * Login throttling: failures are counted per user name and per client address over a sliding
 * window; past the limit every attempt (right or wrong) is refused with 429 until old failures
 * leave the window. Kept in memory: one server process guards its own door, and a restart
 * forgets (documented in docs/server.md). The audit log keeps every failure regardless.
 */
export interface ThrottleOptions {
  windowMs: number;
  maxPerUser: number;
  maxPerAddress: number;
  now?: () => number;
}

export const DEFAULT_THROTTLE: ThrottleOptions = { windowMs: 15 * 60_000, maxPerUser: 5, maxPerAddress: 20 };

export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();
  private readonly now: () => number;

  constructor(private readonly options: ThrottleOptions = DEFAULT_THROTTLE) {
    this.now = options.now ?? Date.now;
  }

  /** Seconds to wait before trying again, or 0 when the attempt may go ahead. */
  retryAfterSeconds(user: string, address: string): number {
    const wait = Math.max(this.wait(`u:${user.toLowerCase()}`, this.options.maxPerUser), this.wait(`a:${address}`, this.options.maxPerAddress));
    return Math.ceil(wait / 1000);
  }

  recordFailure(user: string, address: string): void {
    for (const key of [`u:${user.toLowerCase()}`, `a:${address}`]) {
      const list = this.recent(key);
      list.push(this.now());
      this.failures.set(key, list);
    }
  }

  /** A successful login clears the user's failures (not the address's). */
  recordSuccess(user: string): void {
    this.failures.delete(`u:${user.toLowerCase()}`);
  }

  private recent(key: string): number[] {
    const since = this.now() - this.options.windowMs;
    const list = (this.failures.get(key) ?? []).filter((t) => t > since);
    if (list.length) this.failures.set(key, list);
    else this.failures.delete(key);
    return list;
  }

  private wait(key: string, max: number): number {
    const list = this.recent(key);
    if (list.length < max) return 0;
    return list[list.length - max] + this.options.windowMs - this.now();
  }
}
