import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ADMIN_DIR, REPO_ROOT } from './paths.js';

/** Newest modification time of the files under `path` (0 when it does not exist). */
function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules') continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

/** Why the admin needs building, or null when admin/dist is up to date. */
export function adminBuildReason(): string | null {
  const built = join(ADMIN_DIR, 'dist', 'index.html');
  if (!existsSync(built)) return 'admin/dist is missing';
  const builtAt = statSync(built).mtimeMs;
  const inputs = ['src', 'index.html', 'public', 'package.json', 'vite.config.ts', 'vite.config.js', 'vite.config.mts', 'tsconfig.json'];
  const newest = Math.max(...inputs.map((p) => newestMtime(join(ADMIN_DIR, p))));
  return newest > builtAt ? 'admin/dist is older than admin/src' : null;
}

/** Builds the admin (npm run build -w admin) when admin/dist is missing or stale. */
export function ensureAdminBuilt(): void {
  if (process.env.E2E_SKIP_ADMIN_BUILD === '1') return;
  const reason = adminBuildReason();
  if (!reason) return;
  if (!existsSync(join(ADMIN_DIR, 'src'))) {
    throw new Error('The admin app has no source (admin/src is missing): nothing to test at /admin.');
  }
  console.log(`[e2e] ${reason}: npm run build -w admin`);
  const started = Date.now();
  const result = spawnSync('npm', ['run', 'build', '-w', 'admin'], { cwd: REPO_ROOT, encoding: 'utf8', env: process.env });
  if (result.status !== 0) {
    throw new Error(`npm run build -w admin failed (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
  console.log(`[e2e] admin built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
