/**
 * The editor's reading of a draft row's DICOM headers (draft-pixels.ts): a row none of whose files holds pixel data is
 * A14-empty in the build's words, within limits on files and bytes that are said when they leave the row unjudged, and
 * each file is read once while its size and time stay the same.
 */
import { strict as assert } from 'node:assert';
import { mkdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkDraftRows } from '../../../server/src/core/build/draft-check';
import { EDITOR_PIXEL_LIMITS, PixelVerdicts, type PixelReadLimits } from '../../../server/src/core/build/draft-pixels';
import { collectDraftImages } from '../../../server/src/core/build/draft';
import { planRow, PlanError } from '../../../server/src/core/build/plan';
import { BUILD_RULES } from '../../../server/src/core/build/rules';
import { parseCsv } from '../../../server/src/core/csv/parse';
import { defaultOptions } from '../../../server/src/core/options';
import { exampleLine } from '../../../server/src/core/spec/example';
import type { Finding } from '../../../server/src/core/types';
import { makeInstance } from '../../fixtures/dicom';
import { makeJpeg } from '../../fixtures/jpeg';
import { tempDir } from '../archive/helpers';

describe('build/draft-pixels: the editor tells a draft row of DICOM files without an image', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => (tmp = tempDir('nhi-draft-pixels-')));
  afterEach(() => tmp.cleanup());

  const rtPlan = (): Uint8Array => makeInstance({ modality: 'RTPLAN' }).bytes;
  const ct = (): Uint8Array => makeInstance({ modality: 'CT', rows: 64, columns: 64 }).bytes;
  const line = exampleLine({ 14: './rt' });
  /** A private element of `bytes` zero bytes (with its creator), to make a file longer. */
  const blob = (bytes: number) => [{ tag: 0x00090010, vr: 'LO' as const, value: 'NHI TEST' }, { tag: 0x00091001, vr: 'OB' as const, value: new Uint8Array(bytes) }];

  function folder(files: Record<string, Uint8Array>, name = 'rt'): string {
    mkdirSync(join(tmp.dir, name), { recursive: true });
    for (const [file, bytes] of Object.entries(files)) writeFileSync(join(tmp.dir, name, file), bytes);
    return join(tmp.dir, name);
  }

  async function check(verdicts: PixelVerdicts = new PixelVerdicts(), options = defaultOptions({ lang: 'en' }), text = line): Promise<Finding[]> {
    return checkDraftRows(join(tmp.dir, 'draft.csv'), parseCsv(`${text}\r\n`).rows, options, undefined, verdicts);
  }

  it('flags a folder of an RT plan alone by A14-empty, on the field 14 cell, in the words the build refuses it by', async () => {
    const dir = folder({ 'plan.dcm': rtPlan() });
    const findings = await check();
    assert.deepEqual(findings.map((f) => [f.ruleId, f.severity, f.field, f.row]), [['A14-empty', 'error', 14, 0]]);
    const row = parseCsv(`${line}\r\n`).rows[0];
    assert.deepEqual(findings[0].range, row.cells[13].range);
    const refused = await planRow(await collectDraftImages(tmp.dir, './rt'), { family: undefined }).then(() => undefined, (e: unknown) => e);
    assert.ok(refused instanceof PlanError && refused.ruleId === 'A14-empty', String(refused));
    assert.deepEqual(findings[0].message, refused.bilingual);
    assert.equal(findings[0].message.en, `${dir}: no readable image among the row's files (1 DICOM file holds no pixel data (Pixel Data, Rows, Columns)): pack the images of this order's exam (export them again from the PACS or the modality), then build again`);
  });

  it('says nothing of a folder where one file is an image, of JPEG, or of a row with a draft error', async () => {
    folder({ 'plan.dcm': rtPlan(), 'ct.dcm': ct() });
    assert.deepEqual(await check(), []);
    folder({ 'photo.jpg': makeJpeg({ width: 1400, height: 1400 }) }, 'jpg');
    assert.deepEqual(await check(undefined, undefined, exampleLine({ 10: '34004C', 14: './jpg' })), []);
    // A data set without the Part 10 header: the build stops at DRAFT-no-part10 and plans nothing.
    folder({ 'plan.dcm': rtPlan(), 'raw.dcm': makeInstance({ modality: 'RTPLAN', noPart10Header: true }).bytes }, 'raw');
    assert.deepEqual((await check(undefined, undefined, exampleLine({ 14: './raw' }))).map((f) => f.ruleId), ['DRAFT-no-part10']);
  });

  it('follows the user\'s severity of A14-empty, and reads nothing when it is off', async () => {
    folder({ 'plan.dcm': rtPlan() });
    const warned = await check(undefined, defaultOptions({ lang: 'en', severities: { 'A14-empty': 'warning' } }));
    assert.deepEqual(warned.map((f) => [f.ruleId, f.severity]), [['A14-empty', 'warning']]);
    const untouchable = new PixelVerdicts();
    untouchable.of = () => Promise.reject(new Error('read'));
    assert.deepEqual(await check(untouchable, defaultOptions({ lang: 'en', severities: { 'A14-empty': 'off' } })), []);
  });

  it('reads the first files of a row up to its limit and says so when none of them is an image', async () => {
    const limits: PixelReadLimits = { files: 2, headerBytes: EDITOR_PIXEL_LIMITS.headerBytes };
    folder({ 'a.dcm': rtPlan(), 'b.dcm': rtPlan(), 'c.dcm': ct() });
    const [notice, ...more] = await check(new PixelVerdicts(limits));
    assert.deepEqual(more, []);
    assert.deepEqual([notice.ruleId, notice.severity, notice.field], ['DRAFT-pixels-unread', 'information', 14]);
    assert.equal(notice.message.en, "1 of the row's 3 DICOM files was not read through its header (the editor and check --archives read at most 2 files of a row, 4 MiB of each), and none of the others holds pixel data: the build reads every file and refuses the row under A14-empty if none holds an image");
    assert.equal(notice.message['zh-TW'], '此列 3 個 DICOM 檔中有 1 個未讀完檔頭（編輯器與 check --archives 每列最多讀 2 個檔，每檔最多 4 MiB），其餘都沒有影像資料；建置時會讀取每個檔案，若都沒有影像，會依 A14-empty 拒絕此列');
    assert.deepEqual(await check(new PixelVerdicts({ ...limits, files: 3 })), []);
  });

  it('reads no more of a file than its limit: a longer header is said not read, not A14-empty', async () => {
    // An RT plan whose header runs to about 200 KiB (a private blob before the plan's end).
    const long = makeInstance({ modality: 'RTPLAN', extra: blob(200 * 1024) }).bytes;
    folder({ 'long.dcm': long });
    const limits = { files: 100, headerBytes: 64 * 1024 };
    const findings = await check(new PixelVerdicts(limits));
    assert.deepEqual(findings.map((f) => f.ruleId), ['DRAFT-pixels-unread']);
    assert.match(findings[0].message.en, /^1 of the row's 1 DICOM file was not read through its header \(the editor and check --archives read at most 100 files of a row, 0\.0625 MiB of each\): the build/);
    assert.deepEqual((await check(new PixelVerdicts({ ...limits, headerBytes: 1024 * 1024 }))).map((f) => f.ruleId), ['A14-empty']);
  });

  it('keeps each verdict by path, size and time: the same file is not read again, a changed one is', async () => {
    const dir = folder({ 'x.dcm': makeInstance({ modality: 'RTPLAN', extra: blob(1024) }).bytes });
    const file = join(dir, 'x.dcm');
    // A time of whole seconds, which setting it again gives back exactly.
    const mtime = new Date(Math.floor(Date.now() / 1000) * 1000 - 60_000);
    utimesSync(file, mtime, mtime);
    const verdicts = new PixelVerdicts();
    assert.deepEqual((await check(verdicts)).map((f) => f.ruleId), ['A14-empty']);
    // Another content of the same size and time: the kept verdict stands, so nothing was read.
    const { size } = statSync(file);
    const image = makeInstance({ modality: 'CT', rows: 1, columns: 1 }).bytes;
    const padded = Buffer.concat([image, Buffer.alloc(size - image.length)]);
    assert.ok(size > image.length && padded.length === size);
    writeFileSync(file, padded);
    utimesSync(file, mtime, mtime);
    assert.deepEqual((await check(verdicts)).map((f) => f.ruleId), ['A14-empty']);
    // Its time changed: read again, an image.
    utimesSync(file, new Date(mtime.getTime() + 2000), new Date(mtime.getTime() + 2000));
    assert.deepEqual(await check(verdicts), []);
    assert.deepEqual((await check(new PixelVerdicts())).map((f) => f.ruleId), []);
  });

  it('does not keep the verdict of a file written just before it was read: written again at the same size and time, it is read again', async () => {
    const dir = folder({ 'x.dcm': makeInstance({ modality: 'RTPLAN', extra: blob(1024) }).bytes });
    const file = join(dir, 'x.dcm');
    // Now, in whole seconds: a file system that keeps times to 2 s (FAT) gives a second write within them the same time.
    const mtime = new Date(Math.floor(Date.now() / 1000) * 1000);
    utimesSync(file, mtime, mtime);
    const verdicts = new PixelVerdicts();
    assert.deepEqual((await check(verdicts)).map((f) => f.ruleId), ['A14-empty']);
    const { size } = statSync(file);
    const image = makeInstance({ modality: 'CT', rows: 1, columns: 1 }).bytes;
    writeFileSync(file, Buffer.concat([image, Buffer.alloc(size - image.length)]));
    utimesSync(file, mtime, mtime);
    assert.deepEqual(await check(verdicts), []);
  });

  it('stops when the check is cancelled', async () => {
    folder({ 'plan.dcm': rtPlan() });
    const abort = new AbortController();
    abort.abort();
    const verdicts = new PixelVerdicts();
    await assert.rejects(verdicts.of({ path: join(tmp.dir, 'rt', 'plan.dcm'), size: 10, mtimeMs: 0 }, abort.signal), { name: 'AbortError' });
  });

  it('its rule says the editor\'s limits', () => {
    const rule = BUILD_RULES.find((r) => r.id === 'DRAFT-pixels-unread')!;
    const mib = EDITOR_PIXEL_LIMITS.headerBytes / (1024 * 1024);
    assert.match(rule.description.en, new RegExp(`at most ${EDITOR_PIXEL_LIMITS.files} files of a row and ${mib} MiB of each`));
    assert.match(rule.description['zh-TW'], new RegExp(`每列最多讀 ${EDITOR_PIXEL_LIMITS.files} 個檔、每檔最多讀 ${mib} MiB`));
  });
});
