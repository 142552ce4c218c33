// The builder's DICOMDIR from sources of other software: empty or invalid record keys, character sets,
// and DICOMDIRs already in the draft folders.
import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as dicomParser from 'dicom-parser';
import { buildBatch, BuildError } from '../../../server/src/core/build/batch';
import { openArchive } from '../../../server/src/core/archive/open';
import { readDicomdir } from '../../../server/src/core/dicom/dicomdir';
import { TAG } from '../../../server/src/core/dicom/tags';
import { TS } from '../../../server/src/core/dicom/uids';
import type { DicomElement } from '../../../server/src/core/dicom/encode';
import { scanDicomHeader } from '../../../server/src/core/dicom/dicomdir-build-scan';
import { buildDicomdir, planDirectory } from '../../../server/src/core/dicom/dicomdir-build';
import { writeSampleDraft, sampleDraftText, SAMPLE_ROWS } from '../../../samples/draft/generate';
import { makeDicomdir, makeInstance, privateSequenceWithWrongDelimiter } from '../../fixtures/dicom';

const DATE = '20261125';
const vopts = { now: Date.parse('2025-11-25T12:00:00+08:00') };

async function buildError(p: Promise<unknown>): Promise<BuildError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof BuildError, String(e));
    return e;
  }
  assert.fail('the build should have failed');
}

/** The records of the row's DICOMDIR in the built archive, as dicom-parser data sets. */
async function builtRecords(archivePath: string): Promise<{ entries: string[]; records: dicomParser.DataSet[] }> {
  const reader = await openArchive(archivePath);
  try {
    const entries = reader.entries().filter((e) => !e.isDirectory).map((e) => e.name);
    const bytes = await reader.readEntry(reader.entries().find((e) => e.name === 'DICOMDIR')!);
    assert.deepEqual(readDicomdir(bytes).problems.filter((p) => p.severity === 'error'), []);
    const ds = dicomParser.parseDicom(bytes);
    return { entries, records: ds.elements.x00041220.items!.map((i) => i.dataSet!) };
  } finally {
    await reader.close();
  }
}

