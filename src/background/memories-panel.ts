/**
 * The side panel's backend: search goes to the server through the API client (bounded, zod-parsed); edits and
 * deletes of saved memories are outbox items (op 'edit' / 'delete'), durable and paced like a save; Undo of a
 * delete cancels it while unsent, or else queues the memory again as a create.
 */
import { clipText } from '../shared/api-limits';
import type { Memory } from '../shared/api-schema';
import type { MemoriesPage, MemoryView, MessageOf } from '../shared/messages';
import { newId } from '../shared/ids';
import { t } from '../shared/i18n';
import type { ApiOutcome } from './api/client';
import { searchMemories } from './api/memories';
import { meaningOf } from './api/outcome';
import { storedTarget } from './api/target';
import { clock } from './clock';
import { captureSource } from './capture';
import { logDiagnostic, type OutboxItem } from './db';
import { ActionError } from './outbox/actions';
import { drainOutbox, probeSoon } from './outbox/sender';
import { addItems, deleteItem, getItem, listForDisplay } from './outbox/store';
import { itemView } from './status';
import { tabUrl } from './tab-info';

/** Results per page. */
export const PANEL_PAGE_SIZE = 20;
/** Longest content a result carries (a reply stays bounded); longer ones are marked truncated and not editable. */
export const MAX_VIEW_CONTENT = 20_000;
/** How many server pages the 'page' view reads at most to fill one page of results from the tab's URL. */
const PAGE_VIEW_READS = 5;

export class PanelError extends ActionError {}

function sourceOf(memory: Memory): string | null {
  const url = memory.metadata.url;
  return memory.source_ref ?? (typeof url === 'string' ? url : null);
}

export function memoryView(memory: Memory): MemoryView {
  return {
    id: clipText(memory.id, 200),
    content: memory.content.slice(0, MAX_VIEW_CONTENT),
    truncated: memory.content.length > MAX_VIEW_CONTENT,
    namespace: clipText(memory.namespace, 200),
    tags: memory.tags.slice(0, 50).map((tag) => clipText(tag, 200)),
    sourceRef: sourceOf(memory) === null ? null : clipText(sourceOf(memory)!, 2_000),
    createdAt: memory.created_at,
    updatedAt: memory.updated_at,
  };
}

