/** The permissions of what a build writes: as the user's umask gives them, whichever writer made the file. */
import { strict as assert } from 'node:assert';
import { readdirSync, statSync } from 'node:fs';
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
});
