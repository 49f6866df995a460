// Chat capture content script (registered on chat sites only). Filled in by the chat-capture work.
export {};
