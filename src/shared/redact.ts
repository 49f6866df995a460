/** Secret redaction (placeholder signature; the redaction work replaces the body). */
export type RedactionResult = { text: string; count: number; kinds: string[] };
export function redactSecrets(text: string): RedactionResult {
  return { text, count: 0, kinds: [] };
}
