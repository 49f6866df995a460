/** "Save to Mnueron" on a selection, a link, an image or the page. Re-created on every start-up. */
import browser from './browser';
import { t } from '../shared/i18n';

export const MENU_ID = 'mnueron-save';

export async function createMenus(): Promise<void> {
  await browser.contextMenus.removeAll();
  browser.contextMenus.create({
    id: MENU_ID,
    title: t('bg_menu_save'),
    contexts: ['selection', 'link', 'image', 'page'],
  });
}
