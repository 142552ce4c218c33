import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildBatch } from '../../../server/src/core/build/batch';
import { resendRows } from '../../../server/src/core/build/resend';
import { readLedger } from '../../../server/src/core/build/ledger';
import { writeSampleDraft, SAMPLE_ROWS } from '../../../samples/draft/generate';
import { makeDicomdir } from '../../fixtures/dicom';
import { writeBrokenDicomdir, writeImgFolder } from '../../fixtures/dicomdir-folders';
import { refusal } from './refusal';
import { openArchive } from '../../../server/src/core/archive/open';
import { readDicomdir } from '../../../server/src/core/dicom/dicomdir';

const DATE = '20261125';
const RESENT = '20261126';
const vopts = { now: Date.parse('2026-11-26T12:00:00+08:00') };

/** A CT row whose folder holds two DICOM files under IMG/, and what a DICOMDIR of them lists. */
function twoFileDraft(dir: string): { draft: string; folder: string; files: ReturnType<typeof writeImgFolder> } {
  const draft = writeSampleDraft(dir, [SAMPLE_ROWS[0]]);
  const folder = join(dir, 'ct1');
  rmSync(folder, { recursive: true });
  return { draft, folder, files: writeImgFolder(folder) };
}

/** twoFileDraft with a DICOMDIR a build cannot keep, refused unless told to rebuild it (--rebuild-dicomdir). */
function draftWithBrokenDicomdir(dir: string): string {
  const { draft, folder, files } = twoFileDraft(dir);
  writeBrokenDicomdir(folder, files);
  return draft;
}

/**
 * An archive's entries, name and bytes, the DICOMDIR's given as the File IDs its records list: what a re-send packed
 * again repeats. A DICOMDIR written again differs only in its own new SOP Instance UID (0002,0003); the archive's
 * bytes hold times of packing.
 */
async function entriesOf(archive: string): Promise<[string, Buffer | string[]][]> {
  const reader = await openArchive(archive);
  try {
    const out: [string, Buffer | string[]][] = [];
    for (const e of reader.entries()) {
      if (e.isDirectory) continue;
      const bytes = await reader.readEntry(e);
      out.push([e.name, e.name === 'DICOMDIR' ? readDicomdir(bytes).instances.map((r) => r.fileId!.join('\\')) : Buffer.from(bytes)]);
    }
    return out.sort((a, b) => (a[0] < b[0] ? -1 : 1));
  } finally {
    await reader.close();
  }
}

