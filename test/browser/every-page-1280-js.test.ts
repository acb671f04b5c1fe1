import t from 'tap';
import { everyPage } from './every-page.js';

t.test('every page and state at 1280 px, with JavaScript: no console errors, nothing from axe', (t) => everyPage(t, 1280, true));
