/** Small statistics and formatting helpers for benchmark figures. */

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Nearest-rank percentile (p in 0..100). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1]!;
}

export function max(values: readonly number[]): number {
  return values.length ? Math.max(...values) : Number.NaN;
}

export function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

export const round = (value: number, digits = 1): number => {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
};

/** One KB in the bench, the README and the docs: 1,024 bytes, as the API counts its 256 KB limit and the UI shows sizes. */
export const KB = 1024;
/** 1 MB = 1,024 KB. */
export const MB = 1024 * KB;

/** A count as a figure ("3"). */
export const count = (v: number): string => String(v);

/** Bytes as "17.8 KB" (1 KB = 1,024 bytes). */
export function formatKB(bytes: number, digits = 1): string {
  return `${(bytes / KB).toFixed(digits)} KB`;
}

/** Bytes as "0.44 MB" (1 MB = 1,024 × 1,024 bytes). */
export function formatMB(bytes: number, digits = 2): string {
  return `${(bytes / MB).toFixed(digits)} MB`;
}

export function ms(value: number, digits = 1): string {
  return `${value.toFixed(digits)} ms`;
}

export const sleep = (msToWait: number) => new Promise<void>((resolve) => setTimeout(resolve, msToWait));

/** Polls until `check` returns a truthy value; null when the time is up (callers decide what a timeout means). */
export async function poll<T>(
  check: () => Promise<T | null | undefined | false> | T | null | undefined | false,
  timeoutMs: number,
  stepMs = 50,
): Promise<T | null> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch {
      // not ready yet
    }
    if (Date.now() > deadline) return null;
    await sleep(stepMs);
  }
}
