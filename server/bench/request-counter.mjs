// Preloaded into every server process the benchmark starts (node --import): counts the HTTP
// requests the server receives, by kind, and tells the benchmark over the IPC channel. It touches
// nothing of the server itself (Node's diagnostics channel sees each request as it starts), so the
// counts need no metric in the product and cost one map update per request.
// Plain JavaScript: it runs in front of the compiled server, without tsx.
import { subscribe } from 'node:diagnostics_channel';

const counts = new Map();

/** The kind of a request: method and route, with ids and query strings left out. */
function kind(method, url) {
  const path = url.split('?')[0];
  if (path === '/api/orders/_sync') return `${method} /api/orders/_sync`;
  if (path === '/api/orders' || path === '/api/orders/') return `${method} /api/orders`;
  if (path.startsWith('/api/orders/')) return `${method} /api/orders/:id`;
  return `${method} ${path}`;
}

subscribe('http.server.request.start', ({ request }) => {
  const key = kind(request.method, request.url ?? '');
  counts.set(key, (counts.get(key) ?? 0) + 1);
});

if (process.send) {
  process.on('message', (message) => {
    if (message?.type !== 'bench:requests') return;
    process.send({ type: 'bench:requests', id: message.id, counts: Object.fromEntries(counts) });
  });
  // The channel must not keep a server alive that is shutting down.
  process.channel?.unref();
}
