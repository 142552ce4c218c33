// DICOMDIR instance records by SOP class: SR DOCUMENT, KEY OBJECT DOC, ENCAP DOC… with their keys.
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as dicomParser from 'dicom-parser';
import { makeInstance, newUid } from '../../fixtures/dicom';
import { makeKeyObject, makePdf, makeSr } from './non-image-objects';
import { RECORD_KEYS, SOP_CLASS_RECORD, recordTypeFor } from '../../../server/src/core/dicom/dicomdir-build-records';
import { scanDicomHeader } from '../../../server/src/core/dicom/dicomdir-build-scan';
import { buildDicomdir, planDirectory } from '../../../server/src/core/dicom/dicomdir-build';
import { isInstanceRecord, readDicomdir } from '../../../server/src/core/dicom/dicomdir';
import { collectDraftImages } from '../../../server/src/core/build/draft';
import { planRow, PlanError } from '../../../server/src/core/build/plan';
import { TS } from '../../../server/src/core/dicom/uids';
import { RULE_FOR_PROBLEM } from '../../../server/src/core/archive/rules';

const x = (tag: number): string => 'x' + tag.toString(16).padStart(8, '0');

describe('DICOMDIR records by SOP class', () => {
  let dir: string;
  let study: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'dicomdir-records-'));
    study = newUid();
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function write(name: string, bytes: Uint8Array): string {
    const path = join(dir, 'row', name);
    mkdirSync(join(dir, 'row'), { recursive: true });
    writeFileSync(path, bytes);
    return path;
  }

  it('maps every listed SOP class to a leaf record type the reader accepts under SERIES, with its keys', () => {
    for (const [uid, type] of Object.entries(SOP_CLASS_RECORD)) {
      assert.ok(RECORD_KEYS[type], `${uid} → ${type} has keys`);
      assert.ok(isInstanceRecord(type), `${type} is an instance record for the reader`);
    }
    assert.equal(recordTypeFor('1.2.840.10008.5.1.4.1.1.88.11'), 'SR DOCUMENT');
    assert.equal(recordTypeFor('1.2.840.10008.5.1.4.1.1.88.59'), 'KEY OBJECT DOC');
    assert.equal(recordTypeFor('1.2.840.10008.5.1.4.1.1.11.1'), 'PRESENTATION');
    assert.equal(recordTypeFor('1.2.840.10008.5.1.4.1.1.104.1'), 'ENCAP DOC');
    assert.equal(recordTypeFor('1.2.840.10008.5.1.4.1.1.66'), 'RAW DATA');
    assert.equal(recordTypeFor('1.2.840.10008.5.1.4.1.1.2'), 'IMAGE', 'CT');
    assert.equal(recordTypeFor('1.2.3.4.5'), 'IMAGE', 'an unknown class');
  });

  it('writes SR DOCUMENT, KEY OBJECT DOC and ENCAP DOC records with the keys of PS3.3 F.5, from Explicit and Implicit VR files', async () => {
    const paths = [
      write('ct.dcm', makeInstance({ modality: 'CT', rows: 16, columns: 16, studyUid: study }).bytes),
      write('sr.dcm', makeSr({ studyUid: study, seriesNumber: 2 })),
      write('sr-implicit.dcm', makeSr({ studyUid: study, seriesNumber: 3, transferSyntax: TS.ImplicitVRLittleEndian })),
      write('ko.dcm', makeKeyObject({ studyUid: study, seriesNumber: 4 })),
      write('pdf.dcm', makePdf({ studyUid: study, seriesNumber: 5 })),
    ];
    const infos = await Promise.all(paths.map((p) => scanDicomHeader(p)));
    assert.deepEqual(infos.map((i) => i.record.type), ['IMAGE', 'SR DOCUMENT', 'SR DOCUMENT', 'KEY OBJECT DOC', 'ENCAP DOC']);
    assert.deepEqual(infos.map((i) => i.record.missing), [[], [], [], [], []]);
    const bytes = buildDicomdir(planDirectory(infos).patients);

    const info = readDicomdir(bytes);
    assert.deepEqual(info.problems.filter((p) => p.severity === 'error'), []);
    assert.deepEqual(info.instances.map((r) => r.type), ['IMAGE', 'SR DOCUMENT', 'SR DOCUMENT', 'KEY OBJECT DOC', 'ENCAP DOC']);

    const records = dicomParser.parseDicom(bytes).elements[x(0x00041220)].items!.map((i) => i.dataSet!);
    const ofType = (t: string) => records.filter((r) => r.string(x(0x00041430)) === t);
    for (const sr of ofType('SR DOCUMENT')) {
      assert.equal(sr.string(x(0x0040a491)), 'COMPLETE');
      assert.equal(sr.string(x(0x0040a493)), 'VERIFIED');
      assert.equal(sr.string(x(0x00080023)), '20261125');
      assert.equal(sr.string(x(0x00080033)), '101500');
      assert.equal(sr.string(x(0x0040a030)), '20261125103000', 'from the Verifying Observer Sequence');
      assert.equal(sr.string(x(0x00200013)), '1');
      const title = sr.elements[x(0x0040a043)].items!;
      assert.equal(title.length, 1);
      assert.equal(title[0].dataSet!.string(x(0x00080100)), '18748-4');
      assert.equal(title[0].dataSet!.string(x(0x00080104)), 'Diagnostic imaging report');
      const content = sr.elements[x(0x0040a730)].items!;
      assert.deepEqual(content.map((c) => c.dataSet!.string(x(0x0040a010))), ['HAS CONCEPT MOD'], 'only the title modifiers');
      assert.equal(content[0].dataSet!.elements[x(0x0040a168)].items![0].dataSet!.string(x(0x00080100)), 'zh');
      assert.equal(sr.elements[x(0x00280010)], undefined, 'no image keys');
    }
    const [ko] = ofType('KEY OBJECT DOC');
    assert.equal(ko.string(x(0x00080023)), '20261125');
    assert.equal(ko.elements[x(0x0040a043)].items![0].dataSet!.string(x(0x00080100)), '113000');
    const [pdf] = ofType('ENCAP DOC');
    assert.equal(pdf.string(x(0x00420012)), 'application/pdf');
    assert.equal(pdf.string(x(0x00420010)), 'Referral letter');
    assert.ok(pdf.elements[x(0x0040a043)], 'Concept Name Code Sequence (Type 2) present, empty');
    assert.equal(pdf.elements[x(0x00420011)], undefined, 'the document itself is not copied');
    const [image] = ofType('IMAGE');
    assert.deepEqual(
      Object.keys(image.elements).sort(),
      [0x00041400, 0x00041410, 0x00041420, 0x00041430, 0x00041500, 0x00041510, 0x00041511, 0x00041512, 0x00200013].map(x).sort(),
      'an IMAGE record keeps its keys',
    );
  });

  it('refuses to list an SR that lacks a Type 1 key of its record, naming the file and the key', async () => {
    const path = write('sr.dcm', makeSr({ studyUid: study, seriesNumber: 2, completionFlag: false }));
    write('ct.dcm', makeInstance({ modality: 'CT', rows: 16, columns: 16, studyUid: study }).bytes);
    assert.deepEqual((await scanDicomHeader(path)).record.missing.map((m) => m.name), ['Completion Flag']);
    const images = await collectDraftImages(dir, './row');
    await assert.rejects(planRow(images, { family: undefined }), (e: unknown) => e instanceof PlanError && /sr\.dcm: SR DOCUMENT Completion Flag \(0040,A491\) is empty/.test(e.message));
  });

  it('refuses an SR that lacks a Type 1 key under A14-dicomdir-keys, the rule by which the check reports that key of the record; plans it when the rule is a warning or off', async () => {
    write('sr.dcm', makeSr({ studyUid: study, seriesNumber: 2, completionFlag: false }));
    write('ct.dcm', makeInstance({ modality: 'CT', rows: 16, columns: 16, studyUid: study }).bytes);
    const images = await collectDraftImages(dir, './row');
    for (const severities of [undefined, { 'A14-dicomdir-keys': 'error' as const }]) {
      await assert.rejects(planRow(images, { family: undefined, severities }), (e: unknown) => e instanceof PlanError && e.ruleId === 'A14-dicomdir-keys');
    }
    for (const severity of ['warning', 'off'] as const) {
      const plan = await planRow(images, { family: undefined, severities: { 'A14-dicomdir-keys': severity } });
      assert.equal(plan.inputs.length, 2, severity);
      // The DICOMDIR written holds what the files give; the check names the key the SR lacks, under the same rule.
      const problems = readDicomdir(plan.dicomdir!).problems;
      assert.deepEqual(problems.map((p) => [RULE_FOR_PROBLEM[p.code], p.severity]), [['A14-dicomdir-keys', 'error']], severity);
      assert.match(problems[0].message.en, /: SR DOCUMENT @ \d+ Completion Flag \(0040,A491\)$/, severity);
    }
  });

  it('counts a key of one value holding several (Content Date 20261125\\20261126) as missing, and keeps the values of Image Type (VM 2-n)', async () => {
    const sr = write('sr2.dcm', makeInstance({ modality: 'SR', studyUid: study, extra: [{ tag: 0x00080023, vr: 'DA', value: '20261125\\20261126' }] }).bytes);
    const missing = (await scanDicomHeader(sr)).record.missing;
    assert.ok(missing.some((m) => m.name === 'Content Date' && m.value === '20261125\\20261126'), JSON.stringify(missing));
    const mrs = write('mrs.dcm', makeInstance({
      modality: 'MR', studyUid: study, noPixelData: true,
      extra: [{ tag: 0x00080016, vr: 'UI', value: '1.2.840.10008.5.1.4.1.1.4.2' }, { tag: 0x00080008, vr: 'CS', value: 'ORIGINAL\\PRIMARY' }],
    }).bytes);
    const plan = (await scanDicomHeader(mrs)).record;
    assert.equal(plan.type, 'SPECTROSCOPY');
    assert.deepEqual(plan.keys.find((k) => k.tag === 0x00080008)?.value, 'ORIGINAL\\PRIMARY');
  });
});
