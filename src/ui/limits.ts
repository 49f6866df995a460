/** What the pages need of the API's limits, from the zod-free shared module (see src/shared/api-limits.ts). */
import { labelledParts } from '../shared/split';

export { CLOUD_API_URL, LOCAL_API_URL, MAX_CONTENT_BYTES, utf8Bytes } from '../shared/api-limits';

/** How many parts the background sends `text` as: the same split, so the count the popup shows is what lands. */
export function partsNeeded(text: string): number {
  return labelledParts(text).length;
}
