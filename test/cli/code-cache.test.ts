/** dist/cli.js loads the command with V8's code cache (cli/code-cache.ts): written after a first run, used by the next, never in the way. */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXAMPLE_ROW } from '../../server/src/core/spec/example';
import { writeDcfArchive } from '../fixtures/archives';
import { loadBundle } from '../../server/src/cli/code-cache';
import { CLI, removeDir, ROOT, runCli, tempDir, type CliRun } from './helpers';

const ARCHIVE = 'DCF3501200000_C00000000001.7z';

describe('nhi-imaging code cache', function () {
  this.timeout(60000);
  let dir: string;
  let csv: string;
  let cacheDir: string;
  const args = () => ['check', '--format', 'json', '--lang', 'en', '--now', '2025-11-25T12:00:00+08:00', '--archives', csv];
  const run = (cache: string): CliRun => runCli(args(), { env: { ...process.env, NHI_IMAGING_CODE_CACHE: cache, NODE_DEBUG: 'nhi-imaging-code-cache' } });
  /** What the debug log says of the cache file: 'absent', 'accepted', 'rejected', 'written, N bytes', 'not written (…)'. */
  const said = (r: CliRun): string[] => [...r.stderr.matchAll(/^NHI-IMAGING-CODE-CACHE \d+: (.*?): (.*)$/gm)].map((m) => m[2].replace(/\d+ bytes/, 'N bytes'));
  const cacheFiles = () => readdirSync(cacheDir).filter((f) => f.endsWith('.bin'));
  let plain: CliRun;

  before(async () => {
    dir = tempDir();
    cacheDir = join(dir, 'cache');
    await writeDcfArchive(dir, ARCHIVE, { rows: 512, columns: 512, studyDate: '20251125', birthDate: '19860312' });
    csv = join(dir, '3501200000_20251125_001.csv');
    writeFileSync(csv, EXAMPLE_ROW.map((v, k) => (k === 13 ? ARCHIVE : v)).join(',') + '\r\n');
    plain = run('0');
  });
  after(() => removeDir(dir));

  it('is off with NHI_IMAGING_CODE_CACHE=0', () => {
    assert.deepEqual(said(plain), ['off']);
    assert.equal(JSON.parse(plain.stdout).files.length, 1, plain.stderr);
  });

  it('is written by a first run and used by the next, with the same output', () => {
    const first = run(cacheDir);
    assert.deepEqual(said(first), ['absent', 'written, N bytes']);
    const files = cacheFiles();
    assert.equal(files.length, 1);
    assert.match(files[0], new RegExp(`^cli-check-archives\\.[0-9a-f]{32}\\.${process.version.replace(/\./g, '\\.')}\\.${process.arch}\\.bin$`));
    const written = statSync(join(cacheDir, files[0])).mtimeMs;
    const second = run(cacheDir);
    assert.deepEqual(said(second), ['accepted']);
    assert.equal(statSync(join(cacheDir, files[0])).mtimeMs, written, 'a cache used as it is is not written again');
    for (const r of [first, second]) {
      assert.equal(r.status, plain.status);
      assert.equal(r.stdout, plain.stdout);
    }
  });

  it('a damaged cache is refused, the command runs as without it, and the cache is written again', () => {
    run(cacheDir);
    const [file] = cacheFiles();
    const path = join(cacheDir, file);
    const good = readFileSync(path);
    // The same length with every byte after the header flipped, then a short file of garbage.
    for (const damaged of [Buffer.concat([good.subarray(0, 64), Buffer.from(good.subarray(64).map((b) => b ^ 0xff))]), Buffer.from('not a code cache')]) {
      writeFileSync(path, damaged);
      const r = run(cacheDir);
      assert.deepEqual(said(r), ['rejected', 'written, N bytes']);
      assert.equal(r.status, plain.status);
      assert.equal(r.stdout, plain.stdout);
      assert.deepEqual(said(run(cacheDir)), ['accepted']);
    }
    assert.deepEqual(cacheFiles(), [file], 'no temporary file is left');
  });

  it("another user's cache file is not used", () => {
    run(cacheDir);
    const [file] = cacheFiles();
    const mine = process.getuid?.();
    // As seen by another user: the file, owned by this one, is refused (where there are user ids).
    const other = loadBundle(join(ROOT, 'dist', 'cli-main.js'), 'cli-check-archives', cacheDir, mine === undefined ? undefined : mine + 1);
    assert.equal(other.state, mine === undefined ? 'accepted' : 'rejected');
    assert.equal(loadBundle(join(ROOT, 'dist', 'cli-main.js'), 'cli-check-archives', cacheDir).state, 'accepted');
    assert.deepEqual(cacheFiles(), [file]);
  });

  it('a cache folder that cannot be made is no failure: the command runs as without it', () => {
    const blocked = join(dir, 'a-file');
    writeFileSync(blocked, '');
    const r = run(join(blocked, 'cache'));
    assert.equal(said(r)[0], 'absent');
    assert.match(said(r)[1], /^not written \(/);
    assert.equal(r.status, plain.status);
    assert.equal(r.stdout, plain.stdout);
  });

  it('a cache folder whose system answers "no such file" at every level (procfs, some network mounts) is no failure, and no hang', function () {
    // Node's recursive mkdir loops for ever on such an answer.
    if (!statSync('/proc/self', { throwIfNoEntry: false })) this.skip();
    const r = runCli(args(), { env: { ...process.env, NHI_IMAGING_CODE_CACHE: '/proc/nhi-imaging-cache/x', NODE_DEBUG: 'nhi-imaging-code-cache' }, timeout: 20_000 });
    assert.match(said(r)[1], /^not written \(/);
    assert.equal(r.status, plain.status);
    assert.equal(r.stdout, plain.stdout);
  });

  it('the bundle it loads holds no import() (a vm.Script without importModuleDynamically could not run one)', () => {
    const bundle = readFileSync(join(ROOT, 'dist', 'cli-main.js'), 'utf8');
    assert.doesNotMatch(bundle, /(?<![\w$.])import\s*\(/);
  });

  it('starts through a link to dist/cli.js, also with --preserve-symlinks-main (the bundle is found beside the real file)', () => {
    const link = join(dir, 'nhi-imaging');
    symlinkSync(CLI, link);
    for (const flags of [[], ['--preserve-symlinks-main']]) {
      const r = spawnSync(process.execPath, [...flags, link, '--version'], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /^\d+\.\d+\.\d+\n$/);
    }
  });

  it('another command keeps its own cache', () => {
    const r = runCli(['--version'], { env: { ...process.env, NHI_IMAGING_CODE_CACHE: cacheDir, NODE_DEBUG: 'nhi-imaging-code-cache' } });
    assert.equal(r.status, 0);
    assert.deepEqual(said(r), ['absent', 'written, N bytes']);
    assert.equal(cacheFiles().filter((f) => f.startsWith('cli-other.')).length, 1);
  });
});
