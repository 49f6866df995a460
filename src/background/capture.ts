/**
 * The one way a capture enters the outbox (context menu, shortcut, popup quick-save, chat turns): apply the user's
 * defaults, redact secrets, stamp provenance and an idempotency key, split long content into readable labelled
 * parts (parking what is over 256 KB unless the user asked for parts), and write it durably before anything is
 * shown or sent. The caller gets its answer right after the durable write; sending happens in the background.
 */
import browser from './browser';
import { MAX_CONTENT_BYTES, utf8Bytes } from '../shared/api-schema';
import type { SaveResult } from '../shared/messages';
import type { Settings } from '../shared/settings';
import { newId } from '../shared/ids';
import { redactSecretsInSlices } from '../shared/redact';
import { clock } from './clock';
import type { OutboxItem } from './db';
import { ReplyError } from './reply-error';
import { loadSettings } from './settings-store';
import { drainOutbox, onOutboxChange, probeSoonAndRead } from './outbox/sender';
import { addItems, getItem } from './outbox/store';

import { labelledParts } from '../shared/split';

export { MAX_PART_CHARS } from '../shared/split';
import { readOutboxState, type OutboxGlobalState } from './outbox/state';
import { t } from '../shared/i18n';

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

/** A capture refused before it is queued, for the user (see reply-error.ts). */
export class CaptureError extends ReplyError<'invalid' | 'too-large'> {}

function uniqueTags(...lists: Array<readonly string[] | undefined>): string[] {
  const seen = new Set<string>();
  for (const list of lists) for (const tag of list ?? []) if (tag.trim()) seen.add(tag.trim());
  return [...seen];
}

/** Why sends are not going out right now, in plain words; null when the outbox is healthy. */
export async function queuedReason(now: number, stored?: OutboxGlobalState): Promise<string | null> {
  const state = stored ?? (await readOutboxState());
  if (state.pause?.kind === 'auth') return t('bg_reason_auth');
  if (state.pause?.kind === 'quota') return t('bg_reason_quota');
  if (state.holdUntil && state.holdUntil > now) return t('bg_reason_hold');
  if (state.backoff && state.backoff.retryAt > now) return t('bg_reason_unreachable');
  return null;
}

/**
 * The API's `source` (a free string, "agent" when absent): which browser the memory came from. Firefox by its
 * extension origin; Edge runs the Chrome package and says so in its user agent ("Edg/"); every other Chromium is
 * "chrome-extension".
 */