/** Same page, ignoring the fragment and a trailing slash. */
function samePage(a: string, b: string): boolean {
  const norm = (u: string) => u.replace(/#.*$/, '').replace(/\/$/, '');
  return norm(a) === norm(b);
}

export async function searchPanel(m: MessageOf<'ui:memories-search'>): Promise<MemoriesPage> {
  const view = m.view ?? 'all';
  const offset = m.offset ?? 0;
  const q = view === 'recent' ? '' : m.q.trim();
  const filters = { q, ...(m.namespace ? { namespace: m.namespace } : {}), ...(m.tags ? { tags: m.tags } : {}) };
  const limit = view === 'page' ? 100 : PANEL_PAGE_SIZE;
  // The local reads at once, and the server asked as soon as it can be (once the target, and for "This page" the
  // tab's URL, are known), while the outbox is still being read: the panel's first search is on its way to
  // interactive.
  const targetRead = storedTarget();
  const pageUrlRead = view === 'page' ? tabUrl(m.tabId) : Promise.resolve(null);
  const firstRead = Promise.all([targetRead, pageUrlRead]).then(([target, pageUrl]) =>
    view === 'page' && pageUrl === null ? null : searchMemories(target, { ...filters, limit, offset }),
  );
  const outboxRead = offset === 0 ? listForDisplay(50) : Promise.resolve([]);
  const [target, pageUrl, listed, first] = await Promise.all([targetRead, pageUrlRead, outboxRead, firstRead]);
  const outbox = listed
    .filter((item) => view !== 'page' || (pageUrl !== null && samePage(item.body.source_ref ?? '', pageUrl)))
    .reverse()
    .map((item) => itemView(item, clock.now()));
  if (first === null) {
    return { memories: [], nextOffset: null, outbox, pageUrl, error: null };
  }
  const memories: MemoryView[] = [];
  let at = offset;
  for (let read = 0; read < (view === 'page' ? PAGE_VIEW_READS : 1); read++) {
    const result = read === 0 ? first : await searchMemories(target, { ...filters, limit, offset: at });
    if (result.kind !== 'ok') {
      return { memories, nextOffset: null, outbox, pageUrl, error: searchFailure(result.outcome) };
    }
    const found = result.memories.slice(0, limit);
    at += found.length;
    for (const memory of found) {
      if (view !== 'page' || samePage(sourceOf(memory) ?? '', pageUrl!)) memories.push(memoryView(memory));
    }
    if (found.length < limit) return { memories, nextOffset: null, outbox, pageUrl, error: null };
    if (memories.length >= PANEL_PAGE_SIZE) break;
  }
  return { memories, nextOffset: at, outbox, pageUrl, error: null };
}

/** Why a search failed, read as the outbox and the connection test read the same reply (api/outcome.ts). */
function searchFailure(outcome: ApiOutcome): string {
  const meaning = meaningOf(outcome);
  switch (meaning.kind) {
    case 'unreachable':
    case 'timeout':
      return t('panel_err_unreachable');
    case 'token-rejected':
      return t('panel_err_token');
    case 'forbidden':
      return t('panel_err_forbidden');
    case 'rate-limited':
      return t('panel_err_rate_limited');
    case 'server-error':
      return t('panel_err_server', meaning.status);
    case 'ok':
    case 'quota':
    case 'too-large':
    case 'rejected':
      return t('panel_err_search', outcome.kind === 'http' || outcome.kind === 'ok' ? outcome.status : 0);
  }
}

function panelItem(
  op: 'create' | 'edit' | 'delete',
  kind: string,
  body: OutboxItem['body'],
  memoryId?: string,
): OutboxItem {
  return {
    id: newId(),
    createdAt: clock.now(),
    body,
    state: 'pending',
    attempts: 0,
    notBefore: 0,
    kind,
    op,
    ...(memoryId ? { memoryId } : {}),
  };
}

async function queue(item: OutboxItem): Promise<{ outboxId: string }> {
  await addItems([item]);
  await logDiagnostic({
    at: item.createdAt,
    kind: 'capture',
    outcome: 'queued',
    detail: `${item.kind} ${item.id.slice(0, 8)}`,
  });
  await probeSoon();
  void drainOutbox();
  return { outboxId: item.id };
}

export async function editMemory(m: MessageOf<'ui:memory-edit'>): Promise<{ outboxId: string }> {
  if (m.content.trim() === '') throw new PanelError('invalid', t('replyerr_panel_edit_empty'));
  return queue(
    panelItem(
      'edit',
      'memory-edit',
      {
        content: m.content,
        ...(m.namespace?.trim() ? { namespace: m.namespace.trim() } : {}),
        ...(m.tags ? { tags: m.tags } : {}),
        metadata: {},
      },
      m.id,
    ),
  );
}

export async function deleteMemoryQueued(m: MessageOf<'ui:memory-delete'>): Promise<{ outboxId: string }> {
  return queue(
    panelItem(
      'delete',
      'memory-delete',
      {
        content: m.content,
        namespace: m.namespace,
        tags: m.tags,
        ...(m.sourceRef ? { source_ref: m.sourceRef } : {}),
        metadata: {},
      },
      m.id,
    ),
  );
}

export async function restoreMemory(
  m: MessageOf<'ui:memory-restore'>,
): Promise<{ restored: 'cancelled' | 'queued'; outboxId?: string }> {
  if (m.outboxId) {
    const pending = await getItem(m.outboxId);
    if (pending?.op === 'delete' && pending.state !== 'inflight' && (await deleteItem(m.outboxId))) {
      return { restored: 'cancelled' };
    }
  }
  if (m.content.trim() === '') throw new PanelError('invalid', t('replyerr_panel_restore_empty'));
  const { outboxId } = await queue(
    panelItem('create', 'restore', {
      content: m.content,
      namespace: m.namespace || 'default',
      tags: m.tags,
      source: captureSource(),
      ...(m.sourceRef ? { source_ref: m.sourceRef } : {}),
      metadata: { idempotency_key: newId(), restored: true },
    }),
  );
  return { restored: 'queued', outboxId };
}
