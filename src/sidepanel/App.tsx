/**
 * The side panel: find, fix and delete memories. Search goes to the server through the background; edits and
 * deletes are queued in the outbox like saves, and its unsent items are listed with the results, marked as such.
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { LiveMessage, MemoriesPage, MemoryView, OutboxItemView, Reply, UiMessage } from '../shared/messages';
import { send } from '../shared/ui-client';
import { t } from '../shared/i18n';
import { formatMemoryBlock } from '../shared/memory-block';
import { errorText, relativeTime, safeHttpUrl, sourceText } from '../ui/format';
import { SEARCH_RENDERED_MARK, SEARCH_REPLY_MARK } from './bench-marks';

type View = 'page' | 'recent' | 'all';
const DEBOUNCE_MS = 250;

/** Performance marks for `npm run bench`, test builds only: Vite replaces MODE, so the shipped build drops them. */
const benchMarks = import.meta.env.MODE === 'test';

type SearchMessage = Extract<UiMessage, { type: 'ui:memories-search' }>;

/** The search the panel sends for its fields, view and tab. */
function searchMessage(
  fields: { q: string; view: View; namespace: string; tagFilter: string; tabId?: number | undefined },
  offset: number,
): SearchMessage {
  const { q, view, namespace, tagFilter, tabId } = fields;
  return {
    type: 'ui:memories-search',
    q,
    view,
    ...(namespace.trim() ? { namespace: namespace.trim() } : {}),
    ...(splitTags(tagFilter).length ? { tags: splitTags(tagFilter) } : {}),
    ...(offset ? { offset } : {}),
    ...(tabId !== undefined ? { tabId } : {}),
  };
}

/**
 * What the panel opens on: `?q=` (the omnibox), else the search a click on a suggestion count left for the panel it
 * opened, else "This page". That view's search goes out together with the question for a waiting query, not after
 * its answer (the panel is interactive once its first results are listed); it is used when no query was waiting.
 */
export async function opening(
  params: URLSearchParams,
  tabId: number | undefined,
): Promise<{ initialQuery: string; firstSearch?: Promise<Reply<MemoriesPage>> }> {
  const q = params.get('q');
  if (q !== null) return { initialQuery: q };
  const firstSearch = send<'ui:memories-search'>(
    searchMessage({ q: '', view: 'page', namespace: '', tagFilter: '', tabId }, 0),
  );
  const pending = await send<'ui:suggest-pending'>({ type: 'ui:suggest-pending' });
  const initialQuery = pending.ok ? (pending.value ?? '') : '';
  return initialQuery ? { initialQuery } : { initialQuery, firstSearch };
}

export type AppProps = {
  tabId?: number | undefined;
  initialQuery?: string;
  /** The reply to the search for the first view and query, already on its way (`opening`). */
  firstSearch?: Promise<Reply<MemoriesPage>> | undefined;
  /** Called with the callback for what the background pushes; returns the unsubscribe. */
  subscribe?: (onChange: (message: LiveMessage) => void) => () => void;
};

const splitTags = (text: string) =>
  text
    .split(',')
    .map((tag) => tag.trim())
    .filter((tag) => tag !== '');

