// Entry of dist/cli.js, the `nhi-imaging` command: loads the command itself (dist/cli-main.js, main.ts) with
// V8's code cache (code-cache.ts), runs it, and writes the cache once it is done when there was none.
import { realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { cacheVariant, loadBundle } from './code-cache';

// Beside this file's real path: started through a link to it (npm's bin link) with --preserve-symlinks-main,
// __dirname is the link's folder.
const bundle = loadBundle(join(dirname(realpathSync(__filename)), 'cli-main.js'), `cli-${cacheVariant(process.argv.slice(2))}`);
const { runProcess } = bundle.exports as { runProcess(): Promise<number> };
// Written only after a run that did its work (exit 0, or 1 for findings), so that it holds that work's functions.
void runProcess().then((code) => {
  if (code === 0 || code === 1) bundle.save();
});
