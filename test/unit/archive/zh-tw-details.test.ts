import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync, truncateSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { openArchive, ArchiveError } from '../../../server/src/core/archive';
import { archivesEachTest, dicomLike } from './helpers';

/** Three or more English words in a row, once paths (anything with / or \) are taken out. */
const ENGLISH_RUN = /[A-Za-z]{3,}(\s+[A-Za-z]{3,}){2,}/;
const withoutPaths = (text: string) => text.replace(/\S*[\\/]\S*/g, '');

function zhOf(e: unknown): string {
  assert.ok(e instanceof ArchiveError, `expected an ArchiveError, got ${String(e)}`);
  return e.bilingual['zh-TW'];
}

function assertChinese(e: unknown): string {
  const zh = zhOf(e);
  assert.doesNotMatch(withoutPaths(zh), ENGLISH_RUN, `English words in the zh-TW message: ${zh}`);
  return zh;
}

async function failure(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  assert.fail('expected a failure');
}

describe('archive: damaged archives are described in Traditional Chinese', () => {
  const tmp = archivesEachTest();
  const { build7z, buildCab } = tmp;

  it('a truncated CAB', async () => {
    const p = await buildCab({ A: dicomLike(100_000) });
    const size = statSync(p).size;
    truncateSync(p, size - 5000);
    const e = await failure(openArchive(p));
    assert.equal(assertChinese(e), `壓縮檔不完整（檔案被截斷）：CAB 檔頭記載 ${size} 位元組，檔案只有 ${size - 5000} 位元組`);
    // The English stays as it was.
    assert.equal((e as ArchiveError).bilingual.en, `The archive is truncated: CAB header says ${size} bytes, file has ${size - 5000}`);
  });

  it('a CAB with a wrong block checksum', async () => {
    const p = await buildCab({ A: dicomLike(100_000) }, 'none');
    const bytes = readFileSync(p);
    bytes[bytes.length - 100] ^= 0x55;
    writeFileSync(p, bytes);
    const r = await openArchive(p);
    try {
      const e = await failure(r.readEntry(r.entries()[0]));
      assert.match(assertChinese(e), /^CAB 資料區塊校驗和錯誤：CAB 資料夾 0 的區塊 \d+：記載的檢查碼為 0x[0-9a-f]{8}，計算出 0x[0-9a-f]{8}$/);
    } finally {
      await r.close();
    }
  });

  it('a CAB entry over the size cap', async () => {
    const p = await buildCab({ A: dicomLike(1000) }, 'none');
    const bytes = readFileSync(p);
    bytes.writeUInt32LE(0xfffffff0, 36 + 8);
    writeFileSync(p, bytes);
    const r = await openArchive(p, { limits: { maxEntryBytes: 1 << 20 } });
    try {
      assert.equal(assertChinese(await failure(r.readEntry(r.entries()[0]))), '解壓縮資料量超過上限（疑似壓縮炸彈）：A：4294967280 位元組，每個項目上限為 1048576');
    } finally {
      await r.close();
    }
  });

  it('a file that is no archive at all', async () => {
    const text = join(tmp.dir, 't.CAB');
    writeFileSync(text, 'hello');
    assert.equal(assertChinese(await failure(openArchive(text))), `不是 7z 或 CAB 壓縮檔：${text} 格式不明`);
    const empty = join(tmp.dir, 'e.7z');
    writeFileSync(empty, '');
    assert.equal(assertChinese(await failure(openArchive(empty))), `不是 7z 或 CAB 壓縮檔：${empty} 是空檔案`);
  });

  it('a truncated 7z', async () => {
    const p = await build7z({ A: dicomLike(50_000) });
    truncateSync(p, statSync(p).size - 10);
    assertChinese(await failure(openArchive(p)));
    truncateSync(p, 20);
    assertChinese(await failure(openArchive(p)));
  });

  it('a 7z whose header fails its CRC', async () => {
    const p = await build7z({ A: dicomLike(100) });
    const bytes = readFileSync(p);
    bytes[bytes.length - 3] ^= 0x01;
    writeFileSync(p, bytes);
    assert.equal(assertChinese(await failure(openArchive(p))), '壓縮檔已損壞：7z 檔頭 CRC 不符');
  });

  it('a 7z entry whose data fails its CRC', async () => {
    const p = await build7z({ A: dicomLike(5000), B: dicomLike(5000) });
    const bytes = readFileSync(p);
    bytes[32 + 5000 + 200] ^= 0xff;
    writeFileSync(p, bytes);
    const r = await openArchive(p);
    try {
      const res = await r.verify();
      assert.equal(res.problems.length, 1);
      assert.match(assertChinese(res.problems[0].error), /^檔案 CRC 校驗錯誤：B：記載的 CRC 為 0x[0-9a-f]{8}，計算出 0x[0-9a-f]{8}$/);
    } finally {
      await r.close();
    }
  });
});
