import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as dicomParser from 'dicom-parser';
import { makeInstance, newUid } from '../../fixtures/dicom';
import { scanDicomHeader, DicomScanError } from '../../../server/src/core/dicom/dicomdir-build-scan';
import { buildDicomdir, planDirectory } from '../../../server/src/core/dicom/dicomdir-build';
import { isConformantFileId } from '../../../server/src/core/build/file-ids';

describe('DICOMDIR builder', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'dicomdir-build-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  async function writeInstances(specs: Parameters<typeof makeInstance>[0][]): Promise<Awaited<ReturnType<typeof scanDicomHeader>>[]> {
    const out = [];
    for (const [i, spec] of specs.entries()) {
      const p = join(dir, `f${Math.random().toString(36).slice(2)}-${i}.dcm`);
      writeFileSync(p, makeInstance(spec).bytes);
      out.push(await scanDicomHeader(p));
    }
    return out;
  }

  it('reads the attributes a directory records from the header', async () => {
    const [info] = await writeInstances([{ modality: 'MR', rows: 256, columns: 192, patientId: 'P1', instanceNumber: 7 }]);
    assert.equal(info.modality, 'MR');
    assert.equal(info.rows, 256);
    assert.equal(info.columns, 192);
    assert.equal(info.patientId, 'P1');
    assert.equal(info.instanceNumber, '7');
    assert.equal(info.transferSyntaxUid, '1.2.840.10008.1.2.1');
  });

  it('reads a key of one value (VM 1) that holds several, or a name too long for PN, as invalid: left out, numbered, or the file refused', async () => {
    const [info] = await writeInstances([{
      extra: [
        { tag: 0x00080050, vr: 'SH', value: '1\\2' }, // Accession Number
        { tag: 0x00081030, vr: 'LO', value: 'HEAD\\NECK' }, // Study Description
        { tag: 0x00200011, vr: 'IS', value: '1\\2' }, // Series Number
        { tag: 0x00200013, vr: 'IS', value: '3\\4' }, // Instance Number
        { tag: 0x00100010, vr: 'PN', value: 'X'.repeat(70) }, // Patient's Name
      ],
    }]);
    assert.equal(info.accessionNumber, '');
    assert.equal(info.studyDescription, '');
    assert.equal(info.seriesNumber, '');
    assert.equal(info.instanceNumber, '');
    assert.equal(info.patientName, '');
    assert.deepEqual(info.keyProblems, []);
    const [two] = await writeInstances([{ patientId: 'A\\B', extra: [{ tag: 0x00080060, vr: 'CS', value: 'CT\\MR' }] }]);
    assert.deepEqual(two.keyProblems.map((k) => [k.name, k.value]), [['Patient ID', 'A\\B'], ['Modality', 'CT\\MR']]);
  });

  it('rejects a file without the Part 10 header with a typed error', async () => {
    const p = join(dir, 'raw.dcm');
    writeFileSync(p, makeInstance({ noPart10Header: true }).bytes);
    await assert.rejects(scanDicomHeader(p), DicomScanError);
    const junk = join(dir, 'junk.dcm');
    writeFileSync(junk, Buffer.from('not dicom at all'));
    await assert.rejects(scanDicomHeader(junk), DicomScanError);
  });

  it('says why a header cannot be read in both languages: a missing file, a missing UID, what the check\'s reader found', async () => {
    const why = async (p: string) => {
      const e = await scanDicomHeader(p).then(() => assert.fail('read'), (err: unknown) => err);
      assert.ok(e instanceof DicomScanError);
      return e.why;
    };
    assert.deepEqual(await why(join(dir, 'gone.dcm')), { 'zh-TW': '檔案不存在', en: 'no such file' });
    const noSeries = join(dir, 'no-series.dcm');
    writeFileSync(noSeries, makeInstance({ seriesUid: '' }).bytes);
    // In the words of the batch's check (A14-dicom-attribute).
    const missing = await why(noSeries);
    assert.equal(missing.en, 'Series Instance UID (0020,000E) is absent or empty: a Type 1 attribute of the General Series module (PS3.3 C.7.3.1), which needs a value');
    assert.equal(missing['zh-TW'], 'Series Instance UID (0020,000E) 缺少或沒有值：General Series 模組（PS3.3 C.7.3.1）的 Type 1 屬性，必須有值');
    const junk = join(dir, 'junk2.dcm');
    writeFileSync(junk, Buffer.from('not dicom at all'));
    assert.deepEqual(await why(junk), { 'zh-TW': '不是 DICOM 檔案（沒有「DICM」標記，也不像 DICOM 資料集）', en: 'not a DICOM file (no "DICM" marker and no DICOM data set at the start)' });
    // The parser's failure explained, its English text left out.
    const cut = join(dir, 'cut.dcm');
    const whole = Buffer.from(makeInstance().bytes);
    // Cut inside the header of Rows (0028,0010), after its tag.
    writeFileSync(cut, whole.subarray(0, whole.indexOf(Buffer.from([0x28, 0x00, 0x10, 0x00, 0x55, 0x53]), 132) + 4));
    const failure = await why(cut);
    assert.match(failure.en, /^the DICOM file is truncated or corrupt, after \(\w{4},\w{4}\): an element or item declares more bytes than follow it$/);
    assert.match(failure['zh-TW'], /^DICOM 檔案不完整或毀損，在 \(\w{4},\w{4}\) 之後：某個元素或項目宣告的長度超過其後的資料$/);
  });

  it('groups patients, studies, series, images and assigns conformant unique File IDs', async () => {
    const studyA = newUid();
    const seriesA1 = newUid();
    const seriesA2 = newUid();
    const studyB = newUid();
    const infos = await writeInstances([
      { patientId: 'P1', studyUid: studyA, seriesUid: seriesA2, seriesNumber: 2, instanceNumber: 2 },
      { patientId: 'P1', studyUid: studyA, seriesUid: seriesA1, seriesNumber: 1, instanceNumber: 10 },
      { patientId: 'P1', studyUid: studyA, seriesUid: seriesA1, seriesNumber: 1, instanceNumber: 9 },
      { patientId: 'P2', studyUid: studyB },
    ]);
    const { patients, duplicates } = planDirectory(infos);
    assert.equal(duplicates.length, 0);
    assert.deepEqual(patients.map((p) => p.patientId), ['P1', 'P2']);
    const series = patients[0].studies[0].series;
    assert.deepEqual(series.map((s) => s.seriesUid), [seriesA1, seriesA2]);
    assert.deepEqual(series[0].images.map((i) => i.instance.instanceNumber), ['9', '10']);
    const ids = patients.flatMap((p) => p.studies.flatMap((s) => s.series.flatMap((se) => se.images.map((i) => i.fileId.join('\\')))));
    assert.equal(new Set(ids).size, 4);
    for (const id of ids) assert.ok(isConformantFileId(id.split('\\')), id);
    assert.equal(ids[0], 'DICOM\\PA000001\\ST000001\\SE000001\\IM000001');
    assert.equal(ids[3], 'DICOM\\PA000002\\ST000001\\SE000001\\IM000001');
  });

  it('keeps one of two files with the same SOP Instance UID', async () => {
    const uid = newUid();
    const infos = await writeInstances([{ instanceUid: uid }, { instanceUid: uid }]);
    const { patients, duplicates } = planDirectory(infos);
    assert.equal(duplicates.length, 1);
    assert.equal(patients[0].studies[0].series[0].images.length, 1);
  });

  it('writes records whose offsets point at the right items', async () => {
    const study = newUid();
    const s1 = newUid();
    const s2 = newUid();
    const infos = await writeInstances([
      { patientId: 'P1', studyUid: study, seriesUid: s1, instanceNumber: 1 },
      { patientId: 'P1', studyUid: study, seriesUid: s1, instanceNumber: 2 },
      { patientId: 'P1', studyUid: study, seriesUid: s2, seriesNumber: 2 },
      { patientId: 'P2', modality: 'MR' },
    ]);
    const { patients } = planDirectory(infos);
    const bytes = buildDicomdir(patients, { fileSetId: 'NHI' });
    const ds = dicomParser.parseDicom(bytes);
    assert.equal(ds.string('x00020002'), '1.2.840.10008.1.3.10');
    assert.equal(ds.string('x00020010'), '1.2.840.10008.1.2.1');
    const items = ds.elements.x00041220.items!;
    assert.equal(items.length, 2 + 2 + 3 + 4);
    const byOffset = new Map(items.map((it) => [it.dataOffset - 8, it.dataSet!]));
    const type = (o: number): string => byOffset.get(o)!.string('x00041430')!;
    const walk = (offset: number, depth: number): string[] => {
      const out: string[] = [];
      for (let o = offset; o !== 0; o = byOffset.get(o)!.uint32('x00041400')!) {
        assert.ok(byOffset.has(o), `offset ${o} is an item`);
        const rec = byOffset.get(o)!;
        out.push(`${'  '.repeat(depth)}${type(o)}${type(o) === 'IMAGE' ? ' ' + rec.string('x00041500') : ''}`);
        const lower = rec.uint32('x00041420')!;
        if (lower) out.push(...walk(lower, depth + 1));
      }
      return out;
    };
    const first = ds.uint32('x00041200')!;
    const last = ds.uint32('x00041202')!;
    assert.equal(type(last), 'PATIENT');
    assert.equal(byOffset.get(last)!.string('x00100020'), 'P2');
    assert.deepEqual(walk(first, 0), [
      'PATIENT',
      '  STUDY',
      '    SERIES',
      '      IMAGE DICOM\\PA000001\\ST000001\\SE000001\\IM000001',
      '      IMAGE DICOM\\PA000001\\ST000001\\SE000001\\IM000002',
      '    SERIES',
      '      IMAGE DICOM\\PA000001\\ST000001\\SE000002\\IM000001',
      'PATIENT',
      '  STUDY',
      '    SERIES',
      '      IMAGE DICOM\\PA000002\\ST000001\\SE000001\\IM000001',
    ]);
    const mrImage = items.find((it) => it.dataSet!.string('x00041500')?.includes('PA000002'))!.dataSet!;
    assert.equal(mrImage.string('x00041510'), '1.2.840.10008.5.1.4.1.1.4');
    assert.equal(mrImage.string('x00041511'), infos[3].sopInstanceUid);
  });

  it('writes non-ASCII names in UTF-8 with ISO_IR 192', async () => {
    const infos = await writeInstances([{ patientName: 'ABC' }]);
    infos[0].patientName = '王^大明';
    const bytes = buildDicomdir(planDirectory(infos).patients);
    const ds = dicomParser.parseDicom(bytes);
    const patient = ds.elements.x00041220.items![0].dataSet!;
    assert.equal(patient.string('x00080005'), 'ISO_IR 192');
    const el = patient.elements.x00100010;
    assert.equal(Buffer.from(bytes.subarray(el.dataOffset, el.dataOffset + el.length)).toString('utf8').trimEnd(), '王^大明');
  });
});