describe('DICOMDIR from other software\'s files', function () {
  this.timeout(60_000);
  let dir: string;
  let draft: string;
  let ct: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'build-dicomdir-'));
    draft = writeSampleDraft(dir, [SAMPLE_ROWS[0]]);
    ct = join(dir, 'ct1');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const rewrite = (name: string, extra: DicomElement[]): void => writeFileSync(join(ct, name), makeInstance({ extra }).bytes);

  it('stops before reserving anything when a file lacks a Type 1 key of its PATIENT, STUDY or SERIES record, or holds one invalid for its VR', async () => {
    rewrite('img002.dcm', [
      { tag: TAG.PatientID, vr: 'LO', value: '' },
      { tag: TAG.StudyDate, vr: 'DA', value: '1997.04.24' },
      { tag: TAG.StudyTime, vr: 'TM', value: '' },
      { tag: TAG.Modality, vr: 'CS', value: '' },
    ]);
    rewrite('img003.dcm', [{ tag: TAG.StudyTime, vr: 'TM', value: '14:04:38' }]);
    const e = await buildError(buildBatch(draft, { date: DATE, validation: vopts }));
    assert.equal(e.reason, 'images');
    const message = e.findings[0].message;
    assert.match(message.en, /img002\.dcm: PATIENT Patient ID \(0010,0020\) is empty; STUDY Study Date \(0008,0020\) "1997\.04\.24" is not a valid DA; STUDY Study Time \(0008,0030\) is empty; SERIES Modality \(0008,0060\) is empty\./);
    assert.match(message.en, /dcmodify -i "\(0010,0020\)=…"\), then build again \(1 more file has such problems\)$/);
    assert.match(message['zh-TW'], /img002\.dcm：PATIENT Patient ID \(0010,0020\) 空白；STUDY Study Date \(0008,0020\) 的值「1997\.04\.24」不符合 DA 格式/);
    assert.equal(existsSync(join(dir, '.nhi-imaging', 'ledger.jsonl')), false, 'nothing reserved');
    assert.equal(existsSync(join(dir, 'upload')), false, 'nothing written');
  });

  it('names A14-dicomdir-keys, the check\'s rule for those keys, and builds by its severity: a warning, the check of the batch reports the keys the DICOMDIR lacks; off, nothing', async () => {
    rewrite('img002.dcm', [{ tag: TAG.PatientID, vr: 'LO', value: '' }, { tag: TAG.StudyDate, vr: 'DA', value: '1997.04.24' }]);
    const e = await buildError(buildBatch(draft, { date: DATE, validation: vopts }));
    assert.deepEqual(e.findings.map((f) => [f.ruleId, f.severity, f.row]), [['A14-dicomdir-keys', 'error', 0]]);
    const warned = await buildBatch(draft, { date: DATE, validation: { ...vopts, severities: { 'A14-dicomdir-keys': 'warning' } } });
    const keys = warned.warnings.filter((f) => f.ruleId === 'A14-dicomdir-keys');
    assert.equal(keys.length, 1, JSON.stringify(warned.warnings.map((f) => f.ruleId)));
    assert.match(keys[0].message.en, /DICOMDIR records lack the value of a Type 1 key \(PS3\.3 F\.5\): PATIENT @ \d+ Patient ID \(0010,0020\); STUDY @ \d+ Study Date \(0008,0020\)/);
    const off = await buildBatch(draft, { date: DATE, outDir: join(dir, 'off'), validation: { ...vopts, severities: { 'A14-dicomdir-keys': 'off' } } });
    assert.deepEqual(off.warnings.filter((f) => f.ruleId === 'A14-dicomdir-keys'), []);
    assert.equal(off.rows.length, 1);
  });

  it('counts in English the other files with such problems: 2 more files have them', async () => {
    for (const name of ['img001.dcm', 'img002.dcm', 'img003.dcm']) rewrite(name, [{ tag: TAG.PatientID, vr: 'LO', value: '' }]);
    const e = await buildError(buildBatch(draft, { date: DATE, validation: vopts }));
    assert.match(e.findings[0].message.en, /then build again \(2 more files have such problems\)$/);
  });

  it('leaves out Type 2 and 3 values invalid for their VR, and numbers Study ID and Series Number when theirs are invalid', async () => {
    const path = join(dir, 'odd.dcm');
    writeFileSync(path, makeInstance({
      extra: [
        { tag: TAG.AccessionNumber, vr: 'SH', value: 'ACC-0123456789-TOO-LONG' },
        { tag: TAG.StudyDescription, vr: 'LO', value: 'CT\u0007BRAIN' },
        { tag: TAG.StudyID, vr: 'SH', value: 'STUDY-ID-OVER-16-CHARS' },
        { tag: TAG.SeriesNumber, vr: 'IS', value: 'S1' },
      ],
    }).bytes);
    const info = await scanDicomHeader(path);
    assert.deepEqual(info.keyProblems, []);
    const ds = dicomParser.parseDicom(buildDicomdir(planDirectory([info]).patients));
    const [, study, series] = ds.elements.x00041220.items!.map((i) => i.dataSet!);
    assert.equal(study.string('x00080050'), undefined, 'Accession Number written empty');
    assert.equal(study.string('x00081030'), undefined, 'Study Description written empty');
    assert.equal(study.string('x00200010'), '1');
    assert.equal(series.string('x00200011'), '1');
  });

  it('refuses a file whose Specific Character Set it cannot decode, rather than read its text as UTF-8', async () => {
    rewrite('img003.dcm', [{ tag: TAG.SpecificCharacterSet, vr: 'CS', value: 'ISO_IR 999' }]);
    const e = await buildError(buildBatch(draft, { date: DATE, validation: vopts }));
    assert.equal(e.reason, 'images');
    assert.match(e.findings[0].message.en, /img003\.dcm: unknown Specific Character Set \(0008,0005\) "ISO_IR 999", so its names .* \(e\.g\. dcmconv \+U8\), then build again$/);
  });

  it('refuses a file in a transfer syntax DICOM does not define (GE\'s private one, dcmconv +tg), rather than read its header as Explicit VR', async () => {
    // The Implicit VR file's meta group names GE's syntax (both UIDs take 18 bytes).
    const bytes = Buffer.from(makeInstance({ transferSyntax: '1.2.840.10008.1.2' }).bytes);
    bytes.write('1.2.840.113619.5.2', bytes.indexOf(Buffer.from('1.2.840.10008.1.2\0', 'latin1')), 'latin1');
    writeFileSync(join(ct, 'img003.dcm'), bytes);
    const e = await buildError(buildBatch(draft, { date: DATE, validation: vopts }));
    assert.equal(e.reason, 'images');
    // In the words of the batch's check (A14-dicom-syntax), with how to mend it.
    assert.match(e.findings[0].message.en, /img003\.dcm: unknown transfer syntax 1\.2\.840\.113619\.5\.2: not a DICOM standard transfer syntax, and the data set is not Explicit VR Little Endian, so it cannot be read; .*\. Convert the file to a standard one \(e\.g\. dcmconv \+te\), then build again$/);
    assert.match(e.findings[0].message['zh-TW'], /img003\.dcm：不認得的傳輸語法 1\.2\.840\.113619\.5\.2：不是 DICOM 標準的傳輸語法.*。請轉為標準傳輸語法（例如 dcmconv \+te）後再建置$/);
    assert.equal(e.findings.length, 1);
  });

  it('names a data set starting in group 0001 (PS3.5 §7.1) as why a file cannot be packed, with tag and offset, in Implicit and Explicit VR', async () => {
    for (const transferSyntax of ['1.2.840.10008.1.2', '1.2.840.10008.1.2.1']) {
      writeFileSync(join(ct, 'img003.dcm'), makeInstance({ transferSyntax, extra: [{ tag: 0x00010010, vr: 'LO', value: 'ACME' }] }).bytes);
      const e = await buildError(buildBatch(draft, { date: DATE, validation: vopts }));
      assert.equal(e.reason, 'images', transferSyntax);
      assert.match(e.findings[0].message.en, /img003\.dcm.*the data set starts at byte \d+ with \(0001,0010\), in group 0001, which DICOM does not allow \(PS3\.5 §7\.1\)/, transferSyntax);
      assert.match(e.findings[0].message['zh-TW'], /img003\.dcm.*群組 0001 是 DICOM 不允許使用的群組/, transferSyntax);
    }
  });

  it('names the sequence, offset and tag where a private sequence of a file lacks its delimiter', async () => {
    const { bytes, delimiterAt: end } = privateSequenceWithWrongDelimiter();
    writeFileSync(join(ct, 'img003.dcm'), bytes);
    const e = await buildError(buildBatch(draft, { date: DATE, validation: vopts }));
    assert.equal(e.reason, 'images');
    assert.match(e.findings[0].message.en, new RegExp(`img003\\.dcm: cannot read the DICOM file: in the sequence \\(0009,1002\\) at byte \\d+, byte ${end} holds \\(FFFE,E00D\\) where an item`));
  });

  /** Field 14 of the draft's row set to `value`; files written under the draft folder. */
  const row = (value: string, files: Record<string, Uint8Array>): void => {
    for (const [path, bytes] of Object.entries(files)) {
      mkdirSync(join(dir, ...path.split('/').slice(0, -1)), { recursive: true });
      writeFileSync(join(dir, ...path.split('/')), bytes);
    }
    writeFileSync(draft, sampleDraftText([SAMPLE_ROWS[0]]).replace('./ct1', value));
  };
  const cd = (ids: string[][]) => {
    const first = makeInstance();
    const files = ids.map((fileId, i) => ({ fileId, instance: i === 0 ? first : makeInstance({ studyUid: first.studyUid, seriesUid: first.seriesUid, instanceNumber: i + 1 }) }));
    return { dicomdir: makeDicomdir({ files }), instances: files.map((f) => f.instance.bytes), extra: makeInstance({ studyUid: first.studyUid }).bytes };
  };

  it('counts in English the DICOM files an existing DICOMDIR leaves out: 2 files', async () => {
    const first = makeInstance();
    const [second, third] = [2, 3].map((n) => makeInstance({ studyUid: first.studyUid, seriesUid: first.seriesUid, instanceNumber: n }));
    const dicomdir = makeDicomdir({ files: [{ fileId: ['IMAGES', 'IM1'], instance: first }] });
    row('./kept', { 'kept/DICOMDIR': dicomdir, 'kept/IMAGES/IM1': first.bytes, 'kept/a.dcm': second.bytes, 'kept/b.dcm': third.bytes });
    const s = await buildBatch(draft, { date: DATE, validation: vopts });
    assert.ok(s.rows[0].notes.some((n) => n.en.includes('does not list 2 DICOM files of the row')), JSON.stringify(s.rows[0].notes));
  });

  it('packs the files of a kept DICOMDIR under its File IDs\' spelling when their names differ in case', async () => {
    const set = cd([['IMAGES', 'IM1'], ['IMAGES', 'IM2']]);
    row('./kept', { 'kept/DICOMDIR': set.dicomdir, 'kept/images/im1': set.instances[0], 'kept/Images/Im2': set.instances[1] });
    const s = await buildBatch(draft, { date: DATE, validation: vopts });
    assert.ok(s.rows[0].notes.some((n) => n.en.includes('existing DICOMDIR is kept')));
    const { entries } = await builtRecords(s.rows[0].archivePath);
    assert.deepEqual(entries.sort(), ['DICOMDIR', 'IMAGES/IM1', 'IMAGES/IM2']);
  });

  it('judges a kept DICOMDIR whose instance record lacks a Type 1 key by the user\'s severity of A14-dicomdir-keys: an error asks for a rebuild, a warning keeps it and the check of the batch warns', async () => {
    const first = makeInstance();
    const second = makeInstance({ studyUid: first.studyUid, seriesUid: first.seriesUid, instanceNumber: 2 });
    const files = [first, second].map((instance, i) => ({ fileId: ['IMG', `IM${i + 1}`], instance }));
    const dicomdir = makeDicomdir({
      files,
      mapRecords: (roots) => {
        const image = roots[0].children[0].children[0].children[1];
        image.elements = image.elements.filter((e) => e.tag !== TAG.InstanceNumber);
        return roots;
      },
    });
    row('./kept', { 'kept/DICOMDIR': dicomdir, 'kept/IMG/IM1': first.bytes, 'kept/IMG/IM2': second.bytes });
    const e = await buildError(buildBatch(draft, { date: DATE, validation: vopts, outDir: join(dir, 'refused') }));
    assert.equal(e.remedy, 'rebuild-dicomdir');
    assert.match(e.findings[0].message.en, /^The existing DICOMDIR has problems \(.*IMAGE @ \d+ Instance Number \(0020,0013\)\); build again with "rebuild DICOMDIR"/);
    const severities = { 'A14-dicomdir-keys': 'warning' as const };
    const s = await buildBatch(draft, { date: DATE, validation: { ...vopts, severities }, outDir: join(dir, 'warned') });
    assert.ok(s.rows[0].notes.some((n) => n.en.includes('existing DICOMDIR is kept')), JSON.stringify(s.rows[0].notes));
    const keys = s.warnings.filter((f) => f.ruleId === 'A14-dicomdir-keys');
    assert.equal(keys.length, 1, JSON.stringify(s.warnings.map((f) => f.ruleId)));
    assert.match(keys[0].message.en, /IMAGE @ \d+ Instance Number \(0020,0013\)/);
  });

  it('rebuilds a DICOMDIR whose File IDs name a Windows device (IMG\\CON, IMG\\AUX): the archive unpacks on Windows', async () => {
    const set = cd([['IMG', 'CON'], ['IMG', 'AUX'], ['IMG', 'IM3']]);
    row('./kept', { 'kept/DICOMDIR': set.dicomdir, 'kept/IMG/CON': set.instances[0], 'kept/IMG/AUX': set.instances[1], 'kept/IMG/IM3': set.instances[2] });
    const s = await buildBatch(draft, { date: DATE, validation: vopts });
    assert.ok(s.rows[0].notes.some((n) => n.en === 'DICOMDIR rebuilt: the existing DICOMDIR\'s File ID IMG\\CON holds CON, a name Windows keeps for a device, so the archive could not be unpacked there; File IDs are now DICOM\\PA000001\\…'), JSON.stringify(s.rows[0].notes));
    const { entries, records } = await builtRecords(s.rows[0].archivePath);
    assert.deepEqual(entries.sort(), ['DICOM/PA000001/ST000001/SE000001/IM000001', 'DICOM/PA000001/ST000001/SE000001/IM000002', 'DICOM/PA000001/ST000001/SE000001/IM000003', 'DICOMDIR']);
    assert.equal(records.filter((r) => r.string('x00041430') === 'IMAGE').length, 3);
  });

  it('rebuilds a DICOMDIR made before its files were converted (gdcmgendir, then gdcmconv): its records name the old transfer syntax', async () => {
    const spec = { transferSyntax: TS.DeflatedExplicitVRLittleEndian, studyDate: '20251125', birthDate: '19300101' };
    const first = makeInstance(spec);
    const second = makeInstance({ ...spec, studyUid: first.studyUid, seriesUid: first.seriesUid, instanceNumber: 2 });
    // The records say Explicit VR Little Endian, as they did when the DICOMDIR was made.
    const files = [first, second].map((instance, i) => ({ fileId: ['IMG', `IM${i + 1}`], instance: { ...instance, transferSyntax: TS.ExplicitVRLittleEndian } }));
    row('./kept', { 'kept/DICOMDIR': makeDicomdir({ files }), 'kept/IMG/IM1': first.bytes, 'kept/IMG/IM2': second.bytes });
    const s = await buildBatch(draft, { date: DATE, validation: vopts });
    assert.ok(
      s.rows[0].notes.some((n) => n.en === `DICOMDIR rebuilt: the existing DICOMDIR's records disagree with the files (IMG\\IM1: Transfer Syntax ${TS.ExplicitVRLittleEndian} ≠ ${TS.DeflatedExplicitVRLittleEndian}), as when the files were converted or edited after it was made`),
      JSON.stringify(s.rows[0].notes),
    );
    assert.ok(s.rows[0].notes.some((n) => n['zh-TW'].startsWith('已重建 DICOMDIR：既有 DICOMDIR 的紀錄與檔案不符（IMG\\IM1: Transfer Syntax')));
    const { records } = await builtRecords(s.rows[0].archivePath);
    const syntaxes = records.filter((r) => r.string('x00041430') === 'IMAGE').map((r) => r.string('x00041512'));
    assert.deepEqual(syntaxes, [TS.DeflatedExplicitVRLittleEndian, TS.DeflatedExplicitVRLittleEndian]);
    assert.deepEqual(s.warnings.map((f) => `${f.ruleId}: ${f.message.en}`), [], 'the check of the batch finds no mismatch');
  });

  it('rebuilds a DICOMDIR that does not list every DICOM file of the row: a file added to its folder, or another source', async () => {
    const set = cd([['IMAGES', 'IM1']]);
    row('./kept', { 'kept/DICOMDIR': set.dicomdir, 'kept/IMAGES/IM1': set.instances[0], 'kept/later.dcm': set.extra });
    const s = await buildBatch(draft, { date: DATE, validation: vopts, outDir: join(dir, 'o1') });
    assert.ok(s.rows[0].notes.some((n) => /^DICOMDIR rebuilt: the existing DICOMDIR does not list 1 DICOM file of the row \(e\.g\. .*later\.dcm\)/.test(n.en)), JSON.stringify(s.rows[0].notes));
    const { entries, records } = await builtRecords(s.rows[0].archivePath);
    assert.equal(entries.length, 3);
    assert.equal(records.filter((r) => r.string('x00041430') === 'IMAGE').length, 2);

    rmSync(join(dir, 'kept', 'later.dcm'));
    row('./kept;./more', { 'more/second.dcm': set.extra });
    const t = await buildBatch(draft, { date: DATE, validation: vopts, outDir: join(dir, 'o2') });
    assert.ok(t.rows[0].notes.some((n) => n.en.includes('does not list 1 DICOM file of') && n.en.includes('second.dcm')));
    assert.equal((await builtRecords(t.rows[0].archivePath)).entries.length, 3);
  });

  it('recognises DICOMDIRs in subfolders, by name or by SOP class, leaves them out of the instances and rebuilds the row\'s DICOMDIR', async () => {
    const a = cd([['IMAGES', 'IM1']]);
    const b = cd([['IMAGES', 'IM1']]);
    row('./cds', { 'cds/disc1/DICOMDIR': a.dicomdir, 'cds/disc1/IMAGES/IM1': a.instances[0] });
    const s = await buildBatch(draft, { date: DATE, validation: vopts, outDir: join(dir, 'o1') });
    assert.ok(s.rows[0].notes.some((n) => /^DICOMDIR rebuilt: the DICOMDIR is in a subfolder \(.*disc1.DICOMDIR\)/.test(n.en)), JSON.stringify(s.rows[0].notes));
    assert.deepEqual((await builtRecords(s.rows[0].archivePath)).entries.sort(), ['DICOM/PA000001/ST000001/SE000001/IM000001', 'DICOMDIR']);

    row('./cds', { 'cds/disc2/dir.dcm': b.dicomdir, 'cds/disc2/IMAGES/IM1': b.instances[0] });
    for (const rebuildDicomdir of [false, true]) {
      const t = await buildBatch(draft, { date: DATE, validation: vopts, outDir: join(dir, `o2${rebuildDicomdir}`), rebuildDicomdir });
      assert.ok(t.rows[0].notes.some((n) => n.en.startsWith(rebuildDicomdir ? 'DICOMDIR rebuilt' : 'DICOMDIR rebuilt: the row holds 2 DICOMDIRs')), JSON.stringify(t.rows[0].notes));
      assert.equal((await builtRecords(t.rows[0].archivePath)).records.filter((r) => r.string('x00041430') === 'IMAGE').length, 2);
    }
  });
});
