// Progressive enhancement only: every page works without this file.
import { initAll } from '/nhsuk/nhsuk-frontend.min.js';

// nhsuk-frontend only initialises when the body says it is supported; setting the class here
// (not in an inline script) keeps the Content-Security-Policy free of 'unsafe-inline'.
document.body.classList.add('js-enabled', 'nhsuk-frontend-supported');
initAll();

// Content swapped in by htmx gets the same components.
document.body.addEventListener('htmx:afterSettle', (event) => {
  initAll({ scope: event.detail.elt });
});
