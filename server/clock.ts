// The server's clock: every rule with a time in it (the pool's idle days, the
// cool-down, the daily claims) reads it, never the device's. Tests and the
// test-mode server move it instead of waiting.

export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** The system's time moved by an offset that only grows (test mode only). */
export class MovableClock implements Clock {
  private offset = 0;
  constructor(private readonly base: () => number = Date.now) {}
  now(): number {
    return this.base() + this.offset;
  }
  advance(ms: number): void {
    if (!(ms >= 0)) throw new RangeError('The clock only moves forward.');
    this.offset += ms;
  }
}

export const DAY_MS = 24 * 60 * 60 * 1000;
export const iso = (ms: number) => new Date(ms).toISOString();
