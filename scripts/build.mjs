// Bundles the extension client, the language server and the CLI with esbuild.
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node18',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  // jsonc-parser's `main` is a UMD build whose require() calls esbuild cannot follow; its ES module build bundles.
  alias: { 'jsonc-parser': './node_modules/jsonc-parser/lib/esm/main.js' },
};

const builds = [
  { entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] },
  { entryPoints: ['server/src/lsp/main.ts'], outfile: 'dist/server.js' },
  // The command: dist/cli.js loads dist/cli-main.js with V8's code cache (cli/launch.ts, cli/code-cache.ts).
  { entryPoints: ['server/src/cli/launch.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  { entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli-main.js' },
  // 7-Zip (WebAssembly) runs in this worker thread, beside server.js/cli.js (archive layer).
  { entryPoints: ['server/src/core/archive/wasm/worker.ts'], outfile: 'dist/archive-worker.js' },
  // The language server's worker thread: half the rows of a large document at open (lsp/openWorker/pool.ts).
  { entryPoints: ['server/src/lsp/openWorker/worker.ts'], outfile: 'dist/open-worker.js' },
  // The linked-archive check's worker threads (one archive each), beside server.js/cli.js (check-pool.ts).
  { entryPoints: ['server/src/core/archive/check-worker.ts'], outfile: 'dist/archive-check-worker.js' },
];

mkdirSync('dist', { recursive: true });
// 7-Zip compiled to WebAssembly: loaded at run time from beside the bundle.
const wasm = join(dirname(require.resolve('7z-wasm/package.json')), '7zz.wasm');
copyFileSync(wasm, 'dist/7zz.wasm');

if (watch) {
  for (const b of builds) await (await esbuild.context({ ...common, ...b })).watch();
} else {
  await Promise.all(builds.map((b) => esbuild.build({ ...common, ...b })));
}
