// Builds the plugin for both module systems: dist/esm (import) and dist/cjs (require), so that a
// shop's config can load it whether it is compiled to ES modules or to CommonJS.
import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
rmSync('dist', { recursive: true, force: true });
for (const project of ['tsconfig.build.json', 'tsconfig.build-cjs.json']) {
  execFileSync(process.execPath, [tsc, '-p', project], { stdio: 'inherit' });
}
// The package is "type": "module"; this marks the CommonJS build as such.
writeFileSync('dist/cjs/package.json', '{ "type": "commonjs" }\n');
