import { strict as assert } from 'node:assert';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync, mkdirSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { buildBatch, BuildError } from '../../../server/src/core/build/batch';
import { resendRows } from '../../../server/src/core/build/resend';
import { readLedger } from '../../../server/src/core/build/ledger';
import { checkAgainstLedger, checkDraftRows } from '../../../server/src/core/build/draft-check';
import { publishText, OutputExistsError } from '../../../server/src/core/build/output';
import { openArchive } from '../../../server/src/core/archive/open';
import { checkLinkedArchives } from '../../../server/src/core/archive/check';
import { readDicomdir } from '../../../server/src/core/dicom/dicomdir';
import { validateText } from '../../../server/src/core/validate';
import { defaultOptions } from '../../../server/src/core/options';
import { parseCsv } from '../../../server/src/core/csv/parse';
import { writeSampleDraft, SAMPLE_ROWS, sampleDraftText } from '../../../samples/draft/generate';
import { makeJpeg } from '../../fixtures/jpeg';
import { makeInstance } from '../../fixtures/dicom';
import { makeSr } from '../dicom/non-image-objects';
import { readDicomHeader } from '../../../server/src/core/dicom/read';
import { TAG } from '../../../server/src/core/dicom/tags';

const DATE = '20261125';
// The batches are dated DATE and, re-sent, 20261126: checked at noon of the later day, no CSV is named after today (FILE-name-date-future).
const NOW = Date.parse('2026-11-26T12:00:00+08:00');
const vopts = { now: NOW };

function names(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).sort() : [];
}

async function expectBuildError(p: Promise<unknown>, reason: string): Promise<BuildError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof BuildError, String(e));
    assert.equal(e.reason, reason, `${e.reason}: ${e.message} ${JSON.stringify(e.findings.map((f) => f.message.en))}`);
    return e;
  }
  assert.fail('the build should have failed');
}

/** Unpacks an archive into a folder, as a draft folder that has a DICOMDIR of its own. */
async function unpack(archivePath: string, folder: string): Promise<void> {
  const reader = await openArchive(archivePath);
  try {
    for (const e of reader.entries()) {
      if (e.isDirectory) continue;
      mkdirSync(join(folder, ...e.name.split('/').slice(0, -1)), { recursive: true });
      writeFileSync(join(folder, ...e.name.split('/')), await reader.readEntry(e));
    }
  } finally {
    await reader.close();
  }
}

