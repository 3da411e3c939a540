// json-server middleware (CommonJS, as json-server 0.17 loads it): stamps `updated_at` on every
// write, as a shop does, so a remote's "changed since" polling works. Strictly increasing, so two
// writes in one millisecond are still ordered. Shared by the server tests and the e2e suite.
let last = 0;
module.exports = (req, res, next) => {
  if ((req.method === 'POST' || req.method === 'PUT' || req.method === 'PATCH') && req.body && typeof req.body === 'object') {
    last = Math.max(Date.now(), last + 1);
    req.body.updated_at = new Date(last).toISOString();
  }
  next();
};
