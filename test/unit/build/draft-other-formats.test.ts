/** A draft folder holding images in formats the upload does not take: named by their format, not as "not images". */
import { strict as assert } from 'node:assert';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkDraftRows } from '../../../server/src/core/build/draft-check';
import { parseCsv } from '../../../server/src/core/csv/parse';
import { defaultOptions } from '../../../server/src/core/options';
import { exampleLine } from '../../../server/src/core/spec/example';
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
    assert.equal(m.en, `3 file(s) that are neither DICOM nor JPEG will be left out: ${x('CONSOLE.jpg')} (a PNG image), ${x('SCAN.JPG')} (a BMP image), ${x('ZERO.jpg')} (empty); export such images again as JPG or DICOM to send them`);
    assert.equal(m['zh-TW'], `3 個既非 DICOM 也非 JPEG 的檔案不會被打包：${x('CONSOLE.jpg')}（PNG 影像）、${x('SCAN.JPG')}（BMP 影像）、${x('ZERO.jpg')}（空檔案）；這些影像須重新匯出為 JPG 或 DICOM 才能上傳`);
  });

  it('files of no image format (a note, a PACS CD\'s PDF manual) keep the short message', async () => {
    const [m] = await otherFiles({ 'OK.jpg': makeJpeg({ width: 1400, height: 1400 }), 'notes.txt': Buffer.from('film 2 of 3'), 'viewer.pdf': Buffer.from('%PDF-1.4\n') });
    assert.equal(m.en, `2 file(s) that are not images will be left out: ${join(tmp.dir, 'xray', 'notes.txt')}, ${join(tmp.dir, 'xray', 'viewer.pdf')}`);
  });
});
