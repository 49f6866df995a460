/** The memories panel page: Chrome's side panel and Firefox's sidebar (manifest.config.ts), and the omnibox's tab. */
export const SIDE_PANEL_PAGE = 'src/sidepanel/index.html';
