// Installs and starts code-server (VS Code 1.100.3 on Node 20, published on npm) so the
// extension can run in a real VS Code on machines that reach only npm and Debian.
// Used by `npm run demo`, test/vscode/run-code-server.mjs and the UI tests in test/vscode/ui/.
//
//   node scripts/code-server.mjs install           install into .cache/code-server if missing
//   node scripts/code-server.mjs demo [folder]     a real VS Code with the extension on 127.0.0.1
//                                                  (default folder: samples/batch); Ctrl-C stops it
//
// The recipe and the reasons for each step: ../shared/e2e/README.md of the workspace.
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CODE_SERVER_VERSION = '4.100.3';
/** The @vscode/ripgrep version code-server 4.100.3 pins; its install script looks for rg in this cache first. */
const RIPGREP_PACKAGE_VERSION = '1.15.11';
const RIPGREP_ARCHIVE = 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const installDir = join(repoRoot, '.cache', 'code-server');
const packageDir = join(installDir, 'node_modules', 'code-server');
/** VS Code's own server entry: unlike the code-server wrapper it accepts extensionDevelopmentPath payloads. */
export const serverMain = join(packageDir, 'lib', 'vscode', 'out', 'server-main.js');
export const codeServerBin = join(packageDir, 'out', 'node', 'entry.js');

export function isInstalled() {
  return existsSync(serverMain) && existsSync(codeServerBin);
}

/** Installs code-server into .cache/code-server unless it is there already. Throws with the npm output on failure. */
export function ensureCodeServer({ log = console.error } = {}) {
  if (isInstalled()) return;
  const rg = findOnPath('rg');
  if (!rg) throw new Error('ripgrep (rg) is missing: apt-get install -y ripgrep');
  const cacheDir = join(tmpdir(), `vscode-ripgrep-cache-${RIPGREP_PACKAGE_VERSION}`);
  mkdirSync(cacheDir, { recursive: true });
  const seeded = join(cacheDir, RIPGREP_ARCHIVE);
  if (!existsSync(seeded)) run('tar', ['czf', seeded, '-C', dirname(rg), 'rg']);
  mkdirSync(installDir, { recursive: true });
  log(`Installing code-server@${CODE_SERVER_VERSION} into ${installDir} (about a minute)...`);
  run('npm', ['install', '--prefix', installDir, `code-server@${CODE_SERVER_VERSION}`, '--no-audit', '--no-fund', '--no-save'], {
    env: { ...process.env, npm_config_unsafe_perm: 'true', npm_config_yes: 'true' },
  });
  if (!isInstalled()) throw new Error(`code-server installed but ${serverMain} is missing`);
}

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', ...opts });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

function findOnPath(name) {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

export function freePort() {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolvePort(port));
    });
  });
}

/** A fresh user-data dir with settings that keep welcome pages and update checks out of the way. */
export function makeUserDataDir(settings = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'nhi-vscode-user-'));
  mkdirSync(join(dir, 'User'), { recursive: true });
  writeFileSync(
    join(dir, 'User', 'settings.json'),
    JSON.stringify(
      {
        'workbench.startupEditor': 'none',
        'workbench.tips.enabled': false,
        'update.mode': 'none',
        'telemetry.telemetryLevel': 'off',
        'extensions.autoCheckUpdates': false,
        'extensions.autoUpdate': false,
        ...settings,
      },
      null,
      2,
    ),
  );
  return dir;
}

/**
 * Makes `locale` (e.g. zh-tw) VS Code's display language in `userDataDir` for a server started with `--locale`: the
 * language-pack list VS Code's server reads, naming a translation with no strings. VS Code's own texts stay English
 * (no language pack can be downloaded here); vscode.env.language is `locale` and extensions' package.nls.<locale>.json
 * titles their commands and settings.
 */
export function declareDisplayLanguage(userDataDir, locale) {
  const translations = join(userDataDir, 'stub-language-pack', 'main.i18n.json');
  mkdirSync(dirname(translations), { recursive: true });
  writeFileSync(translations, JSON.stringify({ version: '1.0.0', contents: {} }));
  // A pack that names no extension of its own made the remote extension host start with no extension at all.
  const extensions = [{ extensionIdentifier: { id: 'test.stub-language-pack' }, version: '0.0.1' }];
  const pack = { hash: `stub-${locale}`, label: locale, extensions, translations: { vscode: translations } };
  writeFileSync(join(userDataDir, 'languagepacks.json'), JSON.stringify({ [locale]: pack }));
}

/**
 * Starts a process and resolves once `readyPattern` appears on its output, rejecting if it
 * exits first or does not get ready within `timeoutMs`.
 */
