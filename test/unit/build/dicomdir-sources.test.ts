// The builder's DICOMDIR from sources of other software: empty or invalid record keys, character sets,
// and DICOMDIRs already in the draft folders.
import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as dicomParser from 'dicom-parser';
import { buildBatch, BuildError } from '../../../server/src/core/build/batch';
import { openArchive } from '../../../server/src/core/archive/open';
import { readDicomdir } from '../../../server/src/core/dicom/dicomdir';
import { TAG } from '../../../server/src/core/dicom/tags';
import type { DicomElement } from '../../../server/src/core/dicom/encode';
import { scanDicomHeader } from '../../../server/src/core/dicom/dicomdir-build-scan';
import { buildDicomdir, planDirectory } from '../../../server/src/core/dicom/dicomdir-build';
import { writeSampleDraft, SAMPLE_ROWS } from '../../../samples/draft/generate';
import { makeInstance } from '../../fixtures/dicom';

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
    assert.match(message.en, /dcmodify -i "\(0010,0020\)=…"\), then build again \(1 more file\(s\) have such problems\)$/);
    assert.match(message['zh-TW'], /img002\.dcm：PATIENT Patient ID \(0010,0020\) 空白；STUDY Study Date \(0008,0020\) 的值「1997\.04\.24」不符合 DA 格式/);
    assert.equal(existsSync(join(dir, '.nhi-imaging', 'ledger.jsonl')), false, 'nothing reserved');
    assert.equal(existsSync(join(dir, 'upload')), false, 'nothing written');
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
});
