// Progressive enhancement only: every page works without this file.
import { initAll } from '/static/vendor/nhsuk-frontend.js';

// nhsuk-frontend only initialises when the body says it is supported; setting the class here
// (not in an inline script) keeps the Content-Security-Policy free of 'unsafe-inline'.
document.body.classList.add('js-enabled', 'nhsuk-frontend-supported');
// nhsuk-frontend logs a component that fails to start (an ElementError) with console.log;
// console.error makes it an error that monitoring and the browser tests see.
const onError = (error) => console.error(error);
initAll({ onError });

// Content swapped in by htmx gets the same components, and focus moves to it so keyboard
// and screen-reader users start at the new step (an error summary focuses itself).
document.body.addEventListener('htmx:afterSettle', (event) => {
  // After an outerHTML swap the old target is detached: look in the page instead.
  const swapped = event.detail.elt.isConnected ? event.detail.elt : document.getElementById('tree-step') ?? document.body;
  initAll({ scope: swapped, onError });
  if (swapped.querySelector('.nhsuk-error-summary')) return;
  const heading = swapped.querySelector('h1');
  if (heading) {
    heading.setAttribute('tabindex', '-1');
    heading.focus();
  }
});