function startProcess(args, { readyPattern, timeoutMs = 60000, env = process.env, log }) {
  return new Promise((resolveStart, reject) => {
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const timer = setTimeout(() => fail(new Error(`not ready after ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const onData = (chunk) => {
      const text = chunk.toString();
      output += text;
      log?.(text);
      if (readyPattern.test(output)) {
        clearTimeout(timer);
        resolveStart(child);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => fail(new Error(`exited with ${code} before it was ready:\n${output}`)));
    function fail(err) {
      clearTimeout(timer);
      child.kill();
      reject(err);
    }
  });
}

/**
 * VS Code's server (way A, API tests). Resolves with the child process once it listens.
 * `trusted`: every workspace is trusted; otherwise test mode leaves it untrusted (restricted mode).
 */
export function startServerMain({ port, userDataDir, extensionsDir, trusted = false, log }) {
  return startProcess(
    [
      serverMain,
      ...(trusted ? ['--disable-workspace-trust'] : []),
      '--host', '127.0.0.1',
      '--port', String(port),
      '--without-connection-token',
      '--accept-server-license-terms',
      '--user-data-dir', userDataDir,
      '--extensions-dir', extensionsDir,
    ],
    { readyPattern: new RegExp(`(Extension host agent listening on ${port}|Web UI available)`), log },
  );
}

/**
 * The code-server wrapper (way B, UI tests and the demo): a browser opens the workspace like a user. `locale`: the
 * display language, declared in `userDataDir` first (declareDisplayLanguage).
 */
export function startCodeServer({ port, userDataDir, extensionsDir, workspace, locale, log }) {
  return startProcess(
    [
      codeServerBin,
      '--auth', 'none',
      '--bind-addr', `127.0.0.1:${port}`,
      '--user-data-dir', userDataDir,
      '--extensions-dir', extensionsDir,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      ...(locale ? ['--locale', locale] : []),
      workspace,
    ],
    { readyPattern: /HTTP server listening on/, log },
  );
}

/** Stops a process started here and waits for it to exit. */
export function stopProcess(child) {
  return new Promise((resolveStop) => {
    if (!child || child.exitCode !== null || child.signalCode !== null) return resolveStop();
    const force = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(force);
      resolveStop();
    });
    child.kill('SIGTERM');
  });
}

/** What the installed extension consists of besides dist/ (the same files .vscodeignore lets into the .vsix). */
const EXTENSION_FILES = [
  'package.json',
  'package.nls.json',
  'package.nls.zh-tw.json',
  'README.md',
  'language-configuration.json',
  'syntaxes/nhi-imaging-csv.tmLanguage.json',
  'docs/rules.md',
];
/** The folders it takes whole: the walkthrough's pages, and the spec texts and decision notes docs/rules.md links to. */
const EXTENSION_FOLDERS = ['client/media/walkthrough', 'docs/spec', 'docs/decisions'];

/** Copies the built extension into `extensionsDir` as publisher.name-version, as VS Code lays out installed extensions. */
export function unpackExtension(extensionsDir) {
  const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
  const target = join(extensionsDir, `${manifest.publisher}.${manifest.name}-${manifest.version}`);
  const dist = join(repoRoot, 'dist');
  if (!existsSync(join(dist, 'client.js')) || !existsSync(join(dist, 'server.js'))) {
    throw new Error('dist/ is not built: run npm run build');
  }
  const bundles = readdirSync(dist).filter((f) => /\.(js|wasm)$/.test(f)).map((f) => `dist/${f}`);
  rmSync(target, { recursive: true, force: true });
  for (const file of [...EXTENSION_FILES, ...bundles]) {
    const from = join(repoRoot, file);
    if (!existsSync(from)) continue;
    mkdirSync(dirname(join(target, file)), { recursive: true });
    copyFileSync(from, join(target, file));
  }
  for (const folder of EXTENSION_FOLDERS) cpSync(join(repoRoot, folder), join(target, folder), { recursive: true });
  return target;
}

function firstCsv(folder) {
  const name = readdirSync(folder).filter((f) => /\.csv$/i.test(f)).sort()[0];
  return name && join(folder, name);
}

/** The address of the workbench with `folder` open and, if given, `file` in an editor. */
export function workbenchUrl(port, folder, file) {
  let url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(folder)}`;
  if (file) url += `&payload=${encodeURIComponent(JSON.stringify([['openFile', `vscode-remote://127.0.0.1:${port}${file}`]]))}`;
  return url;
}

async function demo(folderArg) {
  ensureCodeServer();
  const workspace = resolve(folderArg ?? join(repoRoot, 'samples', 'batch'));
  if (!existsSync(workspace)) throw new Error(`${workspace} does not exist`);
  const extensionsDir = join(installDir, 'demo-extensions');
  unpackExtension(extensionsDir);
  const userDataDir = join(installDir, 'demo-user-data');
  if (!existsSync(join(userDataDir, 'User', 'settings.json'))) {
    mkdirSync(join(userDataDir, 'User'), { recursive: true });
    writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify({ 'workbench.startupEditor': 'none' }, null, 2));
  }
  const port = Number(process.env.PORT) || (await freePort());
  const child = await startCodeServer({ port, userDataDir, extensionsDir, workspace });
  console.log(`VS Code with the NHI Imaging extension: ${workbenchUrl(port, workspace, firstCsv(workspace))}`);
  console.log('Press Ctrl-C to stop.');
  const stop = () => void stopProcess(child).then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  child.stdout.resume();
  child.stderr.resume();
  child.on('exit', (code) => process.exit(code ?? 1));
}

/** Headless Chromium via playwright-core, with the flags the recipe found to work as root without a GPU. */
export async function launchChromium() {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const command = process.argv[2];
  if (command === 'install') {
    try {
      ensureCodeServer();
      console.log(`code-server ${CODE_SERVER_VERSION}: ${installDir}`);
    } catch (err) {
      console.error(String(err?.message ?? err));
      process.exit(1);
    }
  } else if (command === 'demo') {
    demo(process.argv[3]).catch((err) => {
      console.error(String(err?.message ?? err));
      process.exit(1);
    });
  } else {
    console.error('usage: node scripts/code-server.mjs install | demo [folder]');
    process.exit(2);
  }
}
