/** A build into a disk that fills up: the error says so of the archive being written, and nothing is left behind. */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { writeSampleDraft } from '../../samples/draft/generate';
import { randomizePixels } from '../fixtures/dicom';
import { removeDir, runCli, tempDir } from './helpers';

describe('nhi-imaging build into a disk that fills up', function () {
  this.timeout(120_000);
  let dir: string;
  let disk: string;
  before(function () {
    dir = tempDir();
    disk = join(dir, 'disk');
    mkdirSync(disk);
    // A 256 KiB file system of its own; only root may mount one.
    if (process.getuid?.() !== 0 || spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', disk]).status !== 0) this.skip();
  });
  after(() => {
    spawnSync('umount', [disk]);
    removeDir(dir);
  });

  for (const options of [['--level', '0'], ['--level', '1'], ['--format', 'cab']]) {
    it(`${options.join(' ')}: names the archive and the full disk in both languages, leaves nothing, and builds again elsewhere`, () => {
      const draft = writeSampleDraft(join(dir, options.join('')));
      // The CT's pixel data made random, so that no compression makes it fit.
      randomizePixels(join(dir, options.join(''), 'ct1'));
      const out = join(disk, 'out');
      const archive = `${out}/(DCF|ATT)3501200000_\\w{12}\\.(7z|CAB)`;
      for (const [lang, says] of [['en', `Could not read or write the archive: ${archive}: no space left on the disk`], ['zh-TW', `讀寫壓縮檔失敗：${archive}：磁碟空間不足`]]) {
        const run = runCli(['build', draft, '--out', out, '--date', '20261125', '--lang', lang, ...options]);
        assert.equal(run.status, 2, run.stderr);
        assert.match(run.stderr, new RegExp(`^nhi-imaging: ${says}$`, 'm'));
        assert.deepEqual(readdirSync(out), []);
      }
      const again = runCli(['build', draft, '--out', join(dir, 'roomy'), '--date', '20261125', '--lang', 'en', ...options]);
      assert.equal(again.status, 0, again.stderr);
    });
  }
});
