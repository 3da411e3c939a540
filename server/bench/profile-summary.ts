/**
 * Summarises V8 CPU profiles (from `npm run bench -- --cpu-prof=DIR`, or node --cpu-prof):
 * where the time of each server process went, by function (self time), by function including
 * what it calls (total time, for our own code), and by package.
 *
 *   npx tsx bench/profile-summary.ts DIR [--top=25]
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

function profilesIn(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path).flatMap((name) => {
    const full = join(path, name);
    return statSync(full).isDirectory() ? profilesIn(full) : name.endsWith('.cpuprofile') ? [full] : [];
  });
}

/** Where a function lives: a package, our own source file, or Node/V8 itself. */
function owner(url: string): string {
  if (!url) return '(V8 / native)';
  if (url.startsWith('node:')) return `node:${url.slice(5).split('/')[0]}`;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  const own = /\/server\/(dist|src|bench)\/(.*)$/.exec(url);
  if (own) return `server/${own[1]}/${own[2]!.split('/')[0]}`;
  return url;
}

const SPECIAL = new Set(['(idle)', '(program)', '(garbage collector)', '(root)']);

function summarise(file: string, top: number): void {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));
  const total = [...self.values()].reduce((s, n) => s + n, 0);
  const idle = [...self].filter(([id]) => byId.get(id)!.callFrame.functionName === '(idle)').reduce((s, [, n]) => s + n, 0);
  const busy = total - idle;

  const key = (n: ProfileNode) => (SPECIAL.has(n.callFrame.functionName) ? n.callFrame.functionName : `${n.callFrame.functionName || '(anonymous)'} ${owner(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`);
  const selfByFunction = new Map<string, number>();
  const selfByOwner = new Map<string, number>();
  for (const [id, ms] of self) {
    const node = byId.get(id)!;
    if (node.callFrame.functionName === '(idle)') continue;
    selfByFunction.set(key(node), (selfByFunction.get(key(node)) ?? 0) + ms);
    const who = SPECIAL.has(node.callFrame.functionName) ? node.callFrame.functionName : owner(node.callFrame.url);
    selfByOwner.set(who, (selfByOwner.get(who) ?? 0) + ms);
  }

  // Total time of our own functions: their self time plus everything below them, counted once per sample path.
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const inclusive = new Map<string, number>();
  for (const [id, ms] of self) {
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const node = byId.get(at)!;
      if (!/\/server\/(dist|src)\//.test(node.callFrame.url)) continue;
      const k = key(node);
      if (seen.has(k)) continue;
      seen.add(k);
      inclusive.set(k, (inclusive.get(k) ?? 0) + ms);
    }
  }

  const table = (title: string, map: Map<string, number>) => {
    console.log(`\n  ${title}`);
    for (const [k, ms] of [...map].sort((x, y) => y[1] - x[1]).slice(0, top)) {
      console.log(`  ${ms.toFixed(0).padStart(8)} ms ${((100 * ms) / busy).toFixed(1).padStart(5)} %  ${k}`);
    }
  };
  console.log(`\n${relative(process.cwd(), file)}: ${(total / 1000).toFixed(1)} s profiled, ${(busy / 1000).toFixed(1)} s busy`);
  table('busy time by package or file (self)', selfByOwner);
  table('functions by self time', selfByFunction);
  table('our functions by total time (with what they call)', inclusive);
}

const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: 'string', default: '25' } } });
if (positionals.length === 0) {
  console.error('Usage: npx tsx bench/profile-summary.ts <profile file or directory> [--top=25]');
  process.exit(1);
}
for (const path of positionals) for (const file of profilesIn(path)) summarise(file, Number(values.top));
