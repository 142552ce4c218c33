// Runs the extension's mocha suite (test/vscode/suite) inside a real VS Code: code-server's
// server (VS Code 1.100.3) with its Node extension host, opened by headless Chromium with an
// extensionDevelopmentPath/extensionTestsPath payload. Exits 0 only when the suite reports
// its result line with no failures; a VS Code that does not start is a failure.
//   node test/vscode/run-code-server.mjs [--trusted] [--multi-root] [--verbose]   (npm run test:vscode
//   builds first and runs it untrusted, then trusted, then trusted in the multi-root workspace
//   test/vscode/fixtures/multi-root, where the suite runs its multi-root tests only)
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ensureCodeServer, freePort, launchChromium, makeUserDataDir, repoRoot, startServerMain, stopProcess,
} from '../../scripts/code-server.mjs';
import { bundleSuite } from './bundle-suite.mjs';

const RESULT_MARKER = 'NHI_VSCODE_SUITE_RESULT';
const SUITE_TIMEOUT_MS = Number(process.env.NHI_VSCODE_TIMEOUT_MS ?? 300_000);
const verbose = process.argv.includes('--verbose');
/** VS Code refuses the trust dialog in test mode, so the workspace is untrusted unless --trusted. */
const trusted = process.argv.includes('--trusted');
const multiRoot = process.argv.includes('--multi-root');

async function main() {
  ensureCodeServer();
  const suite = await bundleSuite();
  const workspace = mkdtempSync(join(tmpdir(), 'nhi-vscode-ws-'));
  cpSync(join(repoRoot, 'test', 'vscode', 'fixtures', multiRoot ? 'multi-root' : 'workspace'), workspace, { recursive: true });
  const userDataDir = makeUserDataDir();
  const extensionsDir = mkdtempSync(join(tmpdir(), 'nhi-vscode-ext-'));
  const port = await freePort();
  const serverLog = [];
  let server;
  let browser;
  try {
    server = await startServerMain({ port, userDataDir, extensionsDir, trusted, log: (t) => serverLog.push(t) });
    const remote = (path) => `vscode-remote://127.0.0.1:${port}${path}`;
    const payload = [
      ['extensionDevelopmentPath', remote(repoRoot)],
      ['extensionTestsPath', remote(suite)],
    ];
    const opened = multiRoot ? `workspace=${encodeURIComponent(join(workspace, 'nhi.code-workspace'))}` : `folder=${encodeURIComponent(workspace)}`;
    const url = `http://127.0.0.1:${port}/?${opened}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    browser = await launchChromium();
    const page = await browser.newPage();
    const result = await new Promise((resolveResult, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no suite result within ${SUITE_TIMEOUT_MS} ms: the extension host or the suite did not run`)),
        SUITE_TIMEOUT_MS,
      );
      page.on('console', (msg) => {
        // The workbench forwards extension-host output with a "%c INFO color: #33f " style prefix.
        const text = msg.text().replace(/^%c\s+\w+\s+color:\s*#\w+\s+/, '');
        const at = text.indexOf(RESULT_MARKER);
        if (at >= 0) {
          clearTimeout(timer);
          try {
            resolveResult(JSON.parse(text.slice(at + RESULT_MARKER.length).trim()));
          } catch (err) {
            reject(new Error(`unreadable suite result: ${text}`));
          }
          return;
        }
        if (verbose || /^(ok|not ok) |^workspace trusted:/.test(text)) console.log(text);
      });
      page.on('pageerror', (err) => console.error(`page error: ${err.message}`));
      page.goto(url).catch(reject);
    });
    console.log(`\nextension suite in VS Code (code-server, ${trusted ? 'trusted' : 'untrusted'}${multiRoot ? ' multi-root' : ''} workspace): ${result.passed} passed, ${result.failed} failed`);
    for (const f of result.failures) console.log(`\nFAILED ${f.title}\n${f.error}`);
    if (result.failed > 0 || result.passed === 0) process.exitCode = 1;
    if (process.exitCode && verbose) console.log(serverLog.join(''));
  } catch (err) {
    console.error(String(err?.stack ?? err));
    console.error(`--- VS Code server output ---\n${serverLog.join('')}`);
    process.exitCode = 1;
  } finally {
    await browser?.close().catch(() => {});
    await stopProcess(server);
    for (const dir of [workspace, userDataDir, extensionsDir]) rmSync(dir, { recursive: true, force: true });
  }
}

await main();
