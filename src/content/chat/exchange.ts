/**
 * Exchanges (a user message and the answer to it), their turn keys, and the in-memory dedupe.
 *
 * Turn key: `<site>:<conversation>:<message id>` where the site exposes one, else
 * `<site>:<conversation>:<ordinal>:<fnv1a(question + answer)>`. The ordinal is the answer's position; an edited or
 * regenerated answer at the same position is a new turn that `replaces` the previous key there.
 */
import { fnv1a } from '../../shared/ids';
import type { Role, SiteAdapter } from './adapter';
import { toMarkdown } from './markdown';

export type ChatMessage = { role: Role; text: string };
/** One turn as read from the page. */
export type TurnRead = { role: Role; text: string; ordinal: number; id: string | null };
export type Exchange = { key: string; ordinal: number; messages: ChatMessage[]; stopped: boolean };

export function readTurn(a: SiteAdapter, el: Element, index: number): TurnRead | null {
  const role = a.role(el);
  if (!role) return null;
  return {
    role,
    text: toMarkdown(a.content(el), a),
    ordinal: a.ordinal?.(el) ?? index,
    id: a.messageId?.(el) ?? null,
  };
}

export function exchange(
  a: SiteAdapter,
  conversationId: string,
  user: TurnRead | undefined,
  answer: TurnRead,
  stopped: boolean,
): Exchange | null {
  if (!answer.text) return null;
  const question = user?.text ?? '';
  const messages: ChatMessage[] = [{ role: 'assistant', text: answer.text }];
  if (question) messages.unshift({ role: 'user', text: question });
  const id = answer.id ?? `${answer.ordinal}:${fnv1a(`${question}\n\n${answer.text}`)}`;
  return { key: turnKey(a, conversationId, id), ordinal: answer.ordinal, messages, stopped };
}

export const turnKey = (a: SiteAdapter, conversationId: string, id: string) => `${a.site}:${conversationId}:${id}`;

/**
 * Reads the exchange ending at the answer `list[i]` (Markdown and turn key): `exchangeAt`, or, where a site's
 * content script does not carry the Markdown (ChatGPT), `lateReader` (late-reader.ts), which has it injected on
 * first use. `keyOnly`: only the key and ordinal are used (the baseline), so a reader may leave the messages empty
 * where the site gives the answer an id. Null when there is nothing to capture, or no reader could be had.
 */
export type ReadExchange = (
  a: SiteAdapter,
  conversationId: string,
  list: Element[],
  i: number,
  stopped: boolean,
  keyOnly?: boolean,
) => Exchange | null | Promise<Exchange | null>;

/** The exchange ending at the assistant turn `list[i]`: its question is the nearest user turn before it. */
export function exchangeAt(a: SiteAdapter, conversationId: string, list: Element[], i: number, stopped: boolean) {
  let user: TurnRead | undefined;
  for (let j = i - 1; j >= 0; j--) {
    const r = a.role(list[j]!);
    if (r === 'assistant') break;
    if (r === 'user') {
      user = readTurn(a, list[j]!, j) ?? undefined;
      break;
    }
  }
  const answer = readTurn(a, list[i]!, i);
  return answer ? exchange(a, conversationId, user, answer, stopped) : null;
}

/**
 * What this page has sent, for the life of the page (it survives SPA navigation and re-attaching); the background
 * dedupes persistently, which covers reloads. `at` remembers the last key seen at each conversation position, so a
 * regenerated answer can say which key it replaces.
 */
export class SentTurns {
  private sent = new Set<string>();
  private at = new Map<string, string>();

  /** Records the key shown at a position without sending it (baseline turns). */
  seen(conversationId: string, ex: Pick<Exchange, 'key' | 'ordinal'>): void {
    this.at.set(`${conversationId}#${ex.ordinal}`, ex.key);
  }

  /** null when already sent; otherwise marks it sent and says which key it replaces, if any. */
  claim(conversationId: string, ex: Exchange): { replaces?: string } | null {
    if (this.sent.has(ex.key)) return null;
    this.sent.add(ex.key);
    const slot = `${conversationId}#${ex.ordinal}`;
    const previous = this.at.get(slot);
    this.at.set(slot, ex.key);
    return previous && previous !== ex.key ? { replaces: previous } : {};
  }
}
