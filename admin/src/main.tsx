import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router-dom';
import { App } from './App';
import { fetchInstance } from './instance';

/** The admin lives under /admin (the server answers index.html for every /admin/* path). */
const BASENAME = '/admin';

// Old-style hash links (/admin/#/orders) become real paths (/admin/orders).
if (window.location.hash.startsWith('#/')) {
  window.history.replaceState(null, '', `${BASENAME}${window.location.hash.slice(1)}`);
}

// fetchInstance never rejects: without an answer the admin starts with an unknown instance.
void fetchInstance().then((instance) => {
  document.title = `Orders ${instance.name}`;
  createRoot(document.getElementById('root')!, {
    // React recovered from an error by rendering again: say what the error was (its cause), not
    // only React's minified wrapper (#520).
    onRecoverableError: (error) => console.error('Recovered from a rendering error:', (error as Error & { cause?: unknown }).cause ?? error),
  }).render(
    <StrictMode>
      <BrowserRouter basename={BASENAME}>
        <App instance={instance} />
      </BrowserRouter>
    </StrictMode>,
  );
});
