import { strict as assert } from 'node:assert';
import { addArchiveError } from '../../../server/src/core/archive/rules';
import { IssueList } from '../../../server/src/core/images/issues';
import type { ArchiveErrorCode } from '../../../server/src/core/archive/errors';

describe('images/advice: an archive that cannot be read says what to do', () => {
  const said = { 'zh-TW': '壞', en: 'bad' };
  function messageFor(code: ArchiveErrorCode) {
    const list = new IssueList();
    addArchiveError(list, code, null, said);
    return list.issues()[0];
  }

  it('a copy cut short or damaged: copy it again or pack it again', () => {
    for (const code of ['truncated', 'corrupt', 'bad-checksum', 'crc-mismatch'] as const) {
      const issue = messageFor(code);
      assert.equal(issue.ruleId, 'A14-unreadable', code);
      assert.equal(issue.message.en, 'bad: copy the archive again from where it was made (a copy may have been cut short), or pack the images again with Build Upload Batch (nhi-imaging build on the command line)', code);
      assert.equal(issue.message['zh-TW'], '壞；請從原處重新複製壓縮檔（複製可能未完成），或以「建置上傳批次」（命令列 nhi-imaging build）重新打包', code);
    }
  });

  it('a method standard tools do not read, several cabinets, a bomb: pack it again, as the build packs', () => {
    assert.equal(messageFor('unsupported-method').message.en, 'bad: pack the images again with Build Upload Batch (nhi-imaging build on the command line), which packs 7z with LZMA2 or none and CAB with MSZIP');
    assert.equal(messageFor('unsupported-method').message['zh-TW'], '壞；請以「建置上傳批次」（命令列 nhi-imaging build）重新打包（7z 以 LZMA2 壓縮或不壓縮，CAB 以 MSZIP 壓縮）');
    for (const code of ['multi-volume', 'limit-exceeded'] as const) {
      assert.equal(messageFor(code).message.en, 'bad: pack the images again with Build Upload Batch (nhi-imaging build on the command line)', code);
    }
  });

  it('encrypted headers (the archive does not open): A14-encrypted, packed again with no password', () => {
    const issue = messageFor('encrypted');
    assert.equal(issue.ruleId, 'A14-encrypted');
    assert.equal(issue.message.en, 'bad: pack the images again with Build Upload Batch (nhi-imaging build on the command line), with no password');
  });

  it('a file that cannot be read: read it and check again', () => {
    assert.equal(messageFor('io').message.en, 'bad: make sure the file can be read (its permissions, the disk), then check again');
    assert.equal(messageFor('io').message['zh-TW'], '壞；請確認此檔可以讀取（權限、磁碟）後再檢查');
  });

  it('a dictionary larger than the checker reads (A14-not-checked): pack again with the build, whose dictionary it reads, and check again', () => {
    const notChecked = messageFor('not-checked');
    assert.equal(notChecked.ruleId, 'A14-not-checked');
    assert.equal(notChecked.message.en, 'bad: pack the images again with Build Upload Batch (nhi-imaging build on the command line), whose dictionary the checker reads, and check again');
    assert.equal(notChecked.message['zh-TW'], '壞；請以「建置上傳批次」（命令列 nhi-imaging build）重新打包（其字典在本工具可讀的範圍內）後再檢查');
  });
});
