/** Secret redaction: the implementation is in ./redact/ (rules, value checks, engine); this is its entry point. */

export {
  REDACTION_KINDS,
  redactSecrets,
  redactSecretsInSlices,
  redactionMarker,
  type RedactionKind,
  type RedactionResult,
  type SliceOptions,
} from './redact/index';
