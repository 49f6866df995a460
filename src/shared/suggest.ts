/** Shared by the suggestion script and the background (plain constants: nothing pulled into the script's bundle). */

/** A newer copy of the suggestion script starting, or its site switched off, dispatches this on the document. */
export const SUGGEST_STOP_EVENT = 'mnueron-suggest-stop';
/** The pause after the last keystroke before the draft is searched. */
export const SUGGEST_DEBOUNCE_MS = 600;
/** Shorter drafts are not searched. */
export const SUGGEST_MIN_CHARS = 3;
/** Longest composer draft a suggestion search takes; the script sends at most this much (the end of the draft). */
export const MAX_SUGGEST_DRAFT = 2_000;
