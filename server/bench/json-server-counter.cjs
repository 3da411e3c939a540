// json-server middleware for the benchmark's REST shop (CommonJS, as json-server 0.17 loads it):
// counts the requests the shop receives by kind and answers them at GET /__bench/requests, so the
// benchmark can say how many requests each synced order cost. The shop's own routes are untouched.
const counts = new Map();

/** Method and route: /orders (the list, or a search by our id) or /orders/:id. */
function kind(method, url) {
  const [path, query = ''] = url.split('?');
  if (path === '/orders') {
    if (method !== 'GET') return `${method} /orders`;
    return /(^|&)external_ref=/.test(query) ? 'GET /orders?external_ref (find by our id)' : 'GET /orders (list page)';
  }
  if (path.startsWith('/orders/')) return `${method} /orders/:id`;
  return `${method} ${path}`;
}

module.exports = (req, res, next) => {
  if (req.method === 'GET' && req.url === '/__bench/requests') {
    res.json(Object.fromEntries(counts));
    return;
  }
  // The benchmark's own count of the shop's orders is not the sync's.
  if (req.headers['x-bench'] === 'count') return next();
  const key = kind(req.method, req.url);
  counts.set(key, (counts.get(key) ?? 0) + 1);
  next();
};
