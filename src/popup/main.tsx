import { render } from 'preact';
import '../ui/theme.css';
import './popup.css';
import { App, preloadRest } from './App';
import { uiLanguage } from '../shared/i18n';
import { tabIdFromSearch } from './tab-param';
import { send } from '../shared/ui-client';

// The page's language is the strings' language: screen readers pronounce it, CJK text gets the right glyphs.
document.documentElement.lang = uiLanguage();

// Asked before the first render: an effect would only send it after the first paint, a frame later.
const initialStatus = send<'ui:status'>({ type: 'ui:status' });

render(<App tabId={tabIdFromSearch(location.search)} initialStatus={initialStatus} />, document.getElementById('app')!);
// The rest of the popup's code, fetched while the status is on its way.
void preloadRest();
