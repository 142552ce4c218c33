import { spawnSync } from 'node:child_process';

/** Fails with what to install when a command the suite runs is not on PATH (.ci/run installs them with apt-get). */
export function requireTools(names: readonly string[]): void {
  for (const name of names) {
    if (spawnSync('sh', ['-c', `command -v ${name}`]).status !== 0) throw new Error(`${name} is missing: .ci/run installs it with apt-get`);
  }
}
