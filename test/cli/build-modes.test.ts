/** Permissions: what a build writes gets the mode the user's umask gives, whichever writer made the file; a folder it may not write into is said to be one. */
import { strict as assert } from 'node:assert';
import { chmodSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { writeSampleDraft } from '../../samples/draft/generate';
import { removeDir, runCli, tempDir } from './helpers';

/** root writes anywhere: the CLI runs as an unprivileged user so that permissions really apply. */
function asUnprivileged(): { uid?: number; gid?: number } {
  return process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
}

describe('nhi-imaging build: file permissions', function () {
  this.timeout(180_000);
  let dir: string;
  let umask: number;
  beforeEach(() => {
    dir = tempDir();
    umask = process.umask(0o027);
  });
  afterEach(() => {
    process.umask(umask);
    removeDir(dir);
  });

  for (const options of [['--level', '1'], ['--level', '0'], ['--format', 'cab']]) {
    it(`${options.join(' ')}: archives and CSV follow the umask (0027: no access for other users to the patients' images)`, () => {
      const draft = writeSampleDraft(dir);
      const out = join(dir, 'out');
      const run = runCli(['build', draft, '--out', out, '--date', '20261125', '--lang', 'en', ...options]);
      assert.equal(run.status, 0, run.stderr);
      const modes = readdirSync(out).map((name) => `${name} ${(statSync(join(out, name)).mode & 0o777).toString(8)}`);
      assert.equal(modes.length, 5);
      assert.deepEqual(modes.filter((m) => !m.endsWith(' 640')), []);
    });
  }

  it('an output folder the user may not write into: refused before anything is reserved, as a folder without access (not without read access)', () => {
    process.umask(0o022);
    const draft = writeSampleDraft(dir);
    const out = join(dir, 'read-only');
    mkdirSync(out, { mode: 0o555 });
    // The ledger's folder, where the draft's lock is taken first, may be written.
    mkdirSync(join(dir, '.nhi-imaging'));
    chmodSync(join(dir, '.nhi-imaging'), 0o777);
    const run = runCli(['build', draft, '--out', out, '--date', '20261125', '--lang', 'zh-TW'], asUnprivileged());
    assert.equal(run.status, 2, run.stderr);
    assert.match(run.stderr, new RegExp(`^nhi-imaging: 建置失敗：沒有存取權限：${out}$`, 'm'));
    assert.deepEqual(readdirSync(out), []);
    assert.deepEqual(readdirSync(join(dir, '.nhi-imaging')), [], 'nothing reserved, no lock left');
  });

  it('a ledger folder the user may not write into: refused naming it before anything is read from the ledger or written', () => {
    process.umask(0o022);
    const draft = writeSampleDraft(dir);
    const out = join(dir, 'out');
    mkdirSync(out);
    chmodSync(out, 0o777);
    mkdirSync(join(dir, '.nhi-imaging'), { mode: 0o555 });
    const run = runCli(['build', draft, '--out', out, '--date', '20261125', '--lang', 'en'], asUnprivileged());
    assert.equal(run.status, 2, run.stderr);
    assert.match(run.stderr, new RegExp(`^nhi-imaging: Build failed: .*: ${join(dir, '.nhi-imaging')}$`, 'm'));
    assert.deepEqual(readdirSync(out), []);
  });

  it('an image folder or file the user may not read: each such row named with the path and the cause, every row checked, nothing reserved (exit 1)', () => {
    process.umask(0o022);
    const draft = writeSampleDraft(dir);
    chmodSync(dir, 0o777);
    mkdirSync(join(dir, '.nhi-imaging'));
    chmodSync(join(dir, '.nhi-imaging'), 0o777);
    // Row 1: a subfolder without read access (a series another user exported); row 4: one file without it.
    const locked = join(dir, 'ct1', 'series2');
    mkdirSync(locked, { mode: 0o700 });
    chmodSync(join(dir, 'us1', 'img002.dcm'), 0o600);
    const run = runCli(['build', draft, '--date', '20261125', '--lang', 'en'], asUnprivileged());
    assert.equal(run.status, 1, run.stderr);
    assert.match(run.stderr, new RegExp(`^error DRAFT-missing: row 1: Cannot read the draft image path "\\./ct1": permission denied \\(${locked}\\)$`, 'm'));
    assert.match(run.stderr, new RegExp(`^error DRAFT-missing: row 4: Cannot read the draft image path "\\./us1": permission denied \\(${join(dir, 'us1', 'img002.dcm')}\\)$`, 'm'));
    assert.deepEqual(readdirSync(join(dir, '.nhi-imaging')), [], 'nothing reserved, no lock left');
  });
});