export function captureSource(): 'firefox-extension' | 'edge-extension' | 'chrome-extension' {
  if (browser.runtime.getURL('').startsWith('moz-extension:')) return 'firefox-extension';
  if (/\bEdg\//.test(globalThis.navigator?.userAgent ?? '')) return 'edge-extension';
  return 'chrome-extension';
}

export async function captureToOutbox(
  input: CaptureInput,
  /** The settings, when the caller has just read them (a chat turn checked its gates with them). */
  loaded?: Settings,
): Promise<SaveResult> {
  const now = clock.now();
  if (input.content.trim() === '') throw new CaptureError('invalid', t('replyerr_capture_empty'));
  const settings = loaded ?? (await loadSettings());
  // In slices: a 10 MB selection takes up to a second to redact, and the worker keeps answering meanwhile.
  const redaction = settings.privacy.redactSecrets
    ? await redactSecretsInSlices(input.content)
    : { text: input.content, count: 0, kinds: [] };
  const idempotencyKey = input.idempotencyKey ?? newId();
  const metadata: Record<string, unknown> = {
    ...input.metadata,
    captured_at: now,
    capture_kind: input.kind,
    idempotency_key: idempotencyKey,
    ...(redaction.count > 0 ? { client_redacted_count: redaction.count, client_redacted_kinds: redaction.kinds } : {}),
  };
  const base = {
    namespace: input.namespace?.trim() || settings.defaults.namespace,
    tags: uniqueTags(settings.defaults.tags, input.tags),
    source: captureSource(),
    source_ref: input.sourceRef,
  };
  const item = (content: string, meta: Record<string, unknown>, order = 0): OutboxItem => ({
    id: newId(),
    // Parts of one capture keep their order in the outbox (it sends oldest first).
    createdAt: now + order / 1000,
    body: { ...base, content, metadata: meta },
    state: 'pending',
    attempts: 0,
    notBefore: 0,
    kind: input.kind,
  });

  const bytes = utf8Bytes(redaction.text);
  let items: OutboxItem[];
  if (bytes > MAX_CONTENT_BYTES && !input.split) {
    // Caught before sending, never sent to bounce: parked for the user to split or edit.
    const parked = item(redaction.text, metadata);
    parked.state = 'parked';
    parked.parked = {
      reason: 'too-large',
      message: t('bg_too_large_split'),
      maxBytes: MAX_CONTENT_BYTES,
      receivedBytes: bytes,
    };
    items = [parked];
  } else {
    // Long content goes as readable parts (each far below 256 KB), so the server never chunks it mid-sentence.
    const parts = labelledParts(redaction.text);
    items =
      parts.length === 1
        ? [item(parts[0]!, metadata)]
        : parts.map((part, index) =>
            item(
              part,
              {
                ...metadata,
                idempotency_key: `${idempotencyKey}:part-${index + 1}-of-${parts.length}`,
                part: { index: index + 1, total: parts.length, group: idempotencyKey },
              },
              index,
            ),
          );
  }
  // The items and their Diagnostics entry in one transaction.
  await addItems(items, {
    at: now,
    kind: 'capture',
    outcome: items[0]!.state === 'parked' ? 'parked-too-large' : 'queued',
    detail: `${input.kind}, ${bytes} bytes${items.length > 1 ? `, ${items.length} parts` : ''}${
      redaction.count ? `, ${redaction.count} secrets redacted` : ''
    }`,
  });
  // While the server is unreachable, a new save probes at once: if it is back, this save goes out now. The state
  // it leaves is what the reason below is read from.
  const { state } = await probeSoonAndRead();
  void drainOutbox();
  const reason =
    items[0]!.state === 'parked'
      ? `it is ${Math.ceil(bytes / 1024)} KB, over the 256 KB limit; split or edit it`
      : await queuedReason(now, state);
  return {
    status: reason ? 'queued' : 'saved',
    ...(reason ? { reason } : {}),
    ids: items.map((i) => i.id),
    redactedCount: redaction.count,
  };
}

/**
 * For the popup's quick-save, which can afford to wait a moment: the real outcome of a healthy save, once the
 * server answered (or after `timeoutMs`, when the item simply stays queued). Context-menu saves don't wait: their
 * confirmation must come right after the durable write.
 */
export async function awaitOutcome(result: SaveResult, timeoutMs = 2_000): Promise<SaveResult> {
  if (result.status !== 'saved') return result;
  const settled = async (): Promise<SaveResult | null> => {
    const items = await Promise.all(result.ids.map((id) => getItem(id)));
    const parked = items.find((item) => item?.state === 'parked');
    if (parked) return { ...result, status: 'queued', reason: parked.parked?.message ?? t('bg_reason_refused') };
    if (items.every((item) => !item)) return result;
    return null;
  };
  return new Promise<SaveResult>((resolve) => {
    let done = false;
    const finish = (value: SaveResult) => {
      if (done) return;
      done = true;
      unsubscribe();
      clearTimeout(timer);
      resolve(value);
    };
    const check = () => void settled().then((value) => value && finish(value));
    const unsubscribe = onOutboxChange(check);
    const timer = setTimeout(() => {
      void settled().then((value) =>
        finish(
          value ?? {
            ...result,
            status: 'queued',
            reason: t('bg_reason_slow'),
          },
        ),
      );
    }, timeoutMs);
    check();
  });
}