export function App({ tabId, initialQuery = '', firstSearch, subscribe }: AppProps) {
  const [q, setQ] = useState(initialQuery);
  const [view, setView] = useState<View>(initialQuery ? 'all' : 'page');
  const [namespace, setNamespace] = useState('');
  const [tagFilter, setTagFilter] = useState('');
  const [memories, setMemories] = useState<MemoryView[]>([]);
  const [outbox, setOutbox] = useState<OutboxItemView[]>([]);
  const [nextOffset, setNextOffset] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [loaded, setLoaded] = useState(false);
  /** Deleted here, with what Undo needs. */
  const [deleted, setDeleted] = useState<{ memory: MemoryView; outboxId: string } | null>(null);
  const seq = useRef(0);
  /** A search reply was applied and its render is not committed yet (bench marks, test builds only). */
  const replyApplied = useRef(false);
  /** Memories chosen for "Insert selected" and "Copy as prompt", by id. */
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());

  const query = (offset: number): SearchMessage => searchMessage({ q, view, namespace, tagFilter, tabId }, offset);

  const load = async (sentAlready?: Promise<Reply<MemoriesPage>>) => {
    const mine = ++seq.current;
    const reply = await (sentAlready ?? send<'ui:memories-search'>(query(0)));
    if (mine !== seq.current) return; // a newer search answered first
    if (benchMarks) {
      performance.mark(SEARCH_REPLY_MARK);
      replyApplied.current = true;
    }
    setLoaded(true);
    if (!reply.ok) return setError(errorText(reply.error));
    apply(reply.value, false);
  };

  const apply = (page: MemoriesPage, append: boolean) => {
    setMemories((current) => (append ? [...current, ...page.memories] : page.memories));
    if (!append) setOutbox(page.outbox);
    setNextOffset(page.nextOffset);
    setError(page.error);
  };

  const more = async () => {
    if (nextOffset === null) return;
    const reply = await send<'ui:memories-search'>(query(nextOffset));
    if (!reply.ok) return setError(errorText(reply.error));
    apply(reply.value, true);
  };

  // After every commit (no dependencies): the first commit after a reply is the one that rendered it.
  useLayoutEffect(() => {
    if (benchMarks && replyApplied.current) {
      replyApplied.current = false;
      performance.mark(SEARCH_RENDERED_MARK);
    }
  });

  const loadRef = useRef(load);
  loadRef.current = load;

  // Typing in the search or filter fields searches after a pause; their first values are searched by the view's
  // first load below, so the first run of this effect sends nothing (it used to repeat that search 250 ms later).
  const typed = useRef(false);
  useEffect(() => {
    if (!typed.current) {
      typed.current = true;
      return;
    }
    const timer = setTimeout(() => void loadRef.current(), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [q, namespace, tagFilter]);
  // A layout effect: the first search goes out as the panel first renders, not a frame later after paint (unless
  // it was sent before the first render: `firstSearch`, for the first view only).
  const firstSearchRef = useRef(firstSearch);
  useLayoutEffect(() => {
    const sentAlready = firstSearchRef.current;
    firstSearchRef.current = undefined;
    void loadRef.current(sentAlready);
  }, [view]);
  // Another tab (or page) only matters to "This page", and only when the panel is not pinned to a tab (?tab=).
  const followsTab = view === 'page' && tabId === undefined;
  const followsTabRef = useRef(followsTab);
  followsTabRef.current = followsTab;
  useEffect(
    () =>
      subscribe?.((message) => {
        if (message.type === 'bg:changed' || followsTabRef.current) void loadRef.current();
      }),
    [subscribe],
  );

  const remove = async (memory: MemoryView) => {
    const reply = await send<'ui:memory-delete'>({
      type: 'ui:memory-delete',
      id: memory.id,
      content: memory.content,
      namespace: memory.namespace,
      tags: memory.tags,
      ...(memory.sourceRef ? { sourceRef: memory.sourceRef } : {}),
    });
    if (!reply.ok) return setError(errorText(reply.error));
    setDeleted({ memory, outboxId: reply.value.outboxId });
    setMemories((current) => current.filter((m) => m.id !== memory.id));
    setNotice(t('sidepanel_deleted'));
  };

  const undo = async () => {
    if (!deleted) return;
    const { memory, outboxId } = deleted;
    const reply = await send<'ui:memory-restore'>({
      type: 'ui:memory-restore',
      outboxId,
      content: memory.content,
      namespace: memory.namespace,
      tags: memory.tags,
      ...(memory.sourceRef ? { sourceRef: memory.sourceRef } : {}),
    });
    if (!reply.ok) return setError(errorText(reply.error));
    setDeleted(null);
    setNotice(t('sidepanel_restored'));
    void load();
  };

  const saved = async (memory: MemoryView, changes: { content: string; tags: string[]; namespace: string }) => {
    const reply = await send<'ui:memory-edit'>({ type: 'ui:memory-edit', id: memory.id, ...changes });
    if (!reply.ok) {
      setError(errorText(reply.error));
      return false;
    }
    setMemories((current) => current.map((m) => (m.id === memory.id ? { ...m, ...changes } : m)));
    setNotice(t('sidepanel_queued'));
    return true;
  };

  const chosen = () => memories.filter((m) => selected.has(m.id)).map((m) => m.content);

  const insert = async (texts: string[]) => {
    if (texts.length === 0) return;
    const reply = await send<'ui:insert-into-chat'>({
      type: 'ui:insert-into-chat',
      texts,
      ...(tabId !== undefined ? { tabId } : {}),
    });
    if (!reply.ok) return setError(errorText(reply.error));
    setError(null);
    setNotice(t('sidepanel_inserted', reply.value.site));
  };

  // The user asked for it: the one place the panel writes to the clipboard.
  const copy = async (texts: string[]) => {
    if (texts.length === 0) return;
    try {
      await navigator.clipboard.writeText(formatMemoryBlock(texts));
      setNotice(t('sidepanel_copied'));
    } catch {
      // The browser's own reason (English, technical) is not shown: what the user can do is.
      setError(t('sidepanel_copy_refused'));
    }
  };

  const toggle = (id: string, on: boolean) =>
    setSelected((current) => {
      const next = new Set(current);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });

  // Every row's buttons read the same words: looked up once a render, not once a row (20 rows, 4 words each).
  const labels: RowLabels = {
    edit: t('sidepanel_edit'),
    delete: t('sidepanel_delete'),
    insert: t('sidepanel_insert'),
    select: t('sidepanel_select'),
  };

  const views: [View, string][] = [
    ['page', t('sidepanel_view_page')],
    ['recent', t('sidepanel_view_recent')],
    ['all', t('sidepanel_view_all')],
  ];

  return (
    <main class="sidepanel">
      <h1 class="sidepanel-title">{t('sidepanel_title')}</h1>
      <input
        aria-label={t('sidepanel_search')}
        placeholder={t('sidepanel_search')}
        value={q}
        onInput={(e) => {
          setQ(e.currentTarget.value);
          if (view === 'recent') setView('all');
        }}
      />
      <div class="sidepanel-filters">
        <input
          aria-label={t('sidepanel_filter_namespace')}
          placeholder={t('sidepanel_filter_namespace')}
          value={namespace}
          onInput={(e) => setNamespace(e.currentTarget.value)}
        />
        <input
          aria-label={t('sidepanel_filter_tags')}
          placeholder={t('sidepanel_filter_tags')}
          value={tagFilter}
          onInput={(e) => setTagFilter(e.currentTarget.value)}
        />
      </div>
      <div class="sidepanel-views" role="group" aria-label={t('sidepanel_view')}>
        {views.map(([id, label]) => (
          <button
            key={id}
            type="button"
            class={view === id ? 'small primary' : 'small'}
            aria-pressed={view === id}
            onClick={() => setView(id)}
          >
            {label}
          </button>
        ))}
      </div>
      <div role="status" class="sidepanel-status">
        {notice}
        {deleted && (
          <button type="button" class="small" onClick={() => void undo()}>
            {t('sidepanel_undo')}
          </button>
        )}
      </div>
      {error && (
        <p role="alert" class="sidepanel-error">
          {error}
        </p>
      )}
      {selected.size > 0 && (
        <div class="sidepanel-actions sidepanel-selection">
          <button type="button" class="small primary" onClick={() => void insert(chosen())}>
            {t('sidepanel_insert_selected')}
          </button>
          <button type="button" class="small" onClick={() => void copy(chosen())}>
            {t('sidepanel_copy_prompt')}
          </button>
        </div>
      )}
      <ul class="sidepanel-list" aria-label={t('sidepanel_results')}>
        {outbox.map((item) => (
          <OutboxRow key={`o-${item.id}`} item={item} />
        ))}
        {memories.map((memory) => (
          <MemoryRow
            key={memory.id}
            memory={memory}
            onDelete={() => void remove(memory)}
            onSave={(changes) => saved(memory, changes)}
            onInsert={() => void insert([memory.content])}
            selected={selected.has(memory.id)}
            onSelect={(on) => toggle(memory.id, on)}
            labels={labels}
          />
        ))}
      </ul>
      {loaded && memories.length === 0 && outbox.length === 0 && !error && (
        <p class="sidepanel-empty">{t('sidepanel_empty')}</p>
      )}
      {nextOffset !== null && (
        <button type="button" onClick={() => void more()}>
          {t('sidepanel_more')}
        </button>
      )}
    </main>
  );
}

function Source({ url }: { url: string | null | undefined }) {
  const safe = safeHttpUrl(url);
  if (!url) return null;
  return safe ? (
    <a class="sidepanel-source" href={safe} target="_blank" rel="noreferrer noopener">
      {safe}
    </a>
  ) : (
    <span class="sidepanel-source">{sourceText(url)}</span>
  );
}

function OutboxRow({ item }: { item: OutboxItemView }) {
  const op = item.op === 'edit' ? t('sidepanel_op_edit') : item.op === 'delete' ? t('sidepanel_op_delete') : '';
  return (
    <li class="sidepanel-item is-outbox" data-state={item.state}>
      <span class="sidepanel-badge">
        {item.state === 'parked' ? t('sidepanel_parked') : t('sidepanel_pending')}
        {op && ` · ${op}`}
      </span>
      <p class="sidepanel-text">{item.preview}</p>
      <p class="sidepanel-meta">
        {item.namespace} · {relativeTime(item.createdAt)}
      </p>
      <Source url={item.sourceUrl} />
    </li>
  );
}

type RowLabels = { edit: string; delete: string; insert: string; select: string };

function MemoryRow({
  memory,
  onDelete,
  onSave,
  onInsert,
  selected,
  onSelect,
  labels,
}: {
  memory: MemoryView;
  labels: RowLabels;
  onDelete: () => void;
  onInsert: () => void;
  selected: boolean;
  onSelect: (on: boolean) => void;
  onSave: (changes: { content: string; tags: string[]; namespace: string }) => Promise<boolean>;
}) {
  const [editing, setEditing] = useState(false);
  const [content, setContent] = useState(memory.content);
  const [tags, setTags] = useState(memory.tags.join(', '));
  const [namespace, setNamespace] = useState(memory.namespace);
  if (editing) {
    return (
      <li class="sidepanel-item">
        <form
          class="sidepanel-edit"
          onSubmit={(e) => {
            e.preventDefault();
            void onSave({ content, tags: splitTags(tags), namespace: namespace.trim() || memory.namespace }).then(
              (ok) => ok && setEditing(false),
            );
          }}
        >
          <label>
            {t('sidepanel_memory')}
            <textarea rows={5} value={content} onInput={(e) => setContent(e.currentTarget.value)} />
          </label>
          <label>
            {t('sidepanel_tags')}
            <input value={tags} onInput={(e) => setTags(e.currentTarget.value)} />
          </label>
          <label>
            {t('sidepanel_namespace')}
            <input value={namespace} onInput={(e) => setNamespace(e.currentTarget.value)} />
          </label>
          <div class="sidepanel-actions">
            <button type="submit" class="small primary">
              {t('sidepanel_save')}
            </button>
            <button type="button" class="small" onClick={() => setEditing(false)}>
              {t('sidepanel_cancel')}
            </button>
          </div>
        </form>
      </li>
    );
  }
  return (
    <li class="sidepanel-item">
      <p class="sidepanel-text">{memory.content}</p>
      <p class="sidepanel-meta">
        {memory.namespace}
        {memory.tags.length > 0 && ` · ${memory.tags.map((tag) => `#${tag}`).join(' ')}`} ·{' '}
        {relativeTime(memory.createdAt)}
      </p>
      <Source url={memory.sourceRef} />
      <div class="sidepanel-actions">
        {memory.truncated ? (
          <span class="sidepanel-meta">{t('sidepanel_truncated')}</span>
        ) : (
          <button type="button" class="small" onClick={() => setEditing(true)}>
            {labels.edit}
          </button>
        )}
        <button type="button" class="small" onClick={onDelete}>
          {labels.delete}
        </button>
        <button type="button" class="small" onClick={onInsert}>
          {labels.insert}
        </button>
        <label class="sidepanel-select">
          <input type="checkbox" checked={selected} onChange={(e) => onSelect(e.currentTarget.checked)} />
          {labels.select}
        </label>
      </div>
    </li>
  );
}
