/**
 * Errors as one family. A handler that refuses on purpose throws a `ReplyError` (or one of its subclasses: the
 * outbox's `ActionError`, the panel's `PanelError`, `CaptureError`, `ConnectionError`, `InsertError`,
 * `SaveChatError`): its code is one of the reply codes and its message is for the user, so the router answers it
 * as it is. Anything else a handler throws is a failure of the extension (a bug, a browser API that failed): it is
 * written to Diagnostics, secrets redacted, and the user gets one generic sentence, which says Diagnostics has the
 * details only when the entry was written.
 */
import { t } from '../shared/i18n';
import type { DiagnosticEntry, ErrorCode, Reply } from '../shared/messages';
import { redactSecrets } from '../shared/redact';
import { clock } from './clock';
import { logDiagnostic } from './db';

export class ReplyError<C extends ErrorCode = ErrorCode> extends Error {
  constructor(
    readonly code: C,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export function errorReply(code: ErrorCode, message: string): Reply<never> {
  return { ok: false, error: { code, message } };
}

/** How much of an unexpected error's text is kept (before redaction; logDiagnostic clips again). */
const MAX_DETAIL = 500;

function describe(err: unknown): string {
  const text = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return redactSecrets(text.slice(0, MAX_DETAIL)).text;
}

/** The answer to an error that is not a ReplyError, after logging it (`log` is a seam for tests). */
export async function internalReply(
  type: string,
  err: unknown,
  log: (entry: DiagnosticEntry) => Promise<void> = logDiagnostic,
): Promise<Reply<never>> {
  console.error('[mnueron] handler failed', type, err);
  try {
    await log({ at: clock.now(), kind: 'internal', outcome: type, detail: describe(err) });
  } catch (logErr) {
    console.error('[mnueron] could not log to Diagnostics', logErr);
    return errorReply('internal', t('replyerr_internal_unlogged'));
  }
  return errorReply('internal', t('bg_route_internal'));
}

/** A handler's error as its reply: a ReplyError as it is, anything else logged and answered generically. */
export function replyForError(type: string, err: unknown): Promise<Reply<never>> | Reply<never> {
  return err instanceof ReplyError ? errorReply(err.code, err.message) : internalReply(type, err);
}
