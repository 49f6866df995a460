/**
 * Where each chat site's composer is (2026: ChatGPT and Claude are ProseMirror, Gemini is Quill inside
 * `rich-textarea`, Perplexity is Lexical, each with its textarea fallback), most specific first. One list for
 * "Insert into chat" (the background hands it to the injected code, which cannot import) and for suggestions.
 */
import type { ChatSiteId } from './chat-sites';

export const COMPOSER_SELECTORS: Record<ChatSiteId, readonly string[]> = {
  chatgpt: [
    '#prompt-textarea[contenteditable="true"]',
    'div.ProseMirror[contenteditable="true"]',
    'textarea#prompt-textarea',
  ],
  claude: [
    'fieldset div.ProseMirror[contenteditable="true"]',
    'div.ProseMirror[contenteditable="true"]',
    '[contenteditable="true"][role="textbox"]',
  ],
  gemini: ['rich-textarea .ql-editor[contenteditable="true"]', '.ql-editor[contenteditable="true"]'],
  perplexity: [
    '#ask-input[contenteditable="true"]',
    '[data-lexical-editor="true"][contenteditable="true"]',
    'textarea#ask-input',
    'textarea[placeholder]',
  ],
};
