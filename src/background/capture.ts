/**
 * The one way a capture enters the outbox (context menu, shortcut, popup quick-save, chat turns): apply the user's
 * defaults, redact secrets, stamp provenance and an idempotency key, split or park what is over the size limit,
 * and write it durably before anything is shown or sent.
 *
 * (Interface fixed first so every capture path can be written against it; the body is completed with the outbox.)
 */
import type { SaveResult } from '../shared/messages';

export type CaptureKind = 'selection' | 'link' | 'image' | 'page' | 'quick-save' | 'chat-turn';

export type CaptureInput = {
  content: string;
  kind: CaptureKind;
  /** `source_ref`: the page URL, or `<site>:<conversation id>` for chat turns. */
  sourceRef: string;
  /** Overrides the default namespace (popup picker, per-site override). */
  namespace?: string;
  /** Tags in addition to the defaults. */
  tags?: string[];
  /** Extra metadata (title, url, site, turn key…); captured_at and capture kind are added here. */
  metadata?: Record<string, unknown>;
  /** Fixed idempotency key (chat turns derive it from the turn key); a fresh UUID otherwise. */
  idempotencyKey?: string;
  /** Over 256 KB: split into parts that fit (true) or park the item for the user to choose (false, default). */
  split?: boolean;
};

export declare function captureToOutbox(input: CaptureInput): Promise<SaveResult>;
