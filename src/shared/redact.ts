/** Secret redaction: the implementation is in ./redact/ (rules, value checks, engine); this is its entry point. */

export {
  REDACTION_KINDS,
  redactSecrets,
  redactionMarker,
  type RedactionKind,
  type RedactionResult,
} from './redact/index';
