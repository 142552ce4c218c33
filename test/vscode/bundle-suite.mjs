// Bundles the extension-host test suite (test/vscode/suite) to out/vscode-suite/index.js.
// `vscode` comes from the extension host; mocha is loaded from node_modules at run time.
import * as esbuild from 'esbuild';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const suiteBundle = join(root, 'out', 'vscode-suite', 'index.js');

export async function bundleSuite() {
  await esbuild.build({
    entryPoints: [join(root, 'test', 'vscode', 'suite', 'index.ts')],
    outfile: suiteBundle,
    bundle: true,
    platform: 'node',
    target: 'node18',
    format: 'cjs',
    sourcemap: 'inline',
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
  return suiteBundle;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(await bundleSuite());
}
