/** What the pages need of the API's limits, from the zod-free shared module (see src/shared/api-limits.ts). */
import { MAX_CONTENT_BYTES } from '../shared/api-limits';

export { CLOUD_API_URL, LOCAL_API_URL, MAX_CONTENT_BYTES, utf8Bytes } from '../shared/api-limits';

/** How many parts of at most MAX_CONTENT_BYTES a text of `bytes` needs (at least; line breaks may add one). */
export function partsNeeded(bytes: number): number {
  return Math.max(1, Math.ceil(bytes / MAX_CONTENT_BYTES));
}