describe('resendRows of a row whose DICOMDIR the build wrote', function () {
  this.timeout(60_000);
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'resend-dicomdir-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** Moves the sent archive away (the re-send must pack it again); its entries. */
  async function takeAway(archive: string): Promise<[string, Buffer | string[]][]> {
    const entries = await entriesOf(archive);
    renameSync(archive, join(dir, 'sent-copy'));
    return entries;
  }

  it('records builtDicomdir for DICOM rows whose DICOMDIR the build wrote, not for JPEG rows nor a DICOMDIR kept', async () => {
    const s = await buildBatch(writeSampleDraft(dir), { date: DATE, validation: vopts });
    const ledger = await readLedger(s.ledgerPath);
    assert.deepEqual(ledger.rows.map((r) => r.builtDicomdir), [true, true, undefined, true], 'CT, MR, the JPG row, US');

    const broken = mkdtempSync(join(dir, 'broken-'));
    const rebuilt = await buildBatch(draftWithBrokenDicomdir(broken), { date: DATE, validation: vopts, rebuildDicomdir: true });
    assert.equal((await readLedger(rebuilt.ledgerPath)).rows.at(-1)!.builtDicomdir, true);

    const valid = twoFileDraft(mkdtempSync(join(dir, 'kept-')));
    writeFileSync(join(valid.folder, 'DICOMDIR'), makeDicomdir({ files: valid.files }));
    const kept = await buildBatch(valid.draft, { date: DATE, validation: vopts });
    assert.match(kept.rows[0].notes.map((n) => n.en).join('\n'), /existing DICOMDIR is kept/);
    assert.equal((await readLedger(kept.ledgerPath)).rows.at(-1)!.builtDicomdir, undefined);
  });

  it('packs a row built with --rebuild-dicomdir again the same way: the same files under the same names, a DICOMDIR written from them', async () => {
    const s = await buildBatch(draftWithBrokenDicomdir(dir), { date: DATE, validation: vopts, rebuildDicomdir: true });
    const sent = await takeAway(s.rows[0].archivePath);
    const r = await resendRows({ ledgerPath: s.ledgerPath, rows: [s.rows[0].caseNumber], outDir: join(dir, 'resend'), date: RESENT, validation: vopts });
    assert.equal(r.rows[0].reused, false);
    assert.deepEqual(await entriesOf(r.rows[0].archivePath), sent);
    const ledger = await readLedger(s.ledgerPath);
    assert.equal(ledger.rows.length, 2);
    assert.equal(ledger.rows[1].builtDicomdir, true, 'the re-sent row says so too, for the next re-send');
  });

  it('writes its own DICOMDIR again, not one put in the folder since', async () => {
    const { draft, folder, files } = twoFileDraft(dir);
    const s = await buildBatch(draft, { date: DATE, validation: vopts });
    const sent = await takeAway(s.rows[0].archivePath);
    // A valid DICOMDIR of the folder's files, as a viewer or a PACS export leaves one: a build would keep it, and pack IMG/IM1.
    writeFileSync(join(folder, 'DICOMDIR'), makeDicomdir({ files }));
    const r = await resendRows({ ledgerPath: s.ledgerPath, rows: [s.rows[0].caseNumber], outDir: join(dir, 'resend'), date: RESENT, validation: vopts });
    assert.deepEqual(await entriesOf(r.rows[0].archivePath), sent);
    assert.ok(sent.every(([name]) => !name.startsWith('IMG/')), 'the archive sent held the DICOM files under the build\'s own File IDs');
  });

  it('a row recorded before ledgers held builtDicomdir: refused with the remedy to re-send with --rebuild-dicomdir, which then gives the same entries', async () => {
    const s = await buildBatch(draftWithBrokenDicomdir(dir), { date: DATE, validation: vopts, rebuildDicomdir: true });
    // The ledger as a build before this change wrote it.
    const old = readFileSync(s.ledgerPath, 'utf8').replace(/"builtDicomdir":true,/g, '');
    writeFileSync(s.ledgerPath, old);
    assert.equal((await readLedger(s.ledgerPath)).rows[0].builtDicomdir, undefined);
    const sent = await takeAway(s.rows[0].archivePath);
    const out = join(dir, 'resend');
    const e = await refusal(resendRows({ ledgerPath: s.ledgerPath, rows: [s.rows[0].caseNumber], outDir: out, date: RESENT, validation: vopts }));
    assert.equal(e.reason, 'images');
    assert.equal(e.remedy, 'rebuild-dicomdir');
    assert.match(e.message, /nothing was re-sent\. Re-send with "Rebuild DICOMDIR" \(resend --rebuild-dicomdir on the command line\) to write a new DICOMDIR from the image files$/);
    assert.match(e.bilingual['zh-TW'], /請以「重建 DICOMDIR」（命令列 resend --rebuild-dicomdir）重送/);
    assert.match(e.findings[0].message.en, /^case \w+: The existing DICOMDIR has problems \(.*\); re-send with "rebuild DICOMDIR" \(--rebuild-dicomdir\)$/);
    assert.match(e.findings[0].message['zh-TW'], /；請以「重建 DICOMDIR」（--rebuild-dicomdir）重送$/);
    assert.equal(existsSync(out), false);
    assert.equal(readFileSync(s.ledgerPath, 'utf8'), old);

    const r = await resendRows({ ledgerPath: s.ledgerPath, rows: [s.rows[0].caseNumber], outDir: out, date: RESENT, validation: vopts, rebuildDicomdir: true });
    assert.deepEqual(await entriesOf(r.rows[0].archivePath), sent);
    assert.equal(r.csvName, `3501200000_${RESENT}_001.csv`);
  });
});
