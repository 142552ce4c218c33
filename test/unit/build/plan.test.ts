import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { collectDraftImages } from '../../../server/src/core/build/draft';
import { assertDistinctEntries, planRow, PlanError } from '../../../server/src/core/build/plan';
import { jpgEntryNames } from '../../../server/src/core/build/jpg-names';
import { familyOf } from '../../../server/src/core/spec/orders';
import { makeJpeg } from '../../fixtures/jpeg';

describe('build/plan', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'plan-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  async function planFolder(folder: string, order = '34004C'): Promise<Awaited<ReturnType<typeof planRow>>> {
    const images = await collectDraftImages(dir, `./${folder}`);
    return planRow(images, { family: familyOf(order), order });
  }

  it('reads a JPEG frame header that lies past the first 64 KiB (large ICC or EXIF segments)', async () => {
    mkdirSync(join(dir, 'pano'));
    writeFileSync(join(dir, 'pano', 'p.jpg'), makeJpeg({ width: 1400, height: 1500, appPadding: 200_000 }));
    const plan = await planFolder('pano');
    assert.equal(plan.prefix, 'ATT');
    assert.deepEqual(plan.imageProblems, []);
    mkdirSync(join(dir, 'small'));
    writeFileSync(join(dir, 'small', 's.jpg'), makeJpeg({ width: 1000, height: 1000, appPadding: 200_000 }));
    assert.match((await planFolder('small')).imageProblems[0].message.en, /1000x1000 is below/);
  });

  it('refuses a JPEG cut before its frame header', async () => {
    mkdirSync(join(dir, 'cut'));
    writeFileSync(join(dir, 'cut', 'c.jpg'), makeJpeg({ width: 1400, height: 1400, appPadding: 200_000 }).subarray(0, 150_000));
    await assert.rejects(planFolder('cut'), (e) => e instanceof PlanError && /Cannot read the JPEG frame size/.test(e.message));
  });

  it('names JPG entries conformingly: conforming names kept, others from the order code and a counter, unique ignoring case', () => {
    assert.deepEqual(
      jpgEntryNames(['PANO_1.jpg', '牙齒 全口(右).jpg', 'sub/a.jpg', 'a b.jpg', 'Pano_1.JPG', '34004C_001.jpg', '../x.jpg'], '34004C'),
      ['PANO_1.jpg', '34004C_002.jpg', 'sub/a.jpg', '34004C_003.jpg', '34004C_004.jpg', '34004C_001.jpg', '34004C_005.jpg'],
    );
  });

  it('gives every JPG entry the .jpg extension: other JPEG extensions become .jpg, a name without one gets it, another one stays in the name', () => {
    assert.deepEqual(
      jpgEntryNames(['IMG0001', 'scan.jpe', 'photo.JPG', 'x.jpeg', 'IMG.0001', 'sub/IMG0002', 'a.JFIF', 'IMG0001.jpg', 'scan.jpg', 'con'], 'X'),
      ['IMG0001.jpg', 'scan.jpg', 'photo.JPG', 'x.jpg', 'IMG_0001.jpg', 'sub/IMG0002.jpg', 'a.jpg', 'X_001.jpg', 'X_002.jpg', 'X_003.jpg'],
    );
  });

  it('renames JPG entries whose name Windows reserves for a device (CON, NUL, COM1…, in any case, with any extension, in any folder)', () => {
    assert.deepEqual(
      jpgEntryNames(['CON.jpg', 'nul.JPG', 'sub/Aux/a.jpg', 'COM1.jpg', 'lpt9.jpeg', 'prn', 'CONSOLE.jpg', 'COM10.jpg', 'NULL_1.jpg'], '34004C'),
      ['34004C_001.jpg', '34004C_002.jpg', '34004C_003.jpg', '34004C_004.jpg', '34004C_005.jpg', '34004C_006.jpg', 'CONSOLE.jpg', 'COM10.jpg', 'NULL_1.jpg'],
    );
  });

  it('packs JPG files under conforming names and says which were renamed', async () => {
    mkdirSync(join(dir, '全口 X 光'));
    writeFileSync(join(dir, '全口 X 光', '牙齒 全口(右).jpg'), makeJpeg({ width: 1400, height: 1400 }));
    writeFileSync(join(dir, '全口 X 光', 'LEFT_2.jpg'), makeJpeg({ width: 1400, height: 1400 }));
    const plan = await planFolder('全口 X 光');
    assert.deepEqual(plan.inputs.map((i) => i.archivePath).sort(), ['34004C_001.jpg', 'LEFT_2.jpg']);
    assert.match(plan.notes[0].en, /^1 JPG file name\(s\) .* renamed, e\.g\. 牙齒 全口\(右\)\.jpg → 34004C_001\.jpg$/);
  });

  it('two files under one entry name, letter case ignored, are a plan error', () => {
    const inputs = [{ archivePath: 'IMG/A.JPG', sourcePath: '/d/1/A.JPG' }, { archivePath: 'img/a.jpg', sourcePath: '/d/2/a.jpg' }];
    assert.throws(() => assertDistinctEntries({ inputs }), (e: unknown) => e instanceof PlanError && /\/d\/1\/A\.JPG and \/d\/2\/a\.jpg would share the entry name img\/a\.jpg \(letter case ignored\)/.test(e.message));
    assert.throws(() => assertDistinctEntries({ inputs: [{ archivePath: 'dicomdir', sourcePath: '/d/x' }], dicomdir: new Uint8Array(1) }), PlanError, 'against the DICOMDIR written beside them');
    assert.doesNotThrow(() => assertDistinctEntries({ inputs: inputs.slice(0, 1) }));
  });
});
