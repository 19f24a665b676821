/** A latency's summary over repeated runs, in milliseconds. */
export interface Latency {
  n: number;
  p50: number;
  p95: number;
  mean: number;
  min: number;
  max: number;
}

/** Nearest-rank percentile of a sample (p in 0..100). */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

export function summarize(samples: readonly number[]): Latency {
  const n = samples.length;
  return {
    n,
    p50: percentile(samples, 50),
    p95: percentile(samples, 95),
    mean: n ? samples.reduce((s, x) => s + x, 0) / n : Number.NaN,
    min: n ? Math.min(...samples) : Number.NaN,
    max: n ? Math.max(...samples) : Number.NaN,
  };
}
