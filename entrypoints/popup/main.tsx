import { render } from 'preact';
import { StatusPopup } from '../../src/ui/status-popup';

render(<StatusPopup lang={navigator.language.toLowerCase().startsWith('nl') ? 'nl' : 'en'} />, document.getElementById('app')!);
