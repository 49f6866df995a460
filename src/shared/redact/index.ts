/**
 * Client-side secret redaction. Runs in the background service worker on every capture before it is written to disk
 * (and the local test server reuses it), so it must not leak what it recognises, must not touch what it doesn't, and
 * must stay linear on hostile input: a 10 MB selection of `eyJeyJeyJ…` must not hang the worker.
 *
 * rules.ts holds the rules and kinds (a new rule is a change there only), checks.ts the value checks they share,
 * engine.ts the scan, merge and rebuild.
 */

export { redactSecrets, redactSecretsInSlices, type RedactionResult, type SliceOptions } from './engine';
export { redactionMarker } from './marker';
export { REDACTION_KINDS, type RedactionKind } from './rules';
