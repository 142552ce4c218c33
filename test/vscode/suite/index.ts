/**
 * The extension's test entry in the @vscode/test-electron layout: VS Code's extension host
 * loads this module (bundled to out/vscode-suite/index.js) and calls `run()`. The same bundle
 * runs in code-server (test/vscode/run-code-server.mjs) and in a downloaded VS Code
 * (test/vscode/run-electron.mjs).
 *
 * Besides mocha's own failure, run() prints one line the code-server runner reads:
 *   NHI_VSCODE_SUITE_RESULT {"passed":N,"failed":M,"failures":[...]}
 */
import Mocha from 'mocha';
import * as vscode from 'vscode';

export const RESULT_MARKER = 'NHI_VSCODE_SUITE_RESULT';

export function run(): Promise<void> {
  // NHI_VSCODE_GREP (reaches the extension host from the runner's environment) runs the matching tests only.
  const grep = process.env.NHI_VSCODE_GREP;
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false, reporter: 'spec', ...(grep ? { grep } : {}) });
  mocha.suite.emit('pre-require', globalThis, 'extension.test', mocha);
  // Loaded after pre-require so describe/it exist; esbuild inlines it into the bundle.
  if (vscode.workspace.workspaceFile) {
    // Opened as a multi-root workspace (run-code-server.mjs --multi-root): what only such a workspace shows.
    require('./multiRoot.test');
  } else {
    require('./extension.test');
    require('./archives.test');
    require('./build.test');
    require('./largeFiles.test');
  }

  return new Promise((resolve, reject) => {
    let passed = 0;
    const failures: Array<{ title: string; error: string }> = [];
    const runner = mocha.run((failed) => {
      console.log(`${RESULT_MARKER} ${JSON.stringify({ passed, failed, failures })}`);
      if (failed > 0 || passed === 0) reject(new Error(`${failed} of ${passed + failed} extension tests failed`));
      else resolve();
    });
    runner.on('pass', (test) => {
      passed++;
      console.log(`ok ${test.fullTitle()}`);
    });
    runner.on('fail', (test, err: Error) => {
      failures.push({ title: test.fullTitle(), error: String(err?.stack ?? err) });
      console.log(`not ok ${test.fullTitle()}\n${String(err?.stack ?? err)}`);
    });
  });
}
