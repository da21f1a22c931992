/** Nearest-rank percentile (p in 0–100) of values already sorted ascending; 0 when there are none. */
export const percentileOfSorted = (sorted: readonly number[], p: number): number =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : 0;

/** Nearest-rank percentile (p in 0–100); 0 when there are none. */
export const percentile = (values: readonly number[], p: number): number => percentileOfSorted([...values].sort((a, b) => a - b), p);
