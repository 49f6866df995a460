import { render } from 'preact';
import '../ui/theme.css';
import './options.css';
import { App } from './App';
import { uiLanguage } from '../shared/i18n';

// The page's language is the strings' language: screen readers pronounce it, CJK text gets the right glyphs.
document.documentElement.lang = uiLanguage();

render(<App />, document.getElementById('app')!);
