/**
 * The parts of each site's adapter that only code reading a chat in a bundle of its own uses: the reader injected on
 * first use (reader.ts) and "Save this chat" (save-chat.ts). Kept here so the content scripts, which never run that
 * code, do not carry them (Claude's thread total, ChatGPT's Markdown rules: its script never writes Markdown itself,
 * late-reader.ts), and so that such code uses its own bundle's copy of a Markdown hook: a hook keeps state in the
 * Markdown module it was bundled with (the language label waiting for its code block), so the hook on the adapter
 * the content script hands over would write into the content script's copy. Claude's and Gemini's adapters carry
 * their hooks too, for their content scripts' own reading.
 */
import type { ChatSiteId } from '../../../shared/chat-sites';
import type { SiteAdapter } from '../adapter';
import { labelBeforeCode } from '../markdown';
import { chatgptMarkdown } from './chatgpt-markdown';
import { claudeTotal } from './claude';
import { geminiMarkdown } from './gemini';

type Parts = Pick<SiteAdapter, 'markdown' | 'total'>;

const PARTS: Partial<Record<ChatSiteId, Parts>> = {
  chatgpt: { markdown: chatgptMarkdown },
  claude: { markdown: labelBeforeCode, total: claudeTotal },
  gemini: { markdown: geminiMarkdown },
};

/** The adapter with this bundle's copy of its site's reading parts (its own Markdown hook replaced). */
export function withReadingParts(a: SiteAdapter): SiteAdapter {
  const { markdown: _theirs, ...rest } = a;
  return { ...rest, ...PARTS[a.site] };
}
