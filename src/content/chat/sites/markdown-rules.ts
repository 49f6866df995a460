/**
 * Each site's own Markdown rules (the adapters' `markdown` hooks), for code that reads a chat in a bundle of its own:
 * the reader injected on first use (reader.ts) and "Save this chat" (save-chat.ts). A hook keeps state in the
 * Markdown module it was bundled with (the language label waiting for its code block), so such code must use its
 * own copy of the hook, never the one on the adapter the content script hands it: `withMarkdownRules` puts it there.
 * ChatGPT's rules are only here (its content script never writes Markdown itself: late-reader.ts); the other sites'
 * adapters carry theirs too, for their content scripts' own reading.
 */
import type { ChatSiteId } from '../../../shared/chat-sites';
import type { SiteAdapter } from '../adapter';
import { labelBeforeCode } from '../markdown';
import { chatgptMarkdown } from './chatgpt-markdown';
import { geminiMarkdown } from './gemini';

const RULES: Partial<Record<ChatSiteId, NonNullable<SiteAdapter['markdown']>>> = {
  chatgpt: chatgptMarkdown,
  claude: labelBeforeCode,
  gemini: geminiMarkdown,
};

/** The adapter with this bundle's copy of its site's Markdown rules (none for a site without rules). */
export function withMarkdownRules(a: SiteAdapter): SiteAdapter {
  const { markdown: _theirs, ...rest } = a;
  const markdown = RULES[a.site];
  return markdown ? { ...rest, markdown } : rest;
}
