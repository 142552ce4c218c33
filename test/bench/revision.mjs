// Another git revision's server sources, for benchmarks that time it next to this tree's code.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

/** Extracts `rev`'s server/ (from `git archive`, run in `root`) into `out`/src and returns that folder. */
export function extractRevision(root, rev, out) {
  const src = join(out, 'src');
  mkdirSync(src, { recursive: true });
  const tar = spawnSync('git', ['archive', rev, 'server'], { cwd: root, maxBuffer: 256 * 1024 * 1024 });
  if (tar.status !== 0) throw new Error(`git archive ${rev}: ${tar.stderr}`);
  const x = spawnSync('tar', ['-x', '-C', src], { input: tar.stdout });
  if (x.status !== 0) throw new Error(`tar: ${x.stderr}`);
  return src;
}
