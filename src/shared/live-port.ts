/**
 * The side panel's live channel, in a module of its own with no imports: the panel page needs this name, and
 * importing it from messages.ts would load zod (its schemas) into the panel, which only sends messages and never
 * parses them (the background does). test/unit/content-script-budget.test.ts checks the built page has no zod.
 */

/** Name of the runtime port the side panel listens on; the background posts `LiveMessage`s on it. */
export const LIVE_PORT = 'memories-live';
/**
 * The background's messages are named `bg:` (pages send `ui:`, content scripts `page:`). `bg:changed`: the outbox
 * changed; `bg:tab`: the user switched tabs or the active tab moved to another page. The background also posts
 * `{ type: 'bg:query', q }` (a clicked suggestion count), which the page's entry handles itself.
 */
export type LiveMessage = { type: 'bg:changed' } | { type: 'bg:tab' };
