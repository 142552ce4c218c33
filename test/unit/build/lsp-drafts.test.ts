/**
 * Drafts and builds over the wire (node dist/server.js --stdio): draft-path findings merged into
 * the diagnostics, nhiImaging/build with progress and the stop/go-on question, the ledger rows,
 * a re-send, and the ledger warning for a changed row.
 */
import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient } from '../../lsp/harness';
import { SAMPLE_ROWS, writeSampleDraft } from '../../../samples/draft/generate';
import { makeInstance } from '../../fixtures/dicom';
import { writeBrokenDicomdir, writeImgFolder } from '../../fixtures/dicomdir-folders';
import {
  BUILD_DECISION_REQUEST,
  BUILD_PROGRESS_NOTIFICATION,
  BUILD_REQUEST,
  LEDGER_ROWS_REQUEST,
  RESEND_REQUEST,
  type BuildDecisionParams,
  type BuildProgressParams,
  type BuildResult,
  type LedgerRowsResult,
} from '../../../server/src/shared/build';

describe('language server over stdio: drafts and builds', function () {
  this.timeout(90_000);
  let client: LspClient;
  let dir: string;
  const progress: BuildProgressParams[] = [];
  const asked: BuildDecisionParams[] = [];
  let answer: 'continue' | 'stop' = 'stop';

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nhi-lsp-drafts-'));
    client = await LspClient.start({ pull: true, settings: { language: 'en', deadlineReferenceTime: '2025-11-25T04:00:00Z' } });
    client.conn.onNotification(BUILD_PROGRESS_NOTIFICATION, (p: BuildProgressParams) => progress.push(p));
    client.conn.onRequest(BUILD_DECISION_REQUEST, (p: BuildDecisionParams) => {
      asked.push(p);
      return { decision: answer };
    });
  });
  after(async () => {
    await client.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Polls until `check` resolves to something other than undefined. */
  async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 15000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const v = await check();
      if (v !== undefined) return v;
      if (Date.now() > deadline) throw new Error('timed out');
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  const codesOn = async (uri: string, line: number): Promise<string[]> =>
    (await client.pull(uri)).items!.filter((d) => d.range.start.line === line).map((d) => String(d.code)).sort();

  it('flags a missing draft folder on field 14 and builds the draft with progress', async () => {
    const draft = writeSampleDraft(dir);
    const good = readFileSync(draft, 'utf8');
    const broken = good.replace('./mr1', './nowhere');
    writeFileSync(draft, broken);
    const uri = pathToFileURL(draft).href;
    await client.open(uri, broken);
    const missing = await eventually(async () => ((await codesOn(uri, 1)).includes('DRAFT-missing') ? true : undefined));
    assert.equal(missing, true);
    assert.ok((await codesOn(uri, 0)).includes('DRAFT-path'), 'the CSV rule marks the draft path');
    assert.ok(!(await codesOn(uri, 0)).includes('DRAFT-missing'));

    const failed = await client.request<BuildResult>(BUILD_REQUEST, { uri, date: '20261125' });
    assert.equal(failed.ok, false);
    assert.ok(failed.error!.details.some((d) => d.startsWith('row 2:')), JSON.stringify(failed.error));

    writeFileSync(draft, good);
    await client.change(uri, [{ range: { start: { line: 0, character: 0 }, end: { line: 4, character: 0 } }, text: good }]);
    const built = await client.request<BuildResult>(BUILD_REQUEST, { uri, date: '20261125', workDoneToken: 'build-1' });
    assert.equal(built.ok, true, JSON.stringify(built.error));
    assert.equal(built.summary!.rows, 4);
    assert.ok(existsSync(built.summary!.csvPath));
    assert.ok(progress.some((p) => p.phase === 'pack' && p.bytesTotal > 0 && p.row !== undefined));
    assert.ok(progress.some((p) => p.phase === 'done'));
    assert.equal(asked.length, 0);

    const ledger = await client.request<LedgerRowsResult>(LEDGER_ROWS_REQUEST, { uri });
    assert.equal(ledger.rows.length, 4);
    const resent = await client.request<BuildResult>(RESEND_REQUEST, { uri, keys: [ledger.rows[0].key], outDir: join(dir, 'resend'), date: '20261126' });
    assert.equal(resent.ok, true, JSON.stringify(resent.error));
    assert.equal(readFileSync(resent.summary!.csvPath, 'utf8').split('\r\n')[0], ledger.rows[0].text);

    // Started from the built batch CSV (in upload/), with no folder named: beside it, as the build put it, not in upload/upload.
    const builtUri = pathToFileURL(built.summary!.csvPath).href;
    const fromBatch = await client.request<BuildResult>(RESEND_REQUEST, { uri: builtUri, keys: [ledger.rows[1].key], date: '20261126' });
    assert.equal(fromBatch.ok, true, JSON.stringify(fromBatch.error));
    assert.equal(dirname(fromBatch.summary!.csvPath), dirname(built.summary!.csvPath));

    // the same record with another exam minute now differs from what was sent
    const changed = good.replace('11411250757,H,', '11411250758,H,');
    await client.change(uri, [{ range: { start: { line: 0, character: 0 }, end: { line: 4, character: 0 } }, text: changed }]);
    const warned = await eventually(async () => ((await codesOn(uri, 0)).includes('LEDGER-resend-differs') ? true : undefined));
    assert.equal(warned, true);
  });

  it('looks at the image folders of field 14 only while the text is a draft: a folder in an upload CSV keeps its F14-pattern alone', async () => {
    const draft = writeSampleDraft(join(dir, 'upload-csv'));
    const archive = 'DCF3501200000_C00000000001.7z';
    const text = readFileSync(draft, 'utf8').replace('./mr1', './nowhere');
    const uri = pathToFileURL(join(dirname(draft), '3501200000_20251125_001.csv')).href;
    await client.open(uri, text);
    // A draft: the folder that is not there is DRAFT-missing.
    await eventually(async () => ((await codesOn(uri, 1)).includes('DRAFT-missing') ? true : undefined));
    // Row 1 names an archive: an upload CSV, whose rows naming folders are F14-pattern, and nothing else on field 14.
    const at = text.indexOf('./ct1');
    const range = { start: { line: 0, character: at }, end: { line: 0, character: at + './ct1'.length } };
    await client.change(uri, [{ range, text: archive }]);
    const codes = await eventually(async () => {
      const now = await codesOn(uri, 1);
      return now.includes('DRAFT-missing') ? undefined : now;
    });
    assert.ok(codes.includes('F14-pattern'), codes.join(' '));
    await client.change(uri, [{ range: { ...range, end: { line: 0, character: at + archive.length } }, text: './ct1' }]);
    await eventually(async () => ((await codesOn(uri, 1)).includes('DRAFT-missing') ? true : undefined));
  });

  it('marks the earliest incentive deadline of its summary passed when it is before the reference time', async () => {
    const late = mkdtempSync(join(dir, 'late-'));
    const draft = writeSampleDraft(late);
    const uri = pathToFileURL(draft).href;
    await client.open(uri, readFileSync(draft, 'utf8'));
    // The sample's earliest examination, 2025-11-24 19:52 Taiwan time, is due 2025-11-25 19:52 (11:52 UTC).
    const before = await client.request<BuildResult>(BUILD_REQUEST, { uri, date: '20261125', outDir: join(late, 'before') });
    assert.equal(before.ok, true, JSON.stringify(before.error));
    assert.match(before.summary!.earliestDeadlineText ?? '', /^2025-11-25 19:52\b/);
    assert.doesNotMatch(before.summary!.earliestDeadlineText!, /passed/);
    await client.changeSettings({ deadlineReferenceTime: '2025-11-25T12:00:00Z' });
    try {
      const after = await client.request<BuildResult>(BUILD_REQUEST, { uri, date: '20261125', outDir: join(late, 'after') });
      assert.equal(after.ok, true, JSON.stringify(after.error));
      assert.match(after.summary!.earliestDeadlineText ?? '', /^2025-11-25 19:52\b.* \(passed\)$/);
    } finally {
      await client.changeSettings({ deadlineReferenceTime: '2025-11-25T04:00:00Z' });
      await client.close(uri);
    }
  });

  it('asks the client about image problems and stops when told to', async () => {
    const sub = mkdtempSync(join(dir, 'small-'));
    const draft = writeSampleDraft(sub, [{ fixture: 0, folder: 'small', images: [{ modality: 'CT', rows: 256, columns: 256, series: 1 }] }]);
    const uri = pathToFileURL(draft).href;
    await client.open(uri, readFileSync(draft, 'utf8'));
    answer = 'stop';
    const stopped = await client.request<BuildResult>(BUILD_REQUEST, { uri, date: '20261125' });
    assert.equal(stopped.ok, false, JSON.stringify(stopped));
    assert.equal(asked.length, 1);
    assert.match(asked[0].problems[0], /^row 1: .*256x256 is below the minimum 512x512/);
    answer = 'continue';
    const built = await client.request<BuildResult>(BUILD_REQUEST, { uri, date: '20261125' });
    assert.equal(built.ok, true, JSON.stringify(built.error));
    // Fixture row 0 was built by the test above under the same ledger: it is also a row sent before.
    const kinds = built.summary!.warnings.map((w) => (/below the minimum/.test(w) ? 'size' : /was sent in .*resend --rows/.test(w) ? 'sent' : w));
    assert.deepEqual(kinds.sort(), ['sent', 'size']);
  });

  it('answers with what the build did on its own, row by row: a JPG renamed to a conforming name', async () => {
    const sub = mkdtempSync(join(dir, 'renamed-'));
    const draft = writeSampleDraft(sub, [SAMPLE_ROWS[2]]);
    renameSync(join(sub, 'pano', 'pano1.jpg'), join(sub, 'pano', '全口 (1).jpg'));
    const uri = pathToFileURL(draft).href;
    await client.open(uri, readFileSync(draft, 'utf8'));
    const built = await client.request<BuildResult>(BUILD_REQUEST, { uri, date: '20261125', outDir: join(sub, 'out') });
    assert.equal(built.ok, true, JSON.stringify(built.error));
    assert.equal(built.summary!.notes.length, 1, JSON.stringify(built.summary!.notes));
    assert.match(built.summary!.notes[0], /^row 1: .*全口 \(1\)\.jpg/);
  });

  /** A one-row draft in `sub` whose folder's DICOMDIR lists a file the folder does not hold: built only with rebuildDicomdir. */
  function draftWithBrokenDicomdir(sub: string): string {
    const draft = writeSampleDraft(sub, [SAMPLE_ROWS[0]]);
    const folder = join(sub, 'ct1');
    rmSync(folder, { recursive: true });
    writeBrokenDicomdir(folder, writeImgFolder(folder));
    return draft;
  }

  it('a refusal that a new DICOMDIR would cure says so (error.remedy), and the build with rebuildDicomdir goes through', async () => {
    const sub = mkdtempSync(join(dir, 'dicomdir-'));
    const draft = draftWithBrokenDicomdir(sub);
    const uri = pathToFileURL(draft).href;
    await client.open(uri, readFileSync(draft, 'utf8'));
    const refused = await client.request<BuildResult>(BUILD_REQUEST, { uri, date: '20251125', outDir: join(sub, 'out') });
    assert.equal(refused.ok, false);
    assert.equal(refused.error!.remedy, 'rebuild-dicomdir', JSON.stringify(refused.error));
    assert.match(refused.error!.details.join('\n'), /--rebuild-dicomdir/);
    const built = await client.request<BuildResult>(BUILD_REQUEST, { uri, date: '20251125', outDir: join(sub, 'out'), rebuildDicomdir: true });
    assert.equal(built.ok, true, JSON.stringify(built.error));
    assert.match(built.summary!.notes.join('\n'), /DICOMDIR rebuilt/);
  });

  it('a re-send of a row whose ledger record does not say its DICOMDIR was rebuilt offers the remedy, and goes through with rebuildDicomdir', async () => {
    const sub = mkdtempSync(join(dir, 'resend-dicomdir-'));
    // A ledger of its own: the one above the folder holds other tests' rows.
    mkdirSync(join(sub, '.nhi-imaging'));
    const draft = draftWithBrokenDicomdir(sub);
    const uri = pathToFileURL(draft).href;
    await client.open(uri, readFileSync(draft, 'utf8'));
    const built = await client.request<BuildResult>(BUILD_REQUEST, { uri, date: '20251125', outDir: join(sub, 'out'), rebuildDicomdir: true });
    assert.equal(built.ok, true, JSON.stringify(built.error));
    const ledgerPath = join(sub, '.nhi-imaging', 'ledger.jsonl');
    // As a build before ledgers recorded builtDicomdir left it; the archive sent is gone.
    writeFileSync(ledgerPath, readFileSync(ledgerPath, 'utf8').replace(/"builtDicomdir":true,/g, ''));
    const csv = readFileSync(built.summary!.csvPath, 'utf8');
    rmSync(join(sub, 'out', csv.split(',')[13]));
    const rows = await client.request<LedgerRowsResult>(LEDGER_ROWS_REQUEST, { uri });
    const request = { uri, keys: [rows.rows[0].key], outDir: join(sub, 'resend'), date: '20251126' };
    const refused = await client.request<BuildResult>(RESEND_REQUEST, request);
    assert.equal(refused.ok, false);
    assert.equal(refused.error!.remedy, 'rebuild-dicomdir', JSON.stringify(refused.error));
    assert.match(refused.error!.message, /Re-send with "Rebuild DICOMDIR"/);
    const resent = await client.request<BuildResult>(RESEND_REQUEST, { ...request, rebuildDicomdir: true });
    assert.equal(resent.ok, true, JSON.stringify(resent.error));
  });

  it('a refusal no build option cures carries no remedy', async () => {
    const sub = mkdtempSync(join(dir, 'no-remedy-'));
    const draft = writeSampleDraft(sub, [SAMPLE_ROWS[0]]);
    rmSync(join(sub, 'ct1'), { recursive: true });
    mkdirSync(join(sub, 'ct1'));
    writeFileSync(join(sub, 'ct1', 'IM1'), makeInstance({ modality: 'CT' }).bytes.subarray(0, 600));
    const uri = pathToFileURL(draft).href;
    await client.open(uri, readFileSync(draft, 'utf8'));
    const refused = await client.request<BuildResult>(BUILD_REQUEST, { uri, date: '20251125', outDir: join(sub, 'out') });
    assert.equal(refused.ok, false);
    assert.ok(refused.error!.details.length > 0, JSON.stringify(refused.error));
    assert.equal(refused.error!.remedy, undefined);
  });

  it('answers with what the build did besides its batch: a batch an interrupted build published is recorded, once', async () => {
    const sub = mkdtempSync(join(dir, 'recovered-'));
    const draft = writeSampleDraft(sub, [SAMPLE_ROWS[0]]);
    const uri = pathToFileURL(draft).href;
    await client.open(uri, readFileSync(draft, 'utf8'));
    const build = (out: string) => client.request<BuildResult>(BUILD_REQUEST, { uri, date: '20261125', outDir: join(sub, out) });
    const first = await build('a');
    assert.equal(first.ok, true, JSON.stringify(first.error));
    // The ledger as a kill right after publishing the CSV leaves it: everything but its last record.
    const ledger = first.summary!.ledgerPath;
    const lines = readFileSync(ledger, 'utf8').trimEnd().split('\n');
    assert.match(lines[lines.length - 1], /^\{"t":"published"/);
    writeFileSync(ledger, lines.slice(0, -1).join('\n') + '\n');
    const second = await build('b');
    assert.equal(second.ok, true, JSON.stringify(second.error));
    assert.deepEqual(second.summary!.notes, [`an interrupted build had published ${first.summary!.csvPath}; its rows are recorded as sent`]);
    const third = await build('c');
    assert.deepEqual(third.summary!.notes, []);
  });
});
