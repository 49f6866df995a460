/**
 * The side panel's live channel, in a module of its own with no imports: the panel page needs this name, and
 * importing it from messages.ts would load zod (its schemas) into the panel, which only sends messages and never
 * parses them (the background does). test/unit/content-script-budget.test.ts checks the built page has no zod.
 */

/** Name of the runtime port the side panel listens on; the background posts `LiveMessage`s on it. */
export const LIVE_PORT = 'memories-live';
/** `changed`: the outbox changed; `tab`: the user switched tabs or the active tab moved to another page. */
export type LiveMessage = { type: 'changed' } | { type: 'tab' };
