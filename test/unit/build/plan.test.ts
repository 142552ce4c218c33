import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { collectDraftImages } from '../../../server/src/core/build/draft';
import { assertDistinctEntries, planRow, PlanError } from '../../../server/src/core/build/plan';
import { jpgEntryNames } from '../../../server/src/core/build/jpg-names';
import { familyOf } from '../../../server/src/core/spec/orders';
import { makeJpeg } from '../../fixtures/jpeg';
import { makeInstance, withGroupLength } from '../../fixtures/dicom';
import { TAG } from '../../../server/src/core/dicom/tags';
import { TS } from '../../../server/src/core/dicom/uids';
import { readDicomHeader } from '../../../server/src/core/dicom/read';
import { requiredAttributeFindingsOf } from '../../../server/src/core/dicom/required-attributes';
import type { ValidationOptions } from '../../../server/src/core/options';

describe('build/plan', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'plan-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  async function planFolder(folder: string, order = '34004C', severities?: ValidationOptions['severities']): Promise<Awaited<ReturnType<typeof planRow>>> {
    const images = await collectDraftImages(dir, `./${folder}`);
    return planRow(images, { family: familyOf(order), order, severities });
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

  /** The archive check's attribute messages of a file, as the plan is to quote them. */
  function attributeMessages(bytes: Uint8Array, severity: 'error' | 'warning'): string[] {
    return requiredAttributeFindingsOf(readDicomHeader(bytes)).filter((f) => f.severity === severity).map((f) => f.message.en);
  }

  async function planError(folder: string, order: string, severities?: ValidationOptions['severities']): Promise<PlanError> {
    const e = await planFolder(folder, order, severities).then(() => assert.fail('planned'), (err: unknown) => err);
    assert.ok(e instanceof PlanError, String(e));
    return e;
  }

  it('refuses DICOM files lacking the attributes an instance needs (A14-dicom-attribute), naming each file and the attributes in the check\'s words', async () => {
    mkdirSync(join(dir, 'ct'));
    const noStudy = makeInstance({ omit: [TAG.StudyInstanceUID] }).bytes;
    const rgb = makeInstance({ extra: [{ tag: TAG.PhotometricInterpretation, vr: 'CS', value: 'RGB' }], omit: [TAG.BitsStored] }).bytes;
    writeFileSync(join(dir, 'ct', 'a.dcm'), noStudy);
    writeFileSync(join(dir, 'ct', 'b.dcm'), rgb);
    writeFileSync(join(dir, 'ct', 'c.dcm'), makeInstance().bytes);
    const e = await planError('ct', '33070B');
    const [study] = attributeMessages(noStudy, 'error');
    assert.match(study, /^Study Instance UID \(0020,000D\) is absent or empty/);
    assert.equal(e.bilingual.en, `${join(dir, 'ct', 'a.dcm')}: ${study}. Export it again from the PACS or the modality, then build again`);
    assert.match(e.bilingual['zh-TW'], /a\.dcm：Study Instance UID \(0020,000D\) 缺少或沒有值：General Study 模組.*。請從 PACS 或影像設備重新匯出後再建置$/);
    const both = attributeMessages(rgb, 'error');
    assert.equal(both.length, 2, 'Bits Stored absent, Samples per Pixel 1 for RGB');
    assert.deepEqual(e.more.map((m) => m.en), [`${join(dir, 'ct', 'b.dcm')}: ${both.join('; ')}. Export it again from the PACS or the modality, then build again`]);
  });

  it('refuses a DICOM file whose meta group length runs into an Implicit VR data set (meta-group-overrun, A14-dicom-corrupt)', async () => {
    mkdirSync(join(dir, 'ct'));
    const implicit = makeInstance({ transferSyntax: TS.ImplicitVRLittleEndian }).bytes;
    const overrun = withGroupLength(implicit, Buffer.from(implicit).readUInt32LE(140) + 8);
    const [problem] = readDicomHeader(overrun).problems.filter((p) => p.severity === 'error');
    assert.equal(problem.code, 'meta-group-overrun');
    writeFileSync(join(dir, 'ct', 'a.dcm'), overrun);
    const e = await planError('ct', '33070B');
    assert.equal(e.bilingual.en, `${join(dir, 'ct', 'a.dcm')}: ${problem.message.en}. Export it again from the PACS or the modality, then build again`);
    writeFileSync(join(dir, 'ct', 'a.dcm'), implicit);
    assert.equal((await planFolder('ct', '33070B')).inputs.length, 1, 'the same file with its right group length');
  });

  it('refuses a DICOM file with any other error of the check\'s reader (a VR DICOM does not define, A14-dicom-corrupt), in its words; plans it when the user made the rule a warning', async () => {
    mkdirSync(join(dir, 'ct'));
    const bytes = Buffer.from(makeInstance().bytes);
    const at = bytes.indexOf(Buffer.from([0x20, 0x00, 0x0d, 0x00, 0x55, 0x49]), 132);
    bytes[at + 5] = 0x48; // Study Instance UID's "UI" -> "UH"
    const errors = readDicomHeader(bytes).problems.filter((p) => p.severity === 'error');
    assert.deepEqual(errors.map((p) => p.code), ['unknown-vr']);
    writeFileSync(join(dir, 'ct', 'a.dcm'), bytes);
    const e = await planError('ct', '33070B');
    assert.equal(e.bilingual.en, `${join(dir, 'ct', 'a.dcm')}: ${errors[0].message.en}. Export it again from the PACS or the modality, then build again`);
    assert.deepEqual(e.more, []);
    const plan = await planFolder('ct', '33070B', { 'A14-dicom-corrupt': 'warning' });
    assert.deepEqual(plan.inputs.map((i) => i.sourcePath), [join(dir, 'ct', 'a.dcm')]);
  });

  it('plans a DICOM file whose attributes draw only a warning (A14-dicom-attribute-minor): no refusal, no image problem', async () => {
    mkdirSync(join(dir, 'ct'));
    const highBit = makeInstance({ bitsAllocated: 16, extra: [{ tag: TAG.HighBit, vr: 'US', value: 15 }] }).bytes;
    assert.equal(attributeMessages(highBit, 'warning').length, 1);
    assert.deepEqual(attributeMessages(highBit, 'error'), []);
    writeFileSync(join(dir, 'ct', 'a.dcm'), highBit);
    const plan = await planFolder('ct', '33070B');
    assert.equal(plan.inputs.length, 1);
    assert.deepEqual(plan.imageProblems, []);
  });

  it('plans a DICOM file whose fault\'s rule the user made a warning or turned off, as the check of the built batch lets it through; refuses it by default', async () => {
    const implicit = makeInstance({ transferSyntax: TS.ImplicitVRLittleEndian }).bytes;
    const faults: [string, Uint8Array][] = [
      // Bits Stored absent, Samples per Pixel 1 for RGB: the header still lists the file in a DICOMDIR.
      ['A14-dicom-attribute', makeInstance({ extra: [{ tag: TAG.PhotometricInterpretation, vr: 'CS', value: 'RGB' }], omit: [TAG.BitsStored] }).bytes],
      ['A14-dicom-pixel-length', makeInstance({ rows: 16, columns: 16, extra: [{ tag: TAG.Rows, vr: 'US', value: 32 }] }).bytes],
      ['A14-dicom-corrupt', withGroupLength(implicit, Buffer.from(implicit).readUInt32LE(140) + 8)],
      ['A14-dicom-corrupt', makeInstance({ rows: 16, columns: 16 }).bytes.subarray(0, -100)],
    ];
    mkdirSync(join(dir, 'ct'));
    for (const [rule, bytes] of faults) {
      writeFileSync(join(dir, 'ct', 'a.dcm'), bytes);
      const e = await planError('ct', '33070B');
      assert.match(e.bilingual.en, /a\.dcm: .*[Ee]xport it again/, rule);
      await planError('ct', '33070B', { [rule]: 'error' });
      for (const severity of ['warning', 'off'] as const) {
        const plan = await planFolder('ct', '33070B', { [rule]: severity });
        assert.deepEqual(plan.inputs.map((i) => i.sourcePath), [join(dir, 'ct', 'a.dcm')], `${rule} ${severity}`);
      }
    }
  });

  it('refuses a DICOM file without Study Instance UID even with A14-dicom-attribute off: the DICOMDIR cannot list it', async () => {
    mkdirSync(join(dir, 'ct'));
    writeFileSync(join(dir, 'ct', 'a.dcm'), makeInstance({ omit: [TAG.StudyInstanceUID] }).bytes);
    const e = await planError('ct', '33070B', { 'A14-dicom-attribute': 'off' });
    assert.equal(e.bilingual.en, `Cannot read the DICOM header of ${join(dir, 'ct', 'a.dcm')} (missing Study Instance UID (0020,000D))`);
  });

  it('refuses a DICOM file whose attribute warning the user made an error (A14-dicom-attribute-minor)', async () => {
    mkdirSync(join(dir, 'ct'));
    const highBit = makeInstance({ bitsAllocated: 16, extra: [{ tag: TAG.HighBit, vr: 'US', value: 15 }] }).bytes;
    writeFileSync(join(dir, 'ct', 'a.dcm'), highBit);
    const e = await planError('ct', '33070B', { 'A14-dicom-attribute-minor': 'error' });
    assert.equal(e.bilingual.en, `${join(dir, 'ct', 'a.dcm')}: ${attributeMessages(highBit, 'warning').join('; ')}. Export it again from the PACS or the modality, then build again`);
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
    assert.match(plan.notes[0].en, /^1 JPG file name .* renamed, e\.g\. 牙齒 全口\(右\)\.jpg → 34004C_001\.jpg$/);
  });

  it('two files under one entry name, letter case ignored, are a plan error', () => {
    const inputs = [{ archivePath: 'IMG/A.JPG', sourcePath: '/d/1/A.JPG' }, { archivePath: 'img/a.jpg', sourcePath: '/d/2/a.jpg' }];
    assert.throws(() => assertDistinctEntries({ inputs }), (e: unknown) => e instanceof PlanError && /\/d\/1\/A\.JPG and \/d\/2\/a\.jpg would share the entry name img\/a\.jpg \(letter case ignored\)/.test(e.message));
    assert.throws(() => assertDistinctEntries({ inputs: [{ archivePath: 'dicomdir', sourcePath: '/d/x' }], dicomdir: new Uint8Array(1) }), PlanError, 'against the DICOMDIR written beside them');
    assert.doesNotThrow(() => assertDistinctEntries({ inputs: inputs.slice(0, 1) }));
  });
});
