/**
 * Site Markdown rules that a site's content script does not carry because that script never writes Markdown itself
 * (ChatGPT's: late-reader.ts). The code that does write it for such a site (the reader injected on first use,
 * "Save this chat") reads the adapter through `withMarkdownRules`. Sites that write Markdown in their content
 * script keep their rules on the adapter (`markdown`).
 */
import type { ChatSiteId } from '../../../shared/chat-sites';
import type { SiteAdapter } from '../adapter';
import { chatgptMarkdown } from './chatgpt-markdown';

const LATE: Partial<Record<ChatSiteId, SiteAdapter['markdown']>> = { chatgpt: chatgptMarkdown };

/** The adapter with its site's late Markdown rules, if it has any. */
export function withMarkdownRules(a: SiteAdapter): SiteAdapter {
  const markdown = LATE[a.site];
  return markdown && !a.markdown ? { ...a, markdown } : a;
}
