/**
 * The marker that replaces a secret, `[REDACTED:<kind>]`. Its own module because the rules (never match a marker),
 * the value checks (a marker is a placeholder) and the engine (never redact inside one) all need it.
 */
import type { RedactionKind } from './rules';

/** The marker that replaces a secret. No rule matches it, so redaction is idempotent. */
export function redactionMarker(kind: RedactionKind): string {
  return `[REDACTED:${kind}]`;
}
export const MARKER_PREFIX = '[REDACTED:';
