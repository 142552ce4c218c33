// Runs the same extension suite (test/vscode/suite, bundled to out/vscode-suite/index.js by
// bundle-suite.mjs) through @vscode/test-electron: a desktop VS Code, downloaded into
// .vscode-test/ unless VSCODE_EXECUTABLE names one already installed. Needs internet (or that
// executable) and, on Linux without a display, xvfb-run. On machines that reach only npm, use
// `npm run test:vscode` (code-server) instead.
import { runTests } from '@vscode/test-electron';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../../scripts/code-server.mjs';
import { bundleSuite } from './bundle-suite.mjs';

const extensionTestsPath = await bundleSuite();
const work = mkdtempSync(join(tmpdir(), 'nhi-electron-'));
const workspace = join(work, 'workspace');
cpSync(join(repoRoot, 'test', 'vscode', 'fixtures', 'workspace'), workspace, { recursive: true });
try {
  await runTests({
    version: process.env.VSCODE_VERSION ?? 'stable',
    vscodeExecutablePath: process.env.VSCODE_EXECUTABLE || undefined,
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath,
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--user-data-dir', join(work, 'user-data')],
  });
} catch (err) {
  console.error(`extension suite through @vscode/test-electron failed: ${err?.message ?? err}`);
  process.exitCode = 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
