import { strict as assert } from 'node:assert';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { makeFolders, windowsFolderProblem } from '../../../server/src/core/build/folders';
import { BuildError } from '../../../server/src/core/build/types';
import { tempDir } from '../archive/helpers';

describe('build/folders', () => {
  it('names what Windows cannot make of an output or ledger folder, below its drive or share', () => {
    assert.equal(windowsFolderProblem('D:\\NHI\\upload'), null);
    assert.equal(windowsFolderProblem('\\\\fileserver\\radiology\\NHI 上傳\\2025-11'), null);
    assert.equal(windowsFolderProblem('\\\\?\\C:\\NHI\\upload'), null, 'a long-path prefix');
    assert.equal(windowsFolderProblem('C:\\NHI\\..\\upload\\.'), null);
    assert.match(windowsFolderProblem('D:\\NHI\\upload ')!.en, /"upload " ends with a dot or space, which Windows strips/);
    assert.match(windowsFolderProblem('D:\\NHI.\\upload')!.en, /"NHI\." ends with a dot or space/);
    assert.match(windowsFolderProblem('D:\\NHI\\con\\upload')!.en, /"con" is a name Windows keeps for a device/);
    assert.match(windowsFolderProblem('D:\\NHI\\COM1.batch')!.en, /"COM1\.batch" is a name Windows keeps for a device/);
    assert.match(windowsFolderProblem('D:\\NHI\\a?b')!['zh-TW'], /「a\?b」 含 Windows 檔名不可用的字元 「\?」/);
  });

  describe('makeFolders', () => {
    let tmp: ReturnType<typeof tempDir>;
    beforeEach(() => (tmp = tempDir('nhi-folders-')));
    afterEach(() => tmp.cleanup());

    it('refuses on Windows a folder whose name Windows would change, making nothing, and makes it elsewhere', async () => {
      const dir = join(tmp.dir, 'NHI', 'upload.');
      const e = await makeFolders(dir, 'win32').then(() => undefined, (err: unknown) => err);
      assert.ok(e instanceof BuildError, String(e));
      assert.equal(e.reason, 'output');
      assert.match(e.bilingual.en, /^The folder .*upload\. cannot be made on Windows: "upload\." ends with a dot or space, which Windows strips; name another$/);
      assert.match(e.bilingual['zh-TW'], /^無法在 Windows 上建立資料夾 .*upload\.：「upload\.」 以點或空白結尾，Windows 會將其去除；請改用其他名稱$/);
      assert.equal(existsSync(join(tmp.dir, 'NHI')), false);
      await makeFolders(dir, 'linux');
      assert.equal(existsSync(dir), true);
    });
  });
});
