/** Permissions: what a build writes gets the mode the user's umask gives, whichever writer made the file; a folder it may not write into is said to be one. */
import { strict as assert } from 'node:assert';
import { mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { writeSampleDraft } from '../../samples/draft/generate';
import { removeDir, runCli, tempDir } from './helpers';

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
    // root writes anywhere: run the CLI as an unprivileged user so the permission really applies.
    const asUser = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    const run = runCli(['build', draft, '--out', out, '--date', '20261125', '--lang', 'zh-TW'], asUser);
    assert.equal(run.status, 2, run.stderr);
    assert.match(run.stderr, new RegExp(`^nhi-imaging: 建置失敗：沒有存取權限：${out}$`, 'm'));
    assert.deepEqual(readdirSync(out), []);
  });
});
