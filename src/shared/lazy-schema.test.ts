import { describe, expect, it, vi } from 'vitest';
import * as z from 'zod/mini';
import { lazySchema } from './lazy-schema';

describe('lazySchema', () => {
  it('builds nothing until first use, then builds once and hands back the same schema', () => {
    const build = vi.fn(() => z.object({ a: z.string() }));
    const schema = lazySchema(build);
    expect(build).not.toHaveBeenCalled();
    const first = schema();
    expect(build).toHaveBeenCalledTimes(1);
    expect(schema()).toBe(first);
    expect(build).toHaveBeenCalledTimes(1);
    expect(first.safeParse({ a: 'x' }).success).toBe(true);
    expect(first.safeParse({ a: 1 }).success).toBe(false);
  });
});
