// Tests of the extension's files that need no running editor but use VS Code's own pieces:
// the TextMate grammar through VS Code 1.100.3's tokenizer, and the .vsix contents.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ensureCodeServer, repoRoot } from '../../scripts/code-server.mjs';

ensureCodeServer();
const mocha = join(repoRoot, 'node_modules', '.bin', 'mocha');
const r = spawnSync(mocha, ['--no-config', '--require', 'tsx/cjs', '--timeout', '120000', 'test/vscode/static/**/*.test.ts'], {
  cwd: repoRoot,
  stdio: 'inherit',
});
process.exit(r.status ?? 1);
