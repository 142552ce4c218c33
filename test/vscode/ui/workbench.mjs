// What the UI-level tests share: the extension installed from its .vsix, and the Problems counts of the status bar.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  codeServerBin, declareDisplayLanguage, ensureCodeServer, freePort, launchChromium, makeUserDataDir, repoRoot, startCodeServer, stopProcess, workbenchUrl,
} from '../../../scripts/code-server.mjs';

export const artifacts = join(repoRoot, 'test-artifacts');
/** "1 warning", "2 warnings": the tests' own summaries. */
export const counted = (n, noun) => `${n} ${noun}${n === 1 ? '' : 's'}`;
export const bin = (name) => join(repoRoot, 'node_modules', '.bin', name);

/** Packages the built extension as a .vsix and installs it into `extensionsDir` as a user would. */
export function packageAndInstall(extensionsDir, workDir) {
  const vsix = join(workDir, 'nhi-imaging-upload.vsix');
  execFileSync(bin('vsce'), ['package', '--no-dependencies', '--skip-license', '--allow-missing-repository', '--no-rewrite-relative-links', '--out', vsix], {
    cwd: repoRoot,
    stdio: 'pipe',
  });
  execFileSync(process.execPath, [codeServerBin, '--extensions-dir', extensionsDir, '--install-extension', vsix], { stdio: 'pipe' });
}

/** "2 errors, 1 warning": the numbers of the Problems item, read from its accessible label. */
export async function readProblemCounts(page) {
  const item = page.locator('[id="status.problems"]');
  const label = (await item.getAttribute('aria-label')) ?? '';
  const text = (await item.innerText()).replace(/\s+/g, ' ');
  const numbers = (text.match(/\d+/g) ?? []).map(Number);
  return { label, text, errors: numbers[0], warnings: numbers[1], infos: numbers[2] ?? 0 };
}

/**
 * Runs `journey(page)` in a real VS Code: the extension's .vsix installed into `work`, code-server serving
 * `workspace` (in the display language `locale`, when given), headless Chromium on its workbench. A failure leaves
 * test-artifacts/`name`-failure.png, prints the error with code-server's output and sets the exit status to 1. Stops
 * what it started and removes `work`.
 */
export async function inWorkbench({ name, work, workspace, locale }, journey) {
  ensureCodeServer();
  mkdirSync(artifacts, { recursive: true });
  const extensionsDir = join(work, 'extensions');
  packageAndInstall(extensionsDir, work);
  const userDataDir = makeUserDataDir({ 'workbench.colorTheme': 'Default Dark Modern' });
  if (locale) declareDisplayLanguage(userDataDir, locale);
  const port = await freePort();
  const log = [];
  let server;
  let browser;
  let page;
  try {
    server = await startCodeServer({ port, userDataDir, extensionsDir, workspace, locale, log: (t) => log.push(t) });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(workbenchUrl(port, workspace));
    await journey(page);
  } catch (err) {
    await page?.screenshot({ path: join(artifacts, `${name}-failure.png`) }).catch(() => {});
    console.error(String(err?.stack ?? err));
    console.error(`--- code-server output ---\n${log.join('')}`);
    process.exitCode = 1;
  } finally {
    await browser?.close().catch(() => {});
    await stopProcess(server);
    rmSync(work, { recursive: true, force: true });
    rmSync(userDataDir, { recursive: true, force: true });
  }
}
