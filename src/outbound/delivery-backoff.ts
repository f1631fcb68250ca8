/** When to try again after failed attempt number `attempt` (from 1): `baseMs` doubled per attempt, at most `maxMs`, plus up to 10% jitter so that a burst of failures does not come back as one. */
export function retryDelayMs(attempt: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const exponential = Math.min(maxMs, baseMs * 2 ** Math.max(0, Math.min(attempt - 1, 40)));
  return Math.round(exponential * (1 + random() * 0.1));
}
