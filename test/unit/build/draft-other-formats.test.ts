/** A draft folder holding images in formats the upload does not take: named by their format, not as "not images". */
import { strict as assert } from 'node:assert';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkDraftRows, draftFindingsInto } from '../../../server/src/core/build/draft-check';
import type { DraftImages } from '../../../server/src/core/build/draft';
import type { Finding } from '../../../server/src/core/types';
import { parseCsv } from '../../../server/src/core/csv/parse';
import { defaultOptions } from '../../../server/src/core/options';
import { exampleLine } from '../../../server/src/core/spec/example';
import { makeInstance } from '../../fixtures/dicom';
import { makeJpeg } from '../../fixtures/jpeg';
import { tempDir } from '../archive/helpers';

describe('build/draft: files saved as .jpg in another format', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => (tmp = tempDir('nhi-draft-formats-')));
  afterEach(() => tmp.cleanup());

  const otherFiles = async (files: Record<string, Uint8Array>) => {
    mkdirSync(join(tmp.dir, 'xray'));
    for (const [name, bytes] of Object.entries(files)) writeFileSync(join(tmp.dir, 'xray', name), bytes);
    const csv = join(tmp.dir, 'draft.csv');
    const findings = await checkDraftRows(csv, parseCsv(exampleLine({ 10: '32001C', 13: '', 14: './xray' }) + '\r\n').rows, defaultOptions({ lang: 'en' }));
    return findings.filter((f) => f.ruleId === 'DRAFT-other-files').map((f) => f.message);
  };

  it('names a console\'s PNG or BMP and an empty file, and says how to send such images', async () => {
    const [m, ...rest] = await otherFiles({
      'OK.jpg': makeJpeg({ width: 1400, height: 1400 }),
      'CONSOLE.jpg': Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'),
      'SCAN.JPG': Buffer.concat([Buffer.from('BM', 'latin1'), Buffer.alloc(60)]),
      'ZERO.jpg': new Uint8Array(0),
    });
    assert.deepEqual(rest, []);
    const x = (name: string) => join(tmp.dir, 'xray', name);
    assert.equal(m.en, `3 files that are neither DICOM nor JPEG will be left out: ${x('CONSOLE.jpg')} (a PNG image), ${x('SCAN.JPG')} (a BMP image), ${x('ZERO.jpg')} (empty); export such images again as JPG or DICOM to send them`);
    assert.equal(m['zh-TW'], `3 個既非 DICOM 也非 JPEG 的檔案不會被打包：${x('CONSOLE.jpg')}（PNG 影像）、${x('SCAN.JPG')}（BMP 影像）、${x('ZERO.jpg')}（空檔案）；這些影像須重新匯出為 JPG 或 DICOM 才能上傳`);
  });

  it('a folder of such files alone: the error that it holds no images names them by their format (both languages)', async () => {
    mkdirSync(join(tmp.dir, 'xray'));
    writeFileSync(join(tmp.dir, 'xray', 'CONSOLE.jpg'), Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'));
    writeFileSync(join(tmp.dir, 'xray', 'notes.txt'), 'film 2 of 3');
    const findings = await checkDraftRows(join(tmp.dir, 'draft.csv'), parseCsv(exampleLine({ 10: '32001C', 13: '', 14: './xray' }) + '\r\n').rows, defaultOptions({ lang: 'en' }));
    assert.deepEqual(findings.map((f) => f.ruleId), ['DRAFT-no-images']);
    const png = join(tmp.dir, 'xray', 'CONSOLE.jpg');
    assert.equal(findings[0].message.en, `"./xray" holds no DICOM or JPEG images, only files in other formats (${png} (a PNG image)): export such images again as JPG or DICOM`);
    assert.equal(findings[0].message['zh-TW'], `「./xray」 內沒有 DICOM 或 JPEG 影像，只有其他格式的檔案（${png}（PNG 影像））；這些影像須重新匯出為 JPG 或 DICOM`);
  });

  it('a Part 10 file written without its preamble ("DICM" at its first byte) is DRAFT-no-part10, not a file of no image format', async () => {
    mkdirSync(join(tmp.dir, 'ct'));
    writeFileSync(join(tmp.dir, 'ct', 'IM0'), makeInstance({ modality: 'CT' }).bytes.subarray(128));
    const findings = await checkDraftRows(join(tmp.dir, 'draft.csv'), parseCsv(exampleLine({ 14: './ct' }) + '\r\n').rows, defaultOptions({ lang: 'en' }));
    assert.deepEqual(findings.map((f) => f.ruleId).filter((id) => id.startsWith('DRAFT-')).sort(), ['DRAFT-no-images', 'DRAFT-no-part10']);
    assert.match(findings.find((f) => f.ruleId === 'DRAFT-no-part10')!.message.en, new RegExp(`^1 DICOM file without the Part 10 header .*: ${join(tmp.dir, 'ct', 'IM0')}$`));
  });

  it('files of no image format (a note, a PACS CD\'s PDF manual) keep the short message', async () => {
    const [m] = await otherFiles({ 'OK.jpg': makeJpeg({ width: 1400, height: 1400 }), 'notes.txt': Buffer.from('film 2 of 3'), 'viewer.pdf': Buffer.from('%PDF-1.4\n') });
    assert.equal(m.en, `2 files that are not images will be left out: ${join(tmp.dir, 'xray', 'notes.txt')}, ${join(tmp.dir, 'xray', 'viewer.pdf')}`);
  });
});

