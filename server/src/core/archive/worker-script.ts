/**
 * Where a worker thread's script is: `bundled` beside the running bundle (dist/), or the TypeScript
 * source `source` through tsx when running from sources (tests). Null when neither is there.
 * Shared by the workers of the core (and usable by any other: pass the caller's __dirname).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export interface WorkerScript {
  script: string;
  execArgv: string[];
}

export function locateWorkerScript(dir: string, bundled: string, source: string): WorkerScript | null {
  const bundle = join(dir, bundled);
  if (existsSync(bundle)) return { script: bundle, execArgv: [] };
  const ts = join(dir, source);
  if (!existsSync(ts)) return null;
  try {
    return { script: ts, execArgv: ['--require', resolveInDevelopment('tsx/cjs')] };
  } catch {
    return null;
  }
}

/** Resolves from node_modules when running from sources; a variable id keeps bundlers from following it. */
function resolveInDevelopment(id: string): string {
  return require.resolve(id);
}
