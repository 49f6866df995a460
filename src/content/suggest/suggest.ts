/**
 * The suggestion script's entry (see suggest-core.ts). Built on its own (vite.config.ts, on-demand-scripts.ts) and
 * registered by the background only for the sites where the user turned suggestions on.
 */
import { chatSiteForUrl } from '../../shared/chat-sites';
import { startSuggestions } from './suggest-core';

const site = chatSiteForUrl(location.href);
if (site && window === window.top) startSuggestions(site);
