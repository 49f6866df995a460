import { render } from 'preact';
import '../ui/theme.css';
import './popup.css';
import { App } from './App';
import { tabIdFromSearch } from './tab-param';

render(<App tabId={tabIdFromSearch(location.search)} />, document.getElementById('app')!);
