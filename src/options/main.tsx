import { render } from 'preact';
render(<p>Mnueron</p>, document.getElementById('app')!);
