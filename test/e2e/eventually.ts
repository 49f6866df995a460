/** Polling for end-to-end tests, shared by the Chromium and Firefox harnesses (no browser dependency). */
/** Polls until `check` returns a truthy value or the time is up. */
export type Falsy = null | undefined | false | 0 | '';
export async function eventually<T>(
  check: () => Promise<T | Falsy> | T | Falsy,
  timeoutMs = 15_000,
  stepMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value as T;
      last = value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out; last: ${last instanceof Error ? last.message : String(last)}`);
    await new Promise((r) => setTimeout(r, stepMs));
  }
}
