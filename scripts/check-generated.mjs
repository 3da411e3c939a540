#!/usr/bin/env node
// Fails when the generated GraphQL files are stale: regenerates server/schema.graphql (from the
// server's resolvers) and admin/src/gql (from that schema and the admin's documents), then asks git
// whether anything changed. CI: `npm run check:generated`.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const GENERATED = ['server/schema.graphql', 'admin/src/gql'];

const run = (cmd, args) => spawnSync(cmd, args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

const codegen = run('npm', ['run', 'codegen']);
if (codegen.status !== 0) {
  console.error(`npm run codegen failed (exit ${codegen.status}):\n${codegen.stdout}\n${codegen.stderr}`);
  process.exit(1);
}
const status = run('git', ['status', '--porcelain', '--', ...GENERATED]);
if (status.status !== 0) {
  console.error(`git status failed: ${status.stderr}`);
  process.exit(1);
}
if (status.stdout.trim()) {
  const diff = run('git', ['--no-pager', 'diff', '--stat', '--', ...GENERATED]);
  console.error(
    `The generated GraphQL files are stale (the server's schema or the admin's documents changed without them):\n${status.stdout}${diff.stdout}\n` +
      'Run `npm run codegen` and commit the result.',
  );
  process.exit(1);
}
console.log('Generated GraphQL files are up to date (server/schema.graphql, admin/src/gql).');
