// Loads a CommonJS bundle (dist/cli-main.js) with V8's code cache: the bytecode of the functions an earlier run
// of the same bundle compiled, kept in the user's cache folder. A fresh `nhi-imaging` process then neither parses
// nor compiles them again (about 20 ms of a bundle's load and 10-20 ms of a quick archive check's first run).
// Node 22 has module.enableCompileCache(); Node 20 does not, hence vm.Script with cachedData here.
// Whatever goes wrong with the cache (no cache folder, a read-only one, a corrupt or rejected file) the bundle is
// loaded without it, as require() would; the cache never changes what the bundle does.
import { createHash } from 'node:crypto';
import { closeSync, fstatSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { basename, dirname, join, posix, win32 } from 'node:path';
import { debuglog } from 'node:util';
import { Script } from 'node:vm';
import { isCommandName } from './command-names';

/** `NHI_IMAGING_CODE_CACHE=0` turns the cache off; any other value is the folder to keep it in. */
export const CODE_CACHE_ENV = 'NHI_IMAGING_CODE_CACHE';

/** `NODE_DEBUG=nhi-imaging-code-cache` reports on standard error what became of the cache. */
const debug = debuglog('nhi-imaging-code-cache');

/** A cache of another build of the bundle, not used for this long, is removed when a new one is written. */
const STALE_MS = 7 * 24 * 3600 * 1000;

/**
 * The per-user cache folder: %LOCALAPPDATA%\nhi-imaging\Cache on Windows, ~/Library/Caches/nhi-imaging on
 * macOS, $XDG_CACHE_HOME/nhi-imaging or ~/.cache/nhi-imaging elsewhere. Never a shared folder such as the
 * temporary one: a code cache is trusted as compiled code. Undefined: no cache.
 */
export function codeCacheDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string | undefined {
  const { isAbsolute, join } = platform === 'win32' ? win32 : posix;
  const set = env[CODE_CACHE_ENV];
  if (set === '0') return undefined;
  if (set) return isAbsolute(set) ? set : undefined;
  try {
    if (platform === 'win32') return env.LOCALAPPDATA && isAbsolute(env.LOCALAPPDATA) ? join(env.LOCALAPPDATA, 'nhi-imaging', 'Cache') : undefined;
    if (platform === 'darwin') return join(homedir(), 'Library', 'Caches', 'nhi-imaging');
    const xdg = env.XDG_CACHE_HOME;
    return join(xdg && isAbsolute(xdg) ? xdg : join(homedir(), '.cache'), 'nhi-imaging');
  } catch {
    return undefined; // no home folder
  }
}

/** The kind of run a cache is kept for (its functions are the ones that run compiled): the command, and for `check` whether archives are checked. */
export function cacheVariant(argv: readonly string[]): string {
  const command = argv.find(isCommandName) ?? 'other';
  if (command !== 'check') return command;
  return argv.includes('--full') ? 'check-full' : argv.includes('--archives') ? 'check-archives' : 'check';
}

/** What became of the cache: used as it was, refused (by V8: another Node, other flags; or a damaged file, another user's), none yet, or off. */
export type CodeCacheState = 'accepted' | 'rejected' | 'absent' | 'off';

export interface LoadedBundle {
  exports: unknown;
  state: CodeCacheState;
  /**
   * Writes the cache when there was none or V8 refused it: call it once the work is done, so that the cache holds
   * every function the run compiled. Atomic (a temporary file renamed), and silent when it fails.
   */
  save(): void;
}

/**
 * The bytes of a file of the user's own (`uid`; any file where there are no user ids, on Windows); an empty buffer
 * for another user's file: one who could write the cache could make this process run code of their choosing.
 */
function readOwnFile(path: string, uid: number | undefined): Buffer {
  const fd = openSync(path, 'r');
  try {
    return uid === undefined || fstatSync(fd).uid === uid ? readFileSync(fd) : Buffer.alloc(0);
  } finally {
    closeSync(fd);
  }
}

/**
 * Loads `file` as require() would (its own module, require, __filename and __dirname), compiled with the cache
 * kept under `dir` for this content of the file, this Node version and this architecture. `variant` names the
 * kind of run (the command, no dots), whose functions the cache it writes holds.
 */
export function loadBundle(file: string, variant: string, dir: string | undefined = codeCacheDir(), uid = process.getuid?.()): LoadedBundle {
  const source = readFileSync(file);
  let cachePath: string | undefined;
  let cached: Buffer | undefined;
  let script: Script | undefined;
  let key = '';
  let damaged = false;
  if (dir) {
    try {
      key = createHash('sha256').update(source).digest('hex').slice(0, 32);
      cachePath = join(dir, `${variant}.${key}.${process.version}.${process.arch}.bin`);
      cached = unsealed(readOwnFile(cachePath, uid), key);
      if (!cached) damaged = true;
    } catch {
      // no cache yet (or an unreadable one): compiled without it, and written after the run
    }
  }
  // The wrapper require() puts around a CommonJS file, on the first line as Node's own is. (No importModuleDynamically:
  // the bundle holds no import(), which a test keeps so.)
  const wrapped = `(function (exports, require, module, __filename, __dirname) { ${source.toString('utf8')}\n});`;
  try {
    script = new Script(wrapped, { filename: file, cachedData: cached });
  } catch (e) {
    if (!cached) throw e; // the bundle's own syntax error: as require() would throw it
    cached = undefined;
    script = new Script(wrapped, { filename: file });
  }
  const state: CodeCacheState = !cachePath ? 'off' : damaged || script.cachedDataRejected ? 'rejected' : !cached ? 'absent' : 'accepted';
  debug('%s: %s', cachePath ?? 'off', state);
  const mod = new Module(file, module);
  mod.filename = file;
  // Where require() would look for packages (the bundle needs none but Node's own): Node's internal helper, when there.
  mod.paths = (Module as unknown as { _nodeModulePaths?(from: string): string[] })._nodeModulePaths?.(dirname(file)) ?? [];
  const run = script.runInThisContext() as (...args: unknown[]) => void;
  run.call(mod.exports, mod.exports, createRequire(file), mod, file, dirname(file));
  mod.loaded = true;
  const compiled = script;
  return {
    exports: mod.exports,
    state,
    save() {
      if (!dir || !cachePath || state === 'accepted') return;
      writeCache(dir, cachePath, variant, key, compiled);
    },
  };
}

/**
 * Creates the cache folder and its missing parents, each level once: Node's recursive mkdir loops for ever where
 * the system answers "no such file" for a folder whose parent exists (procfs, some network mounts).
 */
function makeFolder(dir: string): void {
  try {
    mkdirSync(dir, { mode: 0o700 });
    return;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return;
    if (code !== 'ENOENT' || dirname(dir) === dir) throw e;
  }
  makeFolder(dirname(dir));
  mkdirSync(dir, { mode: 0o700 });
}

function writeCache(dir: string, cachePath: string, variant: string, key: string, script: Script): void {
  const temp = `${cachePath}.${process.pid}.tmp`;
  try {
    const data = script.createCachedData();
    makeFolder(dir);
    writeFileSync(temp, sealed(data, key), { mode: 0o600 });
    renameSync(temp, cachePath);
    debug('%s: written, %d bytes', cachePath, data.length);
  } catch (e) {
    debug('%s: not written (%s)', cachePath, e instanceof Error ? e.message : String(e));
    try {
      unlinkSync(temp);
    } catch {
      // never written
    }
    return;
  }
  // Caches of other builds of this variant (an earlier version, another Node) left unused for a week.
  try {
    const now = Date.now();
    for (const name of readdirSync(dir)) {
      if (!name.startsWith(`${variant}.`) || name === basename(cachePath)) continue;
      const path = join(dir, name);
      if (now - statSync(path).mtimeMs > STALE_MS) unlinkSync(path);
    }
  } catch {
    // another process removed it first, or the folder cannot be listed
  }
}

/**
 * The file holds V8's data after a header of its own and a digest of the data and the bundle's key. V8 checks
 * only its data's header (its version, flags and the source's length), not the rest: a damaged file it takes in
 * ends the process (a fatal error in its deserializer), so a file whose digest does not match is never handed to it.
 */
const MAGIC = Buffer.from('nhi-imaging code cache 1\n');
const DIGEST_BYTES = 32;

function digest(data: Uint8Array, key: string): Buffer {
  return createHash('sha256').update(key).update(data).digest();
}

function sealed(data: Buffer, key: string): Buffer {
  return Buffer.concat([MAGIC, digest(data, key), data]);
}

/** V8's data of a sealed file, or undefined when the file is damaged or made for another bundle. */
function unsealed(file: Buffer, key: string): Buffer | undefined {
  const start = MAGIC.length + DIGEST_BYTES;
  if (file.length <= start || !file.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
  const data = file.subarray(start);
  return digest(data, key).equals(file.subarray(MAGIC.length, start)) ? data : undefined;
}