describe('build/draft: counts of files in English', () => {
  const row = parseCsv(exampleLine({ 10: '32001C', 13: '', 14: './xray' }) + '\r\n').rows[0];
  /** The English message of `ruleId` for a row of one JPEG and these files left out or without the Part 10 header. */
  const message = (ruleId: string, found: Partial<DraftImages>): string => {
    const images: DraftImages = {
      sources: ['/d/xray'], dicomdirs: [], unknown: [], archives: [], otherFormats: [], noPart10: [], missing: [],
      files: [{ path: '/d/xray/OK.jpg', relativePath: 'OK.jpg', size: 3, mtimeMs: 0, kind: 'jpeg' }],
      ...found,
    };
    const out: Finding[] = [];
    draftFindingsInto(out, row, images, defaultOptions({ lang: 'en' }));
    return out.find((f) => f.ruleId === ruleId)!.message.en;
  };
  const png = { 'zh-TW': 'PNG 影像', en: 'a PNG image' };

  it('1 file is, 2 files are left out; 1 DICOM file, 2 DICOM files without the Part 10 header', () => {
    assert.match(message('DRAFT-other-files', { unknown: ['/d/a.txt'] }), /^1 file that is not an image will be left out: /);
    assert.match(message('DRAFT-other-files', { unknown: ['/d/a.txt', '/d/b.txt'] }), /^2 files that are not images will be left out: /);
    assert.match(message('DRAFT-other-files', { unknown: ['/d/a.jpg'], otherFormats: [{ path: '/d/a.jpg', format: png }] }), /^1 file that is neither DICOM nor JPEG will be left out: \/d\/a\.jpg \(a PNG image\);/);
    assert.match(message('DRAFT-other-files', { unknown: ['/d/a.jpg', '/d/b.jpg'], otherFormats: [{ path: '/d/a.jpg', format: png }] }), /^2 files that are neither DICOM nor JPEG will be left out: /);
    assert.match(message('DRAFT-no-part10', { noPart10: ['/d/IM0'] }), /^1 DICOM file without the Part 10 header \(preamble and "DICM"\); convert it to a Part 10 file first: /);
    assert.match(message('DRAFT-no-part10', { noPart10: ['/d/IM0', '/d/IM1'] }), /^2 DICOM files without the Part 10 header \(preamble and "DICM"\); convert them to Part 10 files first: /);
  });
});
