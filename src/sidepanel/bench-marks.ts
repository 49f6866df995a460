/**
 * Names of the side panel's performance marks, read by `npm run bench` (bench/sidepanel.ts): when a search reply is
 * applied and when the render it caused is committed. The panel sets them in test builds only.
 */
export const SEARCH_REPLY_MARK = 'mnueron:search-reply';
export const SEARCH_RENDERED_MARK = 'mnueron:search-rendered';