describe('buildBatch', function () {
  this.timeout(60_000);
  let dir: string;
  let draft: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'build-'));
    draft = writeSampleDraft(dir);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** The first sample row's draft, its first DICOM file's Bits Stored (0028,0101) changed from 8. */
  function sampleDraftWithBitsStored(value: number): string {
    const path = writeSampleDraft(dir, [SAMPLE_ROWS[0]]);
    const file = join(dir, 'ct1', 'img001.dcm');
    const bytes = readFileSync(file);
    const at = bytes.indexOf(Buffer.from([0x28, 0x00, 0x01, 0x01, 0x55, 0x53, 0x02, 0x00]), 132);
    bytes.writeUInt16LE(value, at + 8);
    writeFileSync(file, bytes);
    return path;
  }

  it('writes the batch CSV with CRLF line ends, as Windows programs write them, from a draft saved with LF or lone CRs', async () => {
    for (const eol of ['\n', '\r']) {
      writeFileSync(draft, readFileSync(draft, 'utf8').replace(/\r\n/g, eol));
      const s = await buildBatch(draft, { date: DATE, validation: vopts, outDir: join(dir, `upload-${eol === '\n' ? 'lf' : 'cr'}`) });
      const text = readFileSync(s.csvPath, 'utf8');
      assert.equal(text.split('\r\n').length, SAMPLE_ROWS.length + 1, JSON.stringify(text.slice(0, 300)));
      assert.doesNotMatch(text, /\r(?!\n)|(?<!\r)\n/, 'no line break but CRLF');
    }
  });

  it('counts the draft\'s rows in the progress it reads them with: "1 row", not "1 rows"', async () => {
    const said: string[] = [];
    await buildBatch(writeSampleDraft(dir, [SAMPLE_ROWS[0]]), { date: DATE, validation: vopts, onProgress: (pr) => pr.phase === 'read' && said.push(pr.message.en) });
    assert.equal(said[0], 'Read the draft: 1 row');
  });

  it('turns the sample draft into a batch that passes the CSV rules, with a DICOMDIR naming every file', async () => {
    const s = await buildBatch(draft, { date: DATE, validation: vopts });
    assert.equal(s.csvName, `3501200000_${DATE}_001.csv`);
    assert.equal(s.rows.length, SAMPLE_ROWS.length);
    const text = readFileSync(s.csvPath, 'utf8');
    const { findings } = validateText(text, defaultOptions({ ...vopts, fileName: s.csvName }));
    assert.deepEqual(findings.filter((f) => f.severity === 'error' || f.severity === 'warning'), []);
    const rows = parseCsv(text).rows;
    assert.equal(rows[0].cells[13].value, `DCF3501200000_${s.rows[0].caseNumber}.7z`);
    assert.equal(rows[2].cells[13].value, `ATT3501200000_${s.rows[2].caseNumber}.7z`, 'JPG row of a JPG order → ATT');
    assert.match(s.rows[0].caseNumber, /^[A-Z0-9]{12}$/);
    assert.equal(new Set(s.rows.map((r) => r.caseNumber)).size, s.rows.length);
    // every field but 14 is the draft's text
    const draftRows = parseCsv(readFileSync(draft, 'utf8')).rows;
    rows.forEach((r, i) => r.cells.forEach((c, f) => f !== 13 && assert.equal(c.raw, draftRows[i].cells[f].raw)));
    assert.ok(text.endsWith('\r\n'), 'CRLF line ends');

    const reader = await openArchive(s.rows[0].archivePath);
    try {
      const entries = reader.entries();
      const dicomdir = readDicomdir(await reader.readEntry(entries.find((e) => e.name === 'DICOMDIR')!));
      assert.deepEqual(dicomdir.problems.filter((p) => p.severity === 'error'), []);
      const ids = dicomdir.instances.map((r) => r.fileId!.join('/')).sort();
      const files = entries.filter((e) => e.name !== 'DICOMDIR' && !e.isDirectory).map((e) => e.name).sort();
      assert.deepEqual(ids, files);
      assert.equal(ids.length, 4);
      assert.equal((await reader.verify()).ok, true);
    } finally {
      await reader.close();
    }
    const ledger = await readLedger(s.ledgerPath);
    assert.equal(s.ledgerPath, join(dir, '.nhi-imaging', 'ledger.jsonl'));
    assert.equal(ledger.rows.length, 4);
    assert.deepEqual(ledger.rows.map((r) => r.text), rows.map((r) => r.text));
    assert.equal(ledger.batches.length, 1);
    assert.ok(s.earliestDeadline! > 0);
    // sources only read: the draft folder is unchanged
    assert.deepEqual(names(join(dir, 'ct1')), ['img001.dcm', 'img002.dcm', 'img003.dcm', 'img004.dcm']);
    assert.equal(names(s.outDir).filter((n) => n.includes('partial') || n.startsWith('.nhi-build')).length, 0);
  });

  it('continues the sequence and never reuses a case number across builds; warns about rows built and sent before', async () => {
    const a = await buildBatch(draft, { date: DATE, validation: vopts });
    assert.deepEqual(a.warnings, []);
    const b = await buildBatch(draft, { date: DATE, validation: vopts, outDir: join(dir, 'second') });
    assert.deepEqual(b.warnings.map((f) => [f.row, f.ruleId]), a.rows.map((r) => [r.row, 'LEDGER-already-sent']));
    assert.equal(b.csvName, `3501200000_${DATE}_002.csv`);
    const all = [...a.rows, ...b.rows].map((r) => r.caseNumber);
    assert.equal(new Set(all).size, all.length);
  });

  it('skips sequence numbers of CSVs already in the output folder and never overwrites', async () => {
    const out = join(dir, 'upload');
    mkdirSync(out);
    writeFileSync(join(out, `3501200000_${DATE}_001.csv`), 'someone else\'s');
    const s = await buildBatch(draft, { date: DATE, validation: vopts });
    assert.equal(s.csvName, `3501200000_${DATE}_002.csv`);
    assert.equal(readFileSync(join(out, `3501200000_${DATE}_001.csv`), 'utf8'), 'someone else\'s');
    const taken = join(out, 'taken.csv');
    writeFileSync(taken, 'x');
    await assert.rejects(publishText(taken, 'y'), OutputExistsError);
    assert.equal(readFileSync(taken, 'utf8'), 'x');
  });

  it('writes CAB archives when asked', async () => {
    const s = await buildBatch(draft, { date: DATE, validation: vopts, format: 'cab' });
    assert.ok(s.rows.every((r) => r.archivePath.endsWith('.CAB')));
    const reader = await openArchive(s.rows[0].archivePath);
    assert.equal(reader.kind, 'cab');
    assert.equal((await reader.verify()).ok, true);
    await reader.close();
  });

  it('leaves no output when cancelled, and the reserved case numbers stay used', async () => {
    const controller = new AbortController();
    const p = buildBatch(draft, {
      date: DATE,
      validation: vopts,
      signal: controller.signal,
      onProgress: (pr) => pr.phase === 'pack' && controller.abort(),
    });
    await expectBuildError(p, 'cancelled');
    assert.deepEqual(names(join(dir, 'upload')), []);
    const ledger = await readLedger(join(dir, '.nhi-imaging', 'ledger.jsonl'));
    const reserved = ledger.cases.get('3501200000')!;
    assert.equal(reserved.size, 4);
    assert.equal(ledger.rows.length, 0);
    const s = await buildBatch(draft, { date: DATE, validation: vopts });
    for (const r of s.rows) assert.ok(!reserved.has(r.caseNumber));
    assert.equal(s.csvName, `3501200000_${DATE}_002.csv`);
  });

  it('reports image problems before packing and stops or goes on as decided', async () => {
    writeSampleDraft(dir, [{ fixture: 0, folder: 'small', images: [{ modality: 'MR', rows: 256, columns: 256, series: 1 }] }]);
    const small = join(dir, 'draft.csv');
    let asked = 0;
    const e = await expectBuildError(buildBatch(small, { date: DATE, validation: vopts, onDecision: (ps) => (asked = ps.length, 'stop') }), 'stopped');
    assert.equal(asked, 2, 'size below 512x512 and modality MR for a CT order');
    assert.equal(e.bilingual.en, '2 image problems (size or modality); the build stopped');
    assert.ok(e.findings.some((f) => f.message.en.includes('256x256 is below the minimum 512x512')));
    assert.deepEqual(names(join(dir, 'upload')), []);
    assert.equal(existsSync(join(dir, '.nhi-imaging', 'ledger.jsonl')), false, 'nothing reserved before the decision');
    await expectBuildError(buildBatch(small, { date: DATE, validation: vopts }), 'stopped');
    const s = await buildBatch(small, { date: DATE, validation: vopts, onDecision: () => 'continue' });
    assert.equal(s.rows.length, 1);
    assert.equal(s.warnings.length, 2);
  });

  it('packs a CT dose report (SR) with the CT images without asking: its Modality SR is not an image problem', async () => {
    const draft = writeSampleDraft(dir, [SAMPLE_ROWS[0]]);
    const ctFile = join(dir, 'ct1', readdirSync(join(dir, 'ct1')).find((n) => n.endsWith('.dcm'))!);
    const ct = readDicomHeader(readFileSync(ctFile)).header!;
    writeFileSync(join(dir, 'ct1', 'dose.dcm'), makeSr({ studyUid: ct.studyInstanceUid!, patientId: ct.patientId, studyDate: ct.studyDate, birthDate: ct.patientBirthDate, seriesNumber: 99 }));
    let asked = 0;
    const s = await buildBatch(draft, { date: DATE, validation: vopts, onDecision: (ps) => ((asked = ps.length), 'stop') });
    assert.equal(asked, 0);
    assert.deepEqual(s.warnings, []);
    const reader = await openArchive(s.rows[0].archivePath);
    try {
      const dicomdir = readDicomdir(await reader.readEntry(reader.entries().find((e) => e.name === 'DICOMDIR')!));
      assert.deepEqual(dicomdir.instances.map((r) => r.type).sort(), ['IMAGE', 'IMAGE', 'IMAGE', 'IMAGE', 'SR DOCUMENT']);
    } finally {
      await reader.close();
    }
  });

  it('says why a DICOM header cannot be read in Traditional Chinese alone, without the parser\'s English text', async () => {
    const draft = writeSampleDraft(dir, [SAMPLE_ROWS[0]]);
    const file = join(dir, 'ct1', 'img001.dcm');
    const bytes = readFileSync(file);
    // (0002,0010) Transfer Syntax UID renamed (0002,0011): the meta group lacks it.
    bytes[bytes.indexOf(Buffer.from([0x02, 0x00, 0x10, 0x00]), 132) + 2] = 0x11;
    writeFileSync(file, bytes);
    const e = await expectBuildError(buildBatch(draft, { date: DATE, validation: vopts }), 'images');
    // In the words of the batch's check (meta-incomplete, A14-dicom-part10).
    assert.deepEqual(e.findings.map((f) => f.message), [{
      'zh-TW': `${file}：Part 10 檔頭缺少 (0002,0010) Transfer Syntax UID，無法判讀。請從 PACS 或影像設備重新匯出後再建置`,
      en: `${file}: the Part 10 meta group lacks (0002,0010) Transfer Syntax UID; the file cannot be read. Export it again from the PACS or the modality, then build again`,
    }]);
  });

  it('refuses a DICOM file without Study Instance UID when planning: nothing packed, the ledger untouched, the file and the attribute named', async () => {
    const first = await buildBatch(writeSampleDraft(dir, [SAMPLE_ROWS[1]]), { date: DATE, validation: vopts });
    const ledger = readFileSync(first.ledgerPath);
    const output = names(join(dir, 'upload'));
    const draft = writeSampleDraft(dir, [SAMPLE_ROWS[0]]);
    const file = join(dir, 'ct1', 'img001.dcm');
    writeFileSync(file, makeInstance({ omit: [TAG.StudyInstanceUID] }).bytes);
    const e = await expectBuildError(buildBatch(draft, { date: DATE, validation: vopts }), 'images');
    assert.deepEqual(e.findings.map((f) => [f.ruleId, f.row, f.message.en.split(': ').slice(0, 2).join(': ')]), [['BUILD', 0, `${file}: Study Instance UID (0020,000D) is absent or empty`]]);
    assert.match(e.findings[0].message['zh-TW'], /img001\.dcm：Study Instance UID \(0020,000D\) 缺少或沒有值/);
    assert.deepEqual(names(join(dir, 'upload')), output);
    assert.deepEqual(readFileSync(first.ledgerPath), ledger);
  });

  it('builds a DICOM file whose attributes draw only a warning, which the build\'s warnings give (A14-dicom-attribute-minor)', async () => {
    // Bits Stored (0028,0101) 8 → 6: High Bit 7 sits above Bits Stored − 1, within Bits Allocated.
    const draft = sampleDraftWithBitsStored(6);
    const s = await buildBatch(draft, { date: DATE, validation: vopts });
    assert.deepEqual(s.warnings.map((w) => [w.ruleId, w.severity]), [['A14-dicom-attribute-minor', 'warning']]);
    // Said by the check of the built batch, of the archive entry the file became.
    assert.match(s.warnings[0].message.en, /^DCF\w+\.7z: DICOM\/PA000001\/ST000001\/SE000001\/IM\d+: High Bit \(0028,0102\) 7, Bits Stored \(0028,0101\) 6/);
  });

  it('builds a DICOM file with an A14-dicom-attribute error the user made a warning: not refused when planning, said once among the build\'s warnings', async () => {
    // Bits Stored (0028,0101) 8 → 9: above Bits Allocated 8, an error of the Image Pixel module the DICOMDIR does not need.
    const draft = sampleDraftWithBitsStored(9);
    const e = await expectBuildError(buildBatch(draft, { date: DATE, validation: vopts }), 'images');
    assert.match(e.findings[0].message.en, /img001\.dcm: Bits Stored \(0028,0101\) 9, Bits Allocated \(0028,0100\) 8/);
    const s = await buildBatch(draft, { date: DATE, validation: { ...vopts, severities: { 'A14-dicom-attribute': 'warning' } } });
    assert.deepEqual(s.warnings.map((w) => [w.ruleId, w.severity]), [['A14-dicom-attribute', 'warning']]);
    assert.match(s.warnings[0].message.en, /^DCF\w+\.7z: DICOM\/PA000001\/ST000001\/SE000001\/IM\d+: Bits Stored \(0028,0101\) 9, Bits Allocated \(0028,0100\) 8/);
  });

  it('re-sends a row whose archive is gone, rebuilding it from source DICOM with an A14-dicom-attribute error by the severities it is given', async () => {
    const draft = sampleDraftWithBitsStored(9);
    const severities = { 'A14-dicom-attribute': 'warning' as const };
    const s = await buildBatch(draft, { date: DATE, validation: { ...vopts, severities } });
    unlinkSync(s.rows[0].archivePath);
    const resend = (given: typeof severities | undefined, outDir: string) =>
      resendRows({ ledgerPath: s.ledgerPath, rows: [s.rows[0].caseNumber], outDir: join(dir, outDir), date: '20261126', validation: { ...vopts, severities: given } });
    // Refused as a build refuses the images (exit 1 on the command line), not as a failure to read or write.
    const e = await expectBuildError(resend(undefined, 'resend-default'), 'images');
    assert.match(e.message, new RegExp(`^The archive sent for case ${s.rows[0].caseNumber} changed or is gone, and its source images cannot be packed again \\(1 image error\\); nothing was re-sent$`));
    assert.deepEqual(e.findings.map((f) => [f.ruleId, f.severity, f.row]), [['BUILD', 'error', null]]);
    assert.match(e.findings[0].message.en, new RegExp(`^case ${s.rows[0].caseNumber}: .*img001\\.dcm: Bits Stored \\(0028,0101\\) 9, Bits Allocated \\(0028,0100\\) 8`));
    const r = await resend(severities, 'resend');
    assert.equal(r.rows[0].reused, false, 'rebuilt from the sources');
    assert.deepEqual(r.warnings.map((w) => [w.ruleId, w.severity]), [['A14-dicom-attribute', 'warning']]);
  });

  it('refuses JPG for an order that needs DICOM, missing folders, folders without images', async () => {
    mkdirSync(join(dir, 'jpg'));
    writeFileSync(join(dir, 'jpg', 'a.jpg'), makeJpeg({ width: 1400, height: 1400 }));
    mkdirSync(join(dir, 'empty'));
    writeFileSync(join(dir, 'empty', 'notes.txt'), 'no images here');
    writeFileSync(join(dir, 'us1', 'raw.dcm'), makeInstance({ modality: 'US', noPart10Header: true }).bytes);
    const text = sampleDraftText().split('\r\n');
    text[0] = text[0].replace('./ct1', './jpg');
    text[1] = text[1].replace('./mr1', './nowhere');
    text[2] = text[2].replace('./pano', './us1');
    text[3] = text[3].replace('./us1', './empty');
    writeFileSync(draft, text.join('\r\n'));
    const e = await expectBuildError(buildBatch(draft, { date: DATE, validation: vopts }), 'images');
    const byRow = (row: number): string[] => e.findings.filter((f) => f.row === row).map((f) => f.ruleId);
    assert.deepEqual(byRow(0), ['DRAFT-jpg-not-allowed']);
    assert.deepEqual(byRow(1), ['DRAFT-missing']);
    assert.deepEqual(byRow(2), ['DRAFT-no-part10']);
    assert.deepEqual(byRow(3), ['DRAFT-no-images']);
    // The refusal and the missing folder say what to do.
    assert.match(e.bilingual.en, /^4 image errors; nothing was built\. Correct the image paths in field 14 or the images of the rows listed and build again$/);
    assert.match(e.bilingual['zh-TW'], /^影像有 4 個錯誤，未建置；請依所列各列改正序號14 的影像路徑或影像後再建置$/);
    const missing = e.findings.find((f) => f.row === 1)!.message;
    assert.match(missing.en, /nowhere\. Correct the path in field 14, or put the row's images there$/);
    assert.match(missing['zh-TW'], /nowhere；請改正序號14 的路徑，或把此列的影像放到那裡$/);
    const lsp = await checkDraftRows(draft, parseCsv(text.join('\r\n')).rows, defaultOptions(vopts));
    assert.deepEqual(lsp.map((f) => `${f.row}:${f.ruleId}:${f.severity}`), ['0:DRAFT-jpg-not-allowed:error', '1:DRAFT-missing:error', '2:DRAFT-no-part10:error', '3:DRAFT-no-images:error']);
    assert.deepEqual(lsp.map((f) => f.field), [14, 14, 14, 14]);
  });

  it('a row given an archive of its images (a PACS export as ZIP, a 7z) instead of a folder says to unpack it', async () => {
    const draft = writeSampleDraft(dir, [SAMPLE_ROWS[0]]);
    writeFileSync(join(dir, 'exam.zip'), Buffer.concat([Buffer.from('504b0304', 'hex'), Buffer.alloc(60)]));
    mkdirSync(join(dir, 'export'));
    writeFileSync(join(dir, 'export', 'STUDY.7z'), Buffer.concat([Buffer.from('377abcaf271c', 'hex'), Buffer.alloc(60)]));
    for (const [source, listed] of [['./exam.zip', 'exam.zip (ZIP)'], ['./export', 'export/STUDY.7z (7Z)']]) {
      writeFileSync(draft, readFileSync(draft, 'utf8').replace(/,\.\/[^,]+,/, `,${source},`));
      const e = await expectBuildError(buildBatch(draft, { date: DATE, validation: vopts }), 'images');
      assert.deepEqual(e.findings.map((f) => f.ruleId), ['DRAFT-no-images'], source);
      const m = e.findings[0].message;
      assert.equal(m.en, `"${source}" holds no DICOM or JPEG images, only archives (${join(dir, listed)}): unpack them into a folder and give that folder in field 14`);
      assert.equal(m['zh-TW'], `「${source}」 內沒有 DICOM 或 JPEG 影像，只有壓縮檔（${join(dir, listed)}）；請先解壓縮到資料夾，再於序號14 填入該資料夾`);
    }
  });

  it('refuses an upload batch (every field 14 an archive name) as not a draft, with that one reason instead of one a row', async () => {
    const rows = sampleDraftText().split('\r\n').filter(Boolean);
    writeFileSync(draft, rows.map((line, i) => line.replace(/,\.\/[a-z0-9]+,/, `,DCF3501200000_C2611250000${i + 1}.7z,`)).join('\r\n') + '\r\n');
    const e = await expectBuildError(buildBatch(draft, { date: DATE, validation: vopts }), 'draft');
    assert.deepEqual(e.findings, []);
    assert.match(e.bilingual.en, /^Field 14 of every row names an archive: this is an upload batch, not a draft, and nothing was built\./);
    assert.match(e.bilingual['zh-TW'], /^此檔每列的序號14 都是影像壓縮檔名稱：這是已建置的上傳批次，不是草稿，未建置。/);
    assert.equal(existsSync(join(dir, 'upload')), false);
  });

  it('gives a draft row whose field 14 is empty one reason, that it needs a path, not also the CSV rules\' call for an archive name', async () => {
    const text = sampleDraftText().split('\r\n');
    text[0] = text[0].replace('./ct1', '');
    writeFileSync(draft, text.join('\r\n'));
    const e = await expectBuildError(buildBatch(draft, { date: DATE, validation: vopts }), 'draft');
    assert.deepEqual(e.findings.map((f) => [f.row, f.message.en]), [[0, 'Field 14 must be the path of the row\'s image folder or files (e.g. ./row1)']]);
    assert.match(e.bilingual.en, /^The draft has 1 error;/);
  });

  it('a draft whose first row names an archive: that row needs a path, and the rows naming folders are no upload rows to correct', async () => {
    const text = sampleDraftText().split('\r\n');
    text[0] = text[0].replace('./ct1', 'DCF3501200000_ABCDEFGHJKLM.7z');
    writeFileSync(draft, text.join('\r\n'));
    const e = await expectBuildError(buildBatch(draft, { date: DATE, validation: vopts }), 'draft');
    assert.deepEqual(e.findings.map((f) => [f.row, f.message.en]), [[0, 'Field 14 must be the path of the row\'s image folder or files (e.g. ./row1)']]);
  });

  it('refuses a draft with CSV errors or rows that already name an archive', async () => {
    const text = sampleDraftText().split('\r\n');
    text[1] = text[1].replace('./mr1', 'DCF3501200000_ABCDEFGHJKLM.7z');
    text[2] = text[2].replace(',01271C,', ',99999X,');
    writeFileSync(draft, text.join('\r\n'));
    const e = await expectBuildError(buildBatch(draft, { date: DATE, validation: vopts }), 'draft');
    assert.ok(e.findings.some((f) => f.row === 1 && f.message.en.includes('Field 14 must be the path')));
    assert.ok(e.findings.some((f) => f.row === 2 && f.field === 10));
    assert.match(e.bilingual.en, /^The draft has 2 errors; nothing was built\. Correct the rows listed in the draft and build again$/);
    assert.match(e.bilingual['zh-TW'], /^草稿有 2 個錯誤，未建置；請依所列各列改正草稿後再建置$/);
    assert.equal(existsSync(join(dir, 'upload')), false);
  });

  it('builds image folders named in Chinese, with spaces or full-width characters', async () => {
    const draft = writeSampleDraft(dir, [SAMPLE_ROWS[0]]);
    renameSync(join(dir, 'ct1'), join(dir, 'CT 影像　１'));
    writeFileSync(draft, readFileSync(draft, 'utf8').replace('./ct1', './CT 影像　１'));
    const s = await buildBatch(draft, { date: DATE, validation: vopts });
    assert.equal(s.rows.length, 1);
  });

  it('leaves out rows of only commas, as a spreadsheet saves them, with their warning', async () => {
    const draft = writeSampleDraft(dir, [SAMPLE_ROWS[0]]);
    writeFileSync(draft, readFileSync(draft, 'utf8') + ',,,,,,,,,,,,,,,,\r\n,,,,,,,,,,,,,,,,\r\n');
    const s = await buildBatch(draft, { date: DATE, validation: vopts });
    assert.equal(s.rows.length, 1);
    assert.equal(readFileSync(s.csvPath, 'utf8').split('\r\n').filter(Boolean).length, 1);
    assert.deepEqual(s.warnings.filter((w) => w.ruleId === 'ROW-empty').map((w) => w.row), [1, 2]);
  });

  it('builds a draft ending in an end-of-file mark (Ctrl-Z, as MS-DOS programs wrote) without taking the mark for a row', async () => {
    const draft = writeSampleDraft(dir, [SAMPLE_ROWS[0]]);
    writeFileSync(draft, readFileSync(draft, 'utf8') + '\u001a');
    const s = await buildBatch(draft, { date: DATE, validation: vopts });
    assert.equal(s.rows.length, 1);
    assert.equal(readFileSync(s.csvPath, 'utf8').split('\r\n').filter(Boolean).length, 1);
  });

  it('packs JPG files whose names hold Chinese, spaces or symbols under conforming names (四、(二)2)', async () => {
    const draft = writeSampleDraft(dir, [SAMPLE_ROWS[2]]);
    renameSync(join(dir, 'pano', 'pano1.jpg'), join(dir, 'pano', '牙齒 全口(右).jpg'));
    const s = await buildBatch(draft, { date: DATE, validation: vopts });
    const reader = await openArchive(s.rows[0].archivePath);
    try {
      assert.deepEqual(reader.entries().map((e) => e.name), ['01271C_001.jpg']);
    } finally {
      await reader.close();
    }
  });

  it('packs JPEG files named without .jpg (IMG0001, scan.jpe, x.jpeg) under names ending in .jpg, which the archive check accepts', async () => {
    const draft = writeSampleDraft(dir, [SAMPLE_ROWS[2]]);
    const pano = join(dir, 'pano');
    const jpeg = readFileSync(join(pano, 'pano1.jpg'));
    unlinkSync(join(pano, 'pano1.jpg'));
    for (const name of ['IMG0001', 'scan.jpe', 'photo.JPG', 'x.jpeg']) writeFileSync(join(pano, name), jpeg);
    const s = await buildBatch(draft, { date: DATE, validation: vopts });
    const reader = await openArchive(s.rows[0].archivePath);
    try {
      assert.deepEqual(reader.entries().map((e) => e.name).sort(), ['IMG0001.jpg', 'photo.JPG', 'scan.jpg', 'x.jpg']);
    } finally {
      await reader.close();
    }
    assert.match(s.rows[0].notes[0].en, /^3 JPG file names .*without the \.jpg extension renamed, e\.g\. IMG0001 → IMG0001\.jpg$/);
    const { findings } = await checkLinkedArchives(s.csvPath, parseCsv(readFileSync(s.csvPath, 'utf8')), { options: defaultOptions({ ...vopts, fileName: s.csvName }), mode: 'full' });
    assert.deepEqual(findings.filter((f) => f.ruleId.startsWith('A14-att') || f.severity === 'error'), []);
  });

  it('keeps a valid existing DICOMDIR, and asks for a rebuild when it is broken', async () => {
    const first = await buildBatch(draft, { date: DATE, validation: vopts, outDir: join(dir, 'o1') });
    // Unpack the CT archive into a draft folder that has a DICOMDIR of its own.
    const kept = join(dir, 'kept');
    await unpack(first.rows[0].archivePath, kept);
    const text = sampleDraftText().split('\r\n');
    text[0] = text[0].replace('./ct1', './kept');
    writeFileSync(draft, text.join('\r\n'));
    const s = await buildBatch(draft, { date: DATE, validation: vopts, outDir: join(dir, 'o2') });
    assert.ok(s.rows[0].notes.some((n) => n.en.includes('existing DICOMDIR is kept')));
    unlinkSync(join(kept, 'DICOM', 'PA000001', 'ST000001', 'SE000001', 'IM000001'));
    const e = await expectBuildError(buildBatch(draft, { date: DATE, validation: vopts, outDir: join(dir, 'o3') }), 'images');
    assert.ok(e.findings[0].message.en.includes('--rebuild-dicomdir'));
    assert.equal(e.remedy, 'rebuild-dicomdir');
    const rebuilt = await buildBatch(draft, { date: DATE, validation: vopts, outDir: join(dir, 'o4'), rebuildDicomdir: true });
    assert.ok(rebuilt.rows[0].notes.some((n) => n.en.includes('DICOMDIR rebuilt')));
  });

  it('re-sends rows byte-identical to the originals, reusing or rebuilding archives', async () => {
    const s = await buildBatch(draft, { date: DATE, validation: vopts });
    const ledger = await readLedger(s.ledgerPath);
    const keyOf = (i: number): string => ledger.rows[i].key;
    unlinkSync(s.rows[1].archivePath);
    const r = await resendRows({ ledgerPath: s.ledgerPath, rows: [keyOf(0), s.rows[1].caseNumber], outDir: join(dir, 'resend'), date: '20261126', validation: vopts });
    assert.equal(r.csvName, '3501200000_20261126_001.csv');
    const sentLines = readFileSync(s.csvPath, 'utf8').split('\r\n');
    const resentLines = readFileSync(r.csvPath, 'utf8').split('\r\n');
    assert.equal(resentLines[0], sentLines[0]);
    assert.equal(resentLines[1], sentLines[1]);
    assert.equal(r.rows[0].reused, true);
    assert.deepEqual(readFileSync(r.rows[0].archivePath), readFileSync(s.rows[0].archivePath), 'reused archive copied unchanged');
    assert.equal(r.rows[1].reused, false, 'deleted archive rebuilt from the sources');
    assert.deepEqual(r.rows[0].notes, []);
    assert.match(r.rows[1].notes[0].en, /packed again from the source images .*its bytes may differ from those sent/);
    assert.match(r.rows[1].notes[0]['zh-TW'], /已由帳冊記錄的原始影像重新打包/);
    const reader = await openArchive(r.rows[1].archivePath);
    assert.equal((await reader.verify()).ok, true);
    await reader.close();
    await assert.rejects(resendRows({ ledgerPath: s.ledgerPath, rows: ['NOPE'], outDir: join(dir, 'x'), validation: vopts }), /Not in the ledger/);
    const none = await expectBuildError(resendRows({ ledgerPath: join(dir, 'elsewhere', 'ledger.jsonl'), rows: [keyOf(0)], outDir: join(dir, 'y'), validation: vopts }), 'io');
    assert.match(none.message, /^There is no ledger at .*elsewhere.*ledger\.jsonl; nothing was re-sent\. The ledger \(\.nhi-imaging\/ledger\.jsonl\) is the file the build records its rows in/);
    assert.match(none.message, /needs the ledger of the build that sent the rows.*--ledger/);
    assert.match(none.bilingual['zh-TW'], /找不到帳冊 .*elsewhere.*重送需要送出這些列的那次建置的帳冊.*--ledger/);
    assert.equal(existsSync(join(dir, 'elsewhere')), false, 'nothing made where no ledger is');
  });

  it('re-sends into the folder of the build under another spelling of it (a link; on Windows C:\\ against c:\\, a mapped drive against its share), reusing the archives there', async () => {
    const s = await buildBatch(draft, { date: DATE, validation: vopts });
    const alias = join(dir, 'alias');
    symlinkSync(join(dir, 'upload'), alias, 'dir');
    const r = await resendRows({ ledgerPath: s.ledgerPath, rows: [s.rows[0].caseNumber], outDir: alias, date: '20261126', validation: vopts });
    assert.equal(r.rows[0].reused, true);
    assert.deepEqual(readFileSync(r.rows[0].archivePath), readFileSync(s.rows[0].archivePath));
  });

  it('re-sends, with no folder named, into the folder the row was last sent from; upload/ beside the ledger when that is gone', async () => {
    const s = await buildBatch(draft, { date: DATE, validation: vopts });
    assert.equal(s.outDir, join(dir, 'upload'));
    const r = await resendRows({ ledgerPath: s.ledgerPath, rows: [s.rows[0].caseNumber], date: '20261126', validation: vopts });
    assert.equal(r.outDir, join(dir, 'upload'));
    assert.equal(basename(r.csvPath), r.csvName);
    assert.ok(existsSync(join(dir, 'upload', r.csvName)));

    const elsewhere = await buildBatch(draft, { date: DATE, validation: vopts, outDir: join(dir, 'sent-elsewhere') });
    const again = await resendRows({ ledgerPath: s.ledgerPath, rows: [elsewhere.rows[1].caseNumber], date: '20261126', validation: vopts });
    assert.equal(again.outDir, join(dir, 'sent-elsewhere'));

    rmSync(join(dir, 'sent-elsewhere'), { recursive: true });
    const moved = await resendRows({ ledgerPath: s.ledgerPath, rows: [elsewhere.rows[2].caseNumber], date: '20261126', validation: vopts });
    assert.equal(moved.outDir, join(dir, 'upload'));
  });

  it('re-sends under a sequence not yet taken in the output folder', async () => {
    const s = await buildBatch(draft, { date: DATE, validation: vopts });
    const out = join(dir, 'resend');
    mkdirSync(out);
    writeFileSync(join(out, '3501200000_20261126_001.csv'), 'made elsewhere');
    const r = await resendRows({ ledgerPath: s.ledgerPath, rows: [s.rows[0].caseNumber], outDir: out, date: '20261126', validation: vopts });
    assert.equal(r.csvName, '3501200000_20261126_002.csv');
    assert.equal(readFileSync(join(out, '3501200000_20261126_001.csv'), 'utf8'), 'made elsewhere');
  });

  it('names the newer case when asked to re-send a case number that a later build of the record superseded', async () => {
    const first = await buildBatch(draft, { date: DATE, validation: vopts });
    const second = await buildBatch(draft, { date: DATE, validation: vopts, outDir: join(dir, 'second') });
    const [old, newer] = [first.rows[0].caseNumber, second.rows[0].caseNumber];
    const e = await expectBuildError(resendRows({ ledgerPath: first.ledgerPath, rows: [old], outDir: join(dir, 'resend'), validation: vopts }), 'ledger');
    assert.equal(e.message, `${old} was superseded by ${newer} (${second.csvName}); the last upload of a record wins: re-send the newer case number`);
  });

  it('matches case numbers typed in lower case: the ledger\'s own, in upper case, are re-sent or named as superseded', async () => {
    const first = await buildBatch(draft, { date: DATE, validation: vopts });
    const [a, b] = [first.rows[0].caseNumber, first.rows[1].caseNumber];
    assert.match(a, /[A-Z]/, 'the case number holds letters');
    const r = await resendRows({ ledgerPath: first.ledgerPath, rows: [a.toLowerCase(), b], outDir: join(dir, 'resend'), date: '20261126', validation: vopts });
    assert.deepEqual(r.rows.map((x) => x.caseNumber), [a, b]);
    assert.equal(readFileSync(r.csvPath, 'utf8').split('\r\n')[0], readFileSync(first.csvPath, 'utf8').split('\r\n')[0]);
    const second = await buildBatch(draft, { date: DATE, validation: vopts, outDir: join(dir, 'second') });
    const e = await expectBuildError(resendRows({ ledgerPath: first.ledgerPath, rows: [a.toLowerCase()], outDir: join(dir, 'resend2'), validation: vopts }), 'ledger');
    assert.equal(e.message, `${a} was superseded by ${second.rows[0].caseNumber} (${second.csvName}); the last upload of a record wins: re-send the newer case number`);
  });

  it('re-sends some report serials of a visit: the others went in their batch (五), so the gap does not stop the re-send and is reported as a warning', async () => {
    const first = readFileSync(draft, 'utf8').split('\r\n')[0].split(',');
    let text = readFileSync(draft, 'utf8');
    for (const serial of ['2', '3']) {
      cpSync(join(dir, 'ct1'), join(dir, `ct${serial}`), { recursive: true });
      const row = [...first];
      row[10] = serial;
      row[13] = `./ct${serial}`;
      text += row.join(',') + '\r\n';
    }
    writeFileSync(draft, text);
    const s = await buildBatch(draft, { date: DATE, validation: vopts });
    const sent = readFileSync(s.csvPath, 'utf8').split('\r\n');
    const [serial1, serial3] = [0, s.rows.length - 1];
    const r = await resendRows({ ledgerPath: s.ledgerPath, rows: [s.rows[serial1].caseNumber, s.rows[serial3].caseNumber], outDir: join(dir, 'resend'), date: '20261126', validation: vopts });
    assert.equal(readFileSync(r.csvPath, 'utf8'), `${sent[serial1]}\r\n${sent[serial3]}\r\n`);
    const archiveOf = (row: number) => basename(s.rows[row].archivePath);
    // Reported as warnings, each naming its archive, as a check of the re-sent CSV finds them.
    assert.deepEqual(
      r.warnings.map((w) => [w.ruleId, w.severity, w.message.en.split(':')[0]]),
      [['R11-report-serial-gap', 'warning', archiveOf(serial3)]],
    );
    const alone = await resendRows({ ledgerPath: s.ledgerPath, rows: [s.rows[serial3].caseNumber], outDir: join(dir, 'resend3'), date: '20261126', validation: vopts });
    const { findings } = validateText(readFileSync(alone.csvPath, 'utf8'), defaultOptions({ ...vopts, fileName: alone.csvName }));
    assert.deepEqual(findings.filter((f) => f.severity === 'warning').map((f) => f.ruleId), ['R11-report-serial-start']);
    assert.deepEqual(alone.warnings.map((w) => [w.ruleId, w.message.en.split(':')[0]]), [['R11-report-serial-start', archiveOf(serial3)]]);
  });

  it('an output folder that cannot be made fails at once with the reason: a file in the way, a folder the system refuses', async () => {
    const file = join(dir, 'taken');
    writeFileSync(file, 'not a folder');
    const e = await expectBuildError(buildBatch(draft, { date: DATE, validation: vopts, outDir: join(file, 'out') }), 'io');
    assert.match(e.message, /a part of the path is not a folder/);
    assert.equal(readFileSync(file, 'utf8'), 'not a folder');
    // procfs answers "no such file" for any new name in an existing folder; Node's recursive mkdir loops on it.
    if (existsSync('/proc/self')) {
      const proc = await expectBuildError(buildBatch(draft, { date: DATE, validation: vopts, outDir: '/proc/nhi-imaging-out/batch' }), 'io');
      assert.match(proc.message, /no such file: \/proc\/nhi-imaging-out/);
    }
  });

  it('refuses a --ledger that is not a ledger (the draft itself) and writes nothing', async () => {
    const before = readFileSync(draft, 'utf8');
    const e = await expectBuildError(buildBatch(draft, { date: DATE, validation: vopts, ledgerPath: draft }), 'ledger');
    assert.match(e.message, /draft\.csv is not a ledger/);
    assert.equal(readFileSync(draft, 'utf8'), before);
    assert.deepEqual(names(join(dir, 'upload')), []);
    await expectBuildError(resendRows({ ledgerPath: draft, rows: ['X'], outDir: join(dir, 'resend'), validation: vopts }), 'ledger');
    assert.equal(readFileSync(draft, 'utf8'), before);
  });

  it('an output folder that takes no new files fails before any number is reserved', async function () {
    // procfs refuses new entries even to root, for whom a read-only mode would not.
    if (!existsSync('/proc/self')) this.skip();
    const e = await expectBuildError(buildBatch(draft, { date: DATE, validation: vopts, outDir: '/proc/self' }), 'io');
    assert.match(e.message, /no such file: \/proc\/self$/);
    assert.equal(existsSync(join(dir, '.nhi-imaging', 'ledger.jsonl')), false, 'nothing reserved');
  });

  it('warns when a row with the key of a sent row differs from what was sent', async () => {
    const s = await buildBatch(draft, { date: DATE, validation: vopts });
    const ledger = await readLedger(s.ledgerPath);
    const sent = readFileSync(s.csvPath, 'utf8');
    assert.deepEqual(checkAgainstLedger(parseCsv(sent).rows, ledger, defaultOptions(vopts)), []);
    const again = checkAgainstLedger(parseCsv(readFileSync(draft, 'utf8')).rows, ledger, defaultOptions(vopts));
    assert.deepEqual(again.map((f) => [f.row, f.ruleId, f.severity]), s.rows.map((r) => [r.row, 'LEDGER-already-sent', 'warning']), 'the draft itself differs only in field 14');
    assert.ok(again[0].message.en.includes(`sent in ${s.csvName} as DCF3501200000_${s.rows[0].caseNumber}.7z`));
    assert.ok(again[0].message.en.includes(`nhi-imaging resend --rows ${s.rows[0].caseNumber}`));
    const changed = sent.replace('11411250757,H,', '11411250758,H,');
    const warned = checkAgainstLedger(parseCsv(changed).rows, ledger, defaultOptions(vopts));
    assert.deepEqual(warned.map((f) => [f.row, f.ruleId, f.severity]), [[0, 'LEDGER-resend-differs', 'warning']]);
    assert.ok(warned[0].message.en.includes(s.csvName));
  });
});
