import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { buildBatch } from '../../../server/src/core/build/batch';
import { resendRows } from '../../../server/src/core/build/resend';
import { writeSampleDraft, SAMPLE_ROWS } from '../../../samples/draft/generate';
import { refusal } from './refusal';

const DATE = '20261125';
const RESENT = '20261126';
const vopts = { now: Date.parse('2026-11-26T12:00:00+08:00') };

describe('resendRows refused before anything is reserved', function () {
  this.timeout(60_000);
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'resend-refused-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** The first two sample rows built; the first row's archive deleted and its first DICOM file's Bits Stored (0028,0101) made 9. */
  async function sentWithBrokenSources() {
    const draft = writeSampleDraft(dir, SAMPLE_ROWS.slice(0, 2));
    const s = await buildBatch(draft, { date: DATE, validation: vopts });
    unlinkSync(s.rows[0].archivePath);
    const file = join(dir, 'ct1', 'img001.dcm');
    const bytes = readFileSync(file);
    const at = bytes.indexOf(Buffer.from([0x28, 0x00, 0x01, 0x01, 0x55, 0x53, 0x02, 0x00]), 132);
    bytes.writeUInt16LE(9, at + 8);
    writeFileSync(file, bytes);
    return { ...s, draft };
  }

  it('makes no output folder, leaves the ledger byte for byte, and uses up no CSV sequence number', async () => {
    const s = await sentWithBrokenSources();
    const ledgerBefore = readFileSync(s.ledgerPath);
    const out = join(dir, 'resend');
    // The row whose archive is still there first: it is settled before the refused one, and nothing is copied.
    const e = await refusal(resendRows({ ledgerPath: s.ledgerPath, rows: [s.rows[1].caseNumber, s.rows[0].caseNumber], outDir: out, date: RESENT, validation: vopts }));
    assert.equal(e.reason, 'images');
    assert.equal(existsSync(out), false, 'no output folder made');
    assert.deepEqual(readFileSync(s.ledgerPath), ledgerBefore, 'the ledger unchanged');

    const r = await resendRows({ ledgerPath: s.ledgerPath, rows: [s.rows[1].caseNumber], outDir: out, date: RESENT, validation: vopts });
    assert.equal(r.csvName, `3501200000_${RESENT}_001.csv`, 'the first sequence of the day, not taken by the refused re-send');
  });

  it('advises to mend the source file and re-send, not to build again, in both languages', async () => {
    const s = await sentWithBrokenSources();
    const e = await refusal(resendRows({ ledgerPath: s.ledgerPath, rows: [s.rows[0].caseNumber], outDir: join(dir, 'resend'), date: RESENT, validation: vopts }));
    const { en, 'zh-TW': zh } = e.findings[0].message;
    assert.match(en, new RegExp(`^case ${s.rows[0].caseNumber}: ${join(dir, 'ct1', 'img001.dcm').replace(/[\\.]/g, '\\$&')}: .*Bits Stored.*\\. Export it again from the PACS or the modality, then re-send the row again$`));
    assert.match(zh, /。請從 PACS 或影像設備重新匯出後再重送$/);
    assert.doesNotMatch(en, /build/);
    assert.doesNotMatch(zh, /建置/);
  });

  it('names the re-send, not a build, when a source image changes between its check and its packing', async () => {
    const draft = writeSampleDraft(dir, SAMPLE_ROWS.slice(0, 1));
    const s = await buildBatch(draft, { date: DATE, validation: vopts });
    unlinkSync(s.rows[0].archivePath);
    const file = join(dir, 'ct1', 'img002.dcm');
    const e = await refusal(resendRows({
      ledgerPath: s.ledgerPath,
      rows: [s.rows[0].caseNumber],
      outDir: join(dir, 'resend'),
      date: RESENT,
      validation: vopts,
      onProgress: (p) => p.phase === 'pack' && unlinkSync(file),
    }));
    assert.equal(e.reason, 'images');
    assert.equal(e.message, `${file} changed or was removed after the re-send checked it (it is gone; still being copied or exported?); the re-send stopped: re-send the row again once the copy or export has finished`);
    assert.equal(e.bilingual['zh-TW'], `${file} 在重送檢查之後已被移除（仍在複製或匯出中？）；重送已停止，請待複製或匯出完成後再重送`);
  });

  it('into the folder the rows were sent from, leaves that folder as it was', async () => {
    const s = await sentWithBrokenSources();
    const ledgerBefore = readFileSync(s.ledgerPath);
    const before = readdirSync(s.outDir).sort();
    const e = await refusal(resendRows({ ledgerPath: s.ledgerPath, rows: [s.rows[0].caseNumber], date: RESENT, validation: vopts }));
    assert.equal(e.reason, 'images');
    assert.deepEqual(readdirSync(s.outDir).sort(), before);
    assert.deepEqual(readFileSync(s.ledgerPath), ledgerBefore);
    const built = await buildBatch(s.draft, { date: RESENT, validation: { ...vopts, severities: { 'A14-dicom-attribute': 'warning' } } });
    assert.equal(built.csvName, `3501200000_${RESENT}_001.csv`);
  });

  it('refused for an output file in the way: nothing reserved either', async () => {
    const s = await sentWithBrokenSources();
    const ledgerBefore = readFileSync(s.ledgerPath);
    const out = join(dir, 'resend');
    mkdirSync(out);
    const inTheWay = join(out, basename(s.rows[1].archivePath));
    writeFileSync(inTheWay, 'not the archive');
    const e = await refusal(resendRows({ ledgerPath: s.ledgerPath, rows: [s.rows[1].caseNumber], outDir: out, date: RESENT, validation: vopts }));
    assert.equal(e.reason, 'output');
    assert.deepEqual(readdirSync(out), [basename(inTheWay)]);
    assert.equal(readFileSync(inTheWay, 'utf8'), 'not the archive');
    assert.deepEqual(readFileSync(s.ledgerPath), ledgerBefore);
  });

  it('refuses a gone archive whose source images are gone too as a build refuses a missing image folder (images, exit 1), naming the case and the path', async () => {
    const draft = writeSampleDraft(dir, SAMPLE_ROWS.slice(0, 1));
    const s = await buildBatch(draft, { date: DATE, validation: vopts });
    const ledgerBefore = readFileSync(s.ledgerPath);
    unlinkSync(s.rows[0].archivePath);
    rmSync(join(dir, 'ct1'), { recursive: true });
    // The build of the same row, its folder gone, is refused for its images: so is the re-send.
    const built = await refusal(buildBatch(draft, { date: RESENT, validation: vopts, outDir: join(dir, 'build') }));
    assert.equal(built.reason, 'images');
    const out = join(dir, 'resend');
    const e = await refusal(resendRows({ ledgerPath: s.ledgerPath, rows: [s.rows[0].caseNumber], outDir: out, date: RESENT, validation: vopts }));
    assert.equal(e.reason, 'images');
    assert.match(e.message, new RegExp(`^The archive sent for case ${s.rows[0].caseNumber} changed or is gone, and its source images cannot be packed again \\(1 image error\\); nothing was re-sent$`));
    assert.deepEqual(e.findings.map((f) => [f.ruleId, f.severity]), [['BUILD', 'error']]);
    assert.equal(e.findings[0].message.en, `case ${s.rows[0].caseNumber}: The source image path the ledger records does not exist: ${join(dir, 'ct1')}. Put the row's images back there, or restore the archive sent, and re-send`);
    assert.match(e.findings[0].message['zh-TW'], /帳冊記錄的原始影像路徑不存在/);
    assert.equal(existsSync(out), false);
    assert.deepEqual(readFileSync(s.ledgerPath), ledgerBefore);
  });

  it('refuses a gone archive whose source folder is left without images, as a build refuses a folder without images', async () => {
    const draft = writeSampleDraft(dir, SAMPLE_ROWS.slice(0, 1));
    const s = await buildBatch(draft, { date: DATE, validation: vopts });
    unlinkSync(s.rows[0].archivePath);
    for (const f of readdirSync(join(dir, 'ct1'))) unlinkSync(join(dir, 'ct1', f));
    const e = await refusal(resendRows({ ledgerPath: s.ledgerPath, rows: [s.rows[0].caseNumber], outDir: join(dir, 'resend'), date: RESENT, validation: vopts }));
    assert.equal(e.reason, 'images');
    assert.equal(e.findings[0].message.en, `case ${s.rows[0].caseNumber}: The source images hold no DICOM or JPEG images: ${join(dir, 'ct1')}`);
  });
});
