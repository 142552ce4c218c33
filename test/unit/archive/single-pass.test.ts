/**
 * The full check reads every entry once: the CRC/checksum pass hands each entry's bytes to the image
 * inspector, so a CAB or LZMA2 folder is decoded once and no byte is read twice; the findings are
 * those the separate reads gave (the in-process check and the quick check agree on good archives).
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkArchiveFile } from '../../../server/src/core/archive/check-archive';
import { FolderedReader } from '../../../server/src/core/archive/foldered-reader';
import { write7z } from '../../../server/src/core/archive/write';
import { makeDicomdir, makeInstance } from '../../fixtures/dicom';
import type { DirFile } from '../../fixtures/dicom';
import { makeJpeg } from '../../fixtures/jpeg';
import { packFiles } from '../../fixtures/archives';

function dcf(count: number): Record<string, Uint8Array> {
  const first = makeInstance({ modality: 'CT' });
  const files: DirFile[] = [{ fileId: ['IMG', 'IM0'], instance: first }];
  for (let i = 1; i < count; i++) files.push({ fileId: ['IMG', `IM${i}`], instance: makeInstance({ modality: 'CT', studyUid: first.studyUid, seriesUid: first.seriesUid }) });
  const out: Record<string, Uint8Array> = { DICOMDIR: makeDicomdir({ files }) };
  for (const f of files) out[f.fileId.join('/')] = f.instance.bytes;
  return out;
}

describe('archive/check: full check in one pass', function () {
  this.timeout(120_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'nhi-single-pass-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  async function full(name: string) {
    const opened = FolderedReader.foldersOpened;
    const r = await checkArchiveFile({ name, path: join(dir, name), mode: 'full' });
    const foldersOpened = FolderedReader.foldersOpened - opened;
    const quick = await checkArchiveFile({ name, path: join(dir, name), mode: 'quick' });
    return { r, quick, foldersOpened };
  }

  it('CAB (MSZIP, one folder of many blocks): the folder is decoded once, every byte read once', async () => {
    const name = 'DCF3501200000_S00000000001.CAB';
    await packFiles(dir, name, dcf(4), 'cab');
    const { r, quick, foldersOpened } = await full(name);
    assert.deepEqual(r.issues, []);
    assert.equal(r.content!.images.length, 4);
    assert.deepEqual(r.content!.images, quick.content!.images);
    assert.equal(r.content!.bytesRead, r.content!.uncompressedBytes);
    assert.equal(foldersOpened, 1);
  });

  it('7z store: every byte read once', async () => {
    const name = 'DCF3501200000_S00000000002.7z';
    await packFiles(dir, name, dcf(4));
    const { r, quick, foldersOpened } = await full(name);
    assert.deepEqual(r.issues, []);
    assert.deepEqual(r.content!.images, quick.content!.images);
    assert.equal(r.content!.bytesRead, r.content!.uncompressedBytes);
    assert.equal(foldersOpened, 0, 'stored entries are read from the file, not through a decoder');
  });

  it('7z LZMA2 (solid): the block is decoded once', async () => {
    const name = 'DCF3501200000_S00000000003.7z';
    const stage = mkdtempSync(join(dir, 'stage-'));
    const inputs = Object.entries(dcf(3)).map(([archivePath, bytes], i) => {
      const sourcePath = join(stage, `f${i}`);
      writeFileSync(sourcePath, bytes);
      return { archivePath, sourcePath };
    });
    await write7z(inputs, join(dir, name), { level: 1 });
    const { r, quick, foldersOpened } = await full(name);
    assert.deepEqual(r.issues, []);
    assert.deepEqual(r.content!.images, quick.content!.images);
    assert.equal(r.content!.bytesRead, r.content!.uncompressedBytes);
    assert.equal(foldersOpened, 1);
  });

  it('ATT: JPEGs checked to their EOI from the same pass; a cut JPEG and a DICOM file are still found', async () => {
    const name = 'ATT3501200000_S00000000004.CAB';
    const good = makeJpeg({ width: 300, height: 200 });
    await packFiles(dir, name, { 'A.JPG': good, 'B.JPG': good.subarray(0, good.length - 10), 'C.JPG': makeInstance({ modality: 'CT', rows: 16, columns: 16 }).bytes }, 'cab');
    const { r, foldersOpened } = await full(name);
    assert.equal(foldersOpened, 1);
    assert.equal(r.content!.bytesRead, r.content!.uncompressedBytes);
    const rules = r.issues.map(([rule, file]) => `${rule} ${file}`).sort();
    assert.deepEqual(rules, ['A14-att-not-jpeg C.JPG', 'A14-jpeg-corrupt B.JPG']);
  });

  it('a corrupt CAB block: findings for the entries concerned, nothing thrown', async () => {
    const name = 'DCF3501200000_S00000000005.CAB';
    const path = await packFiles(dir, name, dcf(3), 'cab');
    const bytes = readFileSync(path);
    // Inside the first CFDATA block's data (CFFOLDER.coffCabStart at 36: no reserved header fields).
    bytes[bytes.readUInt32LE(36) + 8 + 6] ^= 0xff;
    writeFileSync(path, bytes);
    const r = await checkArchiveFile({ name, path, mode: 'full' });
    assert.ok(r.issues.some(([rule]) => rule === 'A14-unreadable'), JSON.stringify(r.issues.map((i) => i[0])));
  });
});
