/**
 * Scripts the background injects only when they are needed (`scripting.executeScript({ files })`), as source entry
 * and built file. vite.config.ts builds each into a single self-contained IIFE at `file`; they are not in the
 * manifest, so no page loads them on its own.
 */
export const ON_DEMAND_SCRIPTS = {
  /** "Save this chat": whole-conversation collection and the generic reader, shared by every chat site. */
  saveChat: { entry: 'src/content/chat/save-chat.ts', file: 'src/content/chat/save-chat.js' },
  /**
   * The chat reader (Markdown and turn keys) for the sites whose content script does not carry it (ChatGPT):
   * injected into the chat tab when its content script first asks (`page:chat-reader`).
   */
  reader: { entry: 'src/content/chat/reader.ts', file: 'src/content/chat/reader.js' },
  /**
   * Suggestions while typing: registered as a content script (scripting.registerContentScripts) only on the sites
   * the user opted in, and injected into their open tabs; nowhere else, and not at all while off.
   */
  suggest: { entry: 'src/content/suggest/suggest.ts', file: 'src/content/suggest/suggest.js' },
} as const;
