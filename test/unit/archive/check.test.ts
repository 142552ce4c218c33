import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync, openSync, ftruncateSync, closeSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkLinkedArchives, ARCHIVE_SIZE_LIMIT } from '../../../server/src/core/archive/check';
import { checkArchiveFile } from '../../../server/src/core/archive/check-archive';
import { inspectPacing } from '../../../server/src/core/images/inspect';
import { ARCHIVE_RULES } from '../../../server/src/core/archive/rules';
import { openArchive } from '../../../server/src/core/archive/open';
import { parseCsv } from '../../../server/src/core/csv/parse';
import { defaultOptions } from '../../../server/src/core/options';
import { allRules } from '../../../server/src/core/spec/rules';
import { EXAMPLE_ROW } from '../../../server/src/core/spec/example';
import { TS } from '../../../server/src/core/dicom/uids';
import { TAG } from '../../../server/src/core/dicom/tags';
import { makeDicomdir, makeInstance } from '../../fixtures/dicom';
import type { DirFile, InstanceSpec } from '../../fixtures/dicom';
import { makeJpeg } from '../../fixtures/jpeg';
import { packFiles } from '../../fixtures/archives';
import { withReserves } from './helpers';
import { write7z } from '../../../server/src/core/archive/write';

const CSV = '3501200000_20251125_001.csv';
const options = defaultOptions({ lang: 'en' });
/** Field 12 of EXAMPLE_ROW is 2025-11-25, field 9 is 1986-03-12. */
const GOOD: InstanceSpec = { studyDate: '20251125', birthDate: '19860312' };

let dir: string;
let n = 0;

function caseName(prefix: 'DCF' | 'ATT', ext: '7z' | 'CAB'): string {
  n++;
  return `${prefix}3501200000_C${String(n).padStart(11, '0')}.${ext}`;
}

function csvText(rows: Record<number, string>[]): string {
  return rows.map((patch) => EXAMPLE_ROW.map((v, i) => patch[i + 1] ?? v).join(',')).join('\r\n') + '\r\n';
}

function pack(name: string, files: Record<string, Uint8Array>, format: '7z' | 'cab' = '7z'): Promise<string> {
  return packFiles(dir, name, files, format);
}

function series(count: number, spec: InstanceSpec = {}): DirFile[] {
  const first = makeInstance({ modality: 'CT', ...GOOD, ...spec });
  const files: DirFile[] = [{ fileId: ['IMG', 'IM0'], instance: first }];
  for (let i = 1; i < count; i++) {
    files.push({ fileId: ['IMG', `IM${i}`], instance: makeInstance({ modality: 'CT', ...GOOD, ...spec, studyUid: first.studyUid, seriesUid: first.seriesUid, instanceNumber: i + 1 }) });
  }
  return files;
}

function dcfFiles(files: DirFile[]): Record<string, Uint8Array> {
  const out: Record<string, Uint8Array> = { DICOMDIR: makeDicomdir({ files }) };
  for (const f of files) out[f.fileId.join('/')] = f.instance.bytes;
  return out;
}

async function check(rows: Record<number, string>[], mode: 'quick' | 'full' = 'quick') {
  const model = parseCsv(csvText(rows));
  return checkLinkedArchives(join(dir, CSV), model, { options, mode });
}

/** What a finding that a new DICOMDIR mends ends with. */
const NEW_DICOMDIR_EN = /: pack the images again with Build Upload Batch \(nhi-imaging build on the command line\), letting it write a new DICOMDIR \(take the old DICOMDIR out of the image folder first, or add --rebuild-dicomdir on the command line\)$/;
const NEW_DICOMDIR_ZH = /；請以「建置上傳批次」（命令列 nhi-imaging build）重新打包，讓它產生新的 DICOMDIR（先把舊的 DICOMDIR 移出影像資料夾，或在命令列加上 --rebuild-dicomdir）$/;

const ids = (r: { findings: { ruleId: string }[] }) => [...new Set(r.findings.map((f) => f.ruleId))].sort();

describe('archive/check', function () {
  this.timeout(60000);
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'nhi-check-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('registers every archive rule in the catalogue with field 14 and both languages', () => {
    const all = new Set(allRules().map((r) => r.id));
    for (const r of ARCHIVE_RULES) {
      assert.ok(all.has(r.id), r.id);
      assert.equal(r.field, 14);
      assert.ok(r.title['zh-TW'] && r.title.en && r.description['zh-TW'] && r.description.en && r.section, r.id);
    }
  });

  for (const format of ['7z', 'cab'] as const) {
    it(`passes a correct DCF ${format} archive and summarises it`, async () => {
      const name = caseName('DCF', format === '7z' ? '7z' : 'CAB');
      await pack(name, dcfFiles(series(3)), format);
      for (const mode of ['quick', 'full'] as const) {
        const r = await check([{ 14: name }], mode);
        assert.deepEqual(r.findings, [], mode);
        const s = r.summaries[0];
        assert.equal(s.row, 0);
        assert.equal(s.kind, format);
        assert.equal(s.instances, 3);
        assert.equal(s.series, 1);
        assert.equal(s.studies, 1);
        assert.deepEqual(s.modalities, ['CT']);
        assert.deepEqual(s.sizes, [{ width: 512, height: 512, count: 3 }]);
        assert.equal(s.worst, null);
        assert.ok(s.bytes && s.bytes > 0);
        assert.ok(s.uncompressedBytes > 3 * 512 * 512);
      }
    });
  }

  it('quick check of a store 7z: a header too long to read at once (over 1 MiB) is read in steps like the rest', async () => {
    const name = caseName('DCF', '7z');
    const files = series(3);
    const long = makeInstance({ modality: 'CT', ...GOOD, studyUid: files[0].instance.studyUid, seriesUid: files[0].instance.seriesUid, instanceNumber: 4, extra: [{ tag: 0x00081030, vr: 'UT', value: 'A'.repeat(1_500_000) }] });
    files.push({ fileId: ['IMG', 'IM3'], instance: long });
    await pack(name, dcfFiles(files));
    const r = await check([{ 14: name }], 'quick');
    assert.deepEqual(r.findings, []);
    assert.equal(r.summaries[0].instances, 4);
    assert.deepEqual(r.summaries[0].sizes, [{ width: 512, height: 512, count: 4 }]);
  });

  it('quick check: two series whose headers differ in size, in turn, cost a longer read once, not once a file', async () => {
    const name = caseName('DCF', '7z');
    const short = series(10);
    const long = series(10, { studyUid: short[0].instance.studyUid, extra: [{ tag: 0x00081030, vr: 'LO', value: 'X'.repeat(60) }, { tag: 0x00204000, vr: 'LT', value: 'Y'.repeat(8000) }] });
    const files: DirFile[] = [];
    short.forEach((f, i) => files.push({ ...f, fileId: ['IMG', `S${i}`] }, { ...long[i], fileId: ['IMG', `L${i}`] }));
    await pack(name, dcfFiles(files));
    const outcome = await checkArchiveFile({ name, path: join(dir, name), mode: 'quick' });
    assert.deepEqual(outcome.issues, []);
    assert.equal(outcome.content?.images.length, 20);
    // 16 KiB for the first file, one longer read (256 KiB) when the first long header outgrows the guess,
    // then 12 KiB a file: under 1 MiB. Sized to the last header instead, every long one would take 256 KiB more.
    assert.ok(outcome.content!.bytesRead < 1024 * 1024, `${outcome.content!.bytesRead} bytes read`);
  });

  it('lets the event loop turn while it reads headers at once (a language server keeps answering)', async () => {
    const name = caseName('DCF', '7z');
    await pack(name, dcfFiles(series(30)));
    const turns = async (yieldEveryMs: number) => {
      const before = inspectPacing.yieldEveryMs;
      inspectPacing.yieldEveryMs = yieldEveryMs;
      let count = 0;
      let running = true;
      const spin = () => {
        if (!running) return;
        count++;
        setImmediate(spin);
      };
      setImmediate(spin);
      try {
        const outcome = await checkArchiveFile({ name, path: join(dir, name), mode: 'quick' });
        assert.equal(outcome.content?.images.length, 30);
      } finally {
        running = false;
        inspectPacing.yieldEveryMs = before;
      }
      return count;
    };
    // Every entry read lets the loop turn when asked to; 31 entries (30 files and the DICOMDIR).
    assert.ok((await turns(0)) >= 30);
  });

  it('puts findings on the field-14 cell of the row', async () => {
    const r = await check([{}, { 14: 'DCF3501200000_NOSUCHFILE01.7z' }]);
    assert.deepEqual(ids(r), ['A14-missing']);
    const f = r.findings[0];
    assert.equal(f.row, 1);
    assert.equal(f.field, 14);
    assert.equal(f.severity, 'error');
    // It says where it looked and what to do.
    assert.match(f.message.en, /^DCF3501200000_NOSUCHFILE01\.7z is not in .+: put it there, or name the folder that holds the archives \(the nhiImaging\.archiveFolder setting; --archive-dir on the command line\)$/);
    assert.match(f.message['zh-TW'], /中找不到 DCF3501200000_NOSUCHFILE01\.7z；請把它放進這個資料夾，或指定壓縮檔所在的資料夾（設定 nhiImaging\.archiveFolder；命令列 --archive-dir）$/);
    const line = csvText([{}, { 14: 'DCF3501200000_NOSUCHFILE01.7z' }]).split('\r\n')[1];
    assert.equal(line.slice(f.range.start.character, f.range.end.character), 'DCF3501200000_NOSUCHFILE01.7z');
    assert.equal(f.range.start.line, 1);
  });

  it('a folder under the archive\'s name, or a file that cannot be read, says what to do', async () => {
    const name = caseName('DCF', '7z');
    mkdirSync(join(dir, name));
    const r = await check([{ 14: name }]);
    assert.deepEqual(ids(r), ['A14-missing']);
    assert.match(r.findings[0].message.en, /is not a regular file: put the 7z or CAB archive there under this name$/);
    assert.match(r.findings[0].message['zh-TW'], /不是一般檔案；請在此放入以此為名的 7z 或 CAB 壓縮檔$/);
    const gone = await checkArchiveFile({ name: 'DCF3501200000_GONE00000001.7z', path: join(dir, 'DCF3501200000_GONE00000001.7z'), mode: 'quick' });
    const [[ruleId, , , advice]] = gone.issues;
    assert.equal(ruleId, 'A14-missing');
    assert.equal(advice?.en, 'make sure the file can be read (its permissions, the disk), then check again');
  });

  it('a link under the archive\'s name to nothing, or to itself, says so in words in both languages', async () => {
    const dangling = caseName('DCF', '7z');
    symlinkSync(join(dir, 'gone', 'DCF.7z'), join(dir, dangling));
    const [dead] = (await check([{ 14: dangling }])).findings;
    assert.equal(dead.ruleId, 'A14-missing');
    assert.equal(dead.message.en, `${dangling} is a symbolic link to ${join(dir, 'gone', 'DCF.7z')}, which cannot be read (no such file): make sure the file can be read (its permissions, the disk), then check again`);
    assert.equal(dead.message['zh-TW'], `${dangling} 是指向 ${join(dir, 'gone', 'DCF.7z')} 的符號連結，無法讀取（檔案不存在）；請確認此檔可以讀取（權限、磁碟）後再檢查`);
    rmSync(join(dir, dangling));
    symlinkSync(dangling, join(dir, dangling));
    const [loop] = (await check([{ 14: dangling }])).findings;
    assert.equal(loop.message.en, `${dangling} is a symbolic link to ${dangling}, which cannot be read (symbolic link loop): make sure the file can be read (its permissions, the disk), then check again`);
  });

  it('says in words why the archive folder could not be read (a folder not there, a share not reached)', async () => {
    const missing = join(dir, '影像');
    const r = await checkLinkedArchives(join(dir, CSV), parseCsv(csvText([{ 14: 'DCF3501200000_NOSUCHFILE01.7z' }])), { options, archiveDir: missing });
    assert.deepEqual(ids(r), ['A14-missing']);
    assert.match(r.findings[0].message.en, new RegExp(`^DCF3501200000_NOSUCHFILE01\\.7z is not in ${missing} \\(no such file\\): put it there`));
    assert.match(r.findings[0].message['zh-TW'], new RegExp(`^${missing}（檔案不存在） 中找不到 DCF3501200000_NOSUCHFILE01\\.7z；`));
  });

  it('names the parts of an archive split into volumes (7-Zip\'s .7z.001, .7z.002…) found in its place', async () => {
    const name = caseName('DCF', '7z');
    writeFileSync(join(dir, `${name}.001`), '7z');
    writeFileSync(join(dir, `${name}.002`), 'x');
    const r = await check([{ 14: name }]);
    assert.deepEqual(ids(r), ['A14-missing']);
    const wanted = name.replace('.', '\\.');
    assert.match(r.findings[0].message.en, new RegExp(`^${wanted} is not in .+: the folder holds ${wanted}\\.001, the first part of an archive split into volumes, and the NHI takes one whole archive: pack the images again with Build Upload Batch \\(nhi-imaging build on the command line\\), in one archive, not split$`));
    assert.match(r.findings[0].message['zh-TW'], new RegExp(`中找不到 ${wanted}，只有分割壓縮檔的第一部分 ${wanted}\\.001，而健保署只收完整的單一壓縮檔；請以「建置上傳批次」（命令列 nhi-imaging build）重新打包成一個檔案，不要分割$`));
  });

  it('names an archive whose extension was typed twice (Windows hides known extensions) and a Windows shortcut found in its place', async () => {
    const twice = caseName('DCF', '7z');
    await pack(`${twice}.7z`, dcfFiles(series(1)));
    const shortcut = caseName('DCF', 'CAB');
    writeFileSync(join(dir, `${shortcut}.lnk`), Buffer.from('4c000000', 'hex'));
    const r = await check([{ 14: twice }, { 14: shortcut }]);
    assert.deepEqual(r.findings.map((f) => [f.ruleId, f.row]), [['A14-missing', 0], ['A14-missing', 1]], JSON.stringify(r.findings.map((f) => f.message.en)));
    const [t, s] = r.findings.map((f) => f.message);
    const esc = (n: string) => n.replace(/\./g, '\\.');
    assert.match(t.en, new RegExp(`^${esc(twice)} is not in .+: the folder holds ${esc(twice)}\\.7z, its extension written twice \\(Windows hides the extensions of known file types, so one typed in a new name is added again\\): rename the archive to ${esc(twice)}, exactly as field 14 writes it$`));
    assert.match(t['zh-TW'], new RegExp(`中找不到 ${esc(twice)}，只有副檔名重複的 ${esc(twice)}\\.7z（Windows 預設隱藏已知檔案類型的副檔名，改名時再打上副檔名就會重複）；請把壓縮檔改名為序號14 所寫的 ${esc(twice)}，大小寫完全相同$`));
    assert.match(s.en, new RegExp(`^${esc(shortcut)} is not in .+: the folder holds ${esc(shortcut)}\\.lnk, a Windows shortcut to it, not the archive: copy the archive itself there$`));
    assert.match(s['zh-TW'], new RegExp(`中找不到 ${esc(shortcut)}，只有指向它的 Windows 捷徑 ${esc(shortcut)}\\.lnk，不是壓縮檔本身；請把壓縮檔本身複製到這裡$`));
  });

  it('an archive name in full-width characters, typed quotation marks or a spreadsheet\'s ="…": the archive meant is checked, and the field\'s own rule says what to correct', async () => {
    const name = caseName('DCF', '7z');
    await pack(name, dcfFiles(series(2)));
    const fullWidth = name.replace(/[A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
    const r = await check([{ 14: fullWidth }, { 14: `="${name}"` }, { 14: `“${name}”` }]);
    assert.deepEqual(r.findings.map((f) => f.ruleId), []);
    assert.deepEqual(r.summaries.map((x) => x.instances), [2, 2, 2]);
  });

  it('reports a name that matches only ignoring case as its own finding', async () => {
    const name = caseName('DCF', '7z');
    const onDisk = name.replace('DCF', 'dcf');
    await pack(onDisk, dcfFiles(series(1)));
    const r = await check([{ 14: name.replace('DCF', 'Dcf') }]);
    assert.deepEqual(ids(r), ['A14-name-case']);
    assert.match(r.findings[0].message.en, new RegExp(onDisk));
    // It says what to do: the name the NHI matches is field 14's.
    const wanted = name.replace('DCF', 'Dcf').replace('.', '\\.');
    assert.match(r.findings[0].message.en, new RegExp(`in field 14: rename the archive to ${wanted}, exactly as field 14 writes it$`));
    assert.match(r.findings[0].message['zh-TW'], new RegExp(`大小寫不同；請把壓縮檔改名為序號14 所寫的 ${wanted}，大小寫完全相同$`));
  });

  it('a file named as the text writes it (DCF…, .CAB) where field 14 writes it in other case: field 14 is to be corrected, and the archive is checked', async () => {
    const name = caseName('DCF', 'CAB');
    await pack(name, dcfFiles(series(2, { rows: 128, columns: 128 })), 'cab');
    const field = name.replace('DCF', 'dcf').replace('.CAB', '.cab');
    const r = await check([{ 14: field }]);
    assert.deepEqual(ids(r), ['A14-image-size', 'A14-name-case']);
    const f = r.findings.find((x) => x.ruleId === 'A14-name-case')!;
    const esc = (n: string) => n.replace('.', '\\.');
    assert.match(f.message.en, new RegExp(`^the folder holds ${esc(name)}, which differs in case from ${esc(field)} in field 14: correct field 14 to ${esc(name)}, the archive's name as the text writes it$`));
    assert.match(f.message['zh-TW'], new RegExp(`；請把序號14 改為 ${esc(name)}（壓縮檔的檔名，也是規定的寫法）$`));
    assert.ok(!f.message.en.includes('rename the archive'), f.message.en);
    assert.equal(r.summaries[0].instances, 2);
  });

  it('answers the size rule from the size alone: over 4.5 GiB is an error, above 4.5e9 a warning', async () => {
    const big = caseName('DCF', '7z');
    const fd = openSync(join(dir, big), 'w');
    ftruncateSync(fd, ARCHIVE_SIZE_LIMIT + 1);
    closeSync(fd);
    const near = caseName('DCF', '7z');
    const fd2 = openSync(join(dir, near), 'w');
    ftruncateSync(fd2, 4.6e9);
    closeSync(fd2);
    const r = await check([{ 14: big }, { 14: near }]);
    assert.deepEqual(r.findings.filter((f) => f.row === 0).map((f) => f.ruleId), ['A14-size']);
    const nearIds = r.findings.filter((f) => f.row === 1).map((f) => f.ruleId);
    assert.equal(nearIds[0], 'A14-size-near');
    assert.ok(nearIds.includes('A14-format'), 'zeros are no 7z');
    assert.equal(r.findings.find((f) => f.ruleId === 'A14-size-near')?.severity, 'warning');
    // Each says what to do: over the limit, the images packed compressed (the build keeps an archive that comes out under it) or exported smaller; near it, the same.
    const over = r.findings.find((f) => f.ruleId === 'A14-size')!.message;
    assert.match(over.en, /is over 4\.5 GiB: bring the archive below 4,500,000,000 bytes: pack the images compressed \(nhi-imaging build --level 1 on the command line\), or export the exam's images again from the PACS or the modality with lossless compression \(JPEG Lossless, for one\)$/);
    assert.match(over['zh-TW'], /超過 4\.5 GiB；請讓壓縮檔小於 4,500,000,000 位元組：以命令列 nhi-imaging build --level 1 壓縮打包，或從 PACS 或影像設備以無失真壓縮（如 JPEG Lossless）重新匯出此次檢查的影像$/);
    const nearText = r.findings.find((f) => f.ruleId === 'A14-size-near')!.message;
    assert.match(nearText.en, /is over 4\.5×10\^9: if GB means 10\^9 bytes it is over the limit, so bring it below 4,500,000,000 bytes: pack the images compressed \(nhi-imaging build --level 1 on the command line\), or export them again with lossless compression$/);
    assert.match(nearText['zh-TW'], /，超過 4\.5×10\^9；若 GB 指 10\^9 位元組即已超限，請讓壓縮檔小於 4,500,000,000 位元組：以命令列 nhi-imaging build --level 1 壓縮打包，或以無失真壓縮重新匯出影像$/);
  });

  it('takes exactly 4.5×10^9 bytes for within the limit (不可超過 4.5GB) and warns only above it', async () => {
    const sized = (bytes: number) => {
      const name = caseName('DCF', '7z');
      const fd = openSync(join(dir, name), 'w');
      ftruncateSync(fd, bytes);
      closeSync(fd);
      return name;
    };
    const r = await check([{ 14: sized(4.5e9) }, { 14: sized(4.5e9 + 1) }]);
    const rowIds = (row: number) => r.findings.filter((f) => f.row === row).map((f) => f.ruleId);
    assert.ok(!rowIds(0).includes('A14-size-near'), rowIds(0).join(' '));
    assert.ok(!rowIds(0).includes('A14-size'), rowIds(0).join(' '));
    assert.equal(rowIds(1)[0], 'A14-size-near');
    const near = r.findings.find((f) => f.ruleId === 'A14-size-near')!.message;
    assert.match(near.en, /^4,500,000,001 bytes is over 4\.5×10\^9: /);
    assert.match(near['zh-TW'], /^大小 4,500,000,001 位元組，超過 4\.5×10\^9；/);
  });

  it('judges the format by content: a ZIP named .7z, a 7z named .CAB, text', async () => {
    const zip = caseName('DCF', '7z');
    writeFileSync(join(dir, zip), Buffer.from('504b0304140000000000', 'hex'));
    const cabName = caseName('DCF', 'CAB');
    await pack(cabName, dcfFiles(series(1)), '7z');
    const txt = caseName('DCF', '7z');
    writeFileSync(join(dir, txt), 'hello');
    const r = await check([{ 14: zip }, { 14: cabName }, { 14: txt }]);
    assert.match(r.findings.find((f) => f.row === 0)!.message.en, /ZIP/);
    assert.deepEqual(r.findings.filter((f) => f.row === 1).map((f) => f.ruleId), ['A14-format']);
    assert.match(r.findings.find((f) => f.row === 1)!.message.en, /named \.CAB but the content is 7z/);
    assert.deepEqual(r.findings.filter((f) => f.row === 2).map((f) => f.ruleId), ['A14-format']);
    // Each says what to do: the build writes the format its name says.
    for (const row of [0, 1, 2]) {
      const message = r.findings.find((f) => f.row === row && f.ruleId === 'A14-format')!.message;
      assert.match(message.en, /: pack the images again with Build Upload Batch \(nhi-imaging build on the command line\), which writes 7z or CAB as its name says$/, String(row));
      assert.match(message['zh-TW'], /；請以「建置上傳批次」（命令列 nhi-imaging build）重新打包（依副檔名寫出 7z 或 CAB）$/, String(row));
    }
  });

  it('reports a truncated archive as unreadable, without throwing', async () => {
    const name = caseName('DCF', '7z');
    const path = await pack(name, dcfFiles(series(2)));
    const bytes = readFileSync(path);
    writeFileSync(path, bytes.subarray(0, bytes.length - 200));
    const r = await check([{ 14: name }]);
    assert.ok(ids(r).includes('A14-unreadable'), ids(r).join());
    // It says what to do: copy it again, or pack it again.
    const unreadable = r.findings.find((f) => f.ruleId === 'A14-unreadable')!.message;
    assert.match(unreadable.en, /: copy the archive again from where it was made \(a copy may have been cut short\), or pack the images again with Build Upload Batch \(nhi-imaging build on the command line\)$/);
    assert.match(unreadable['zh-TW'], /；請從原處重新複製壓縮檔（複製可能未完成），或以「建置上傳批次」（命令列 nhi-imaging build）重新打包$/);
  });

  for (const format of ['7z', 'cab'] as const) {
    const label = format === '7z' ? '7z' : 'CAB';
    it(`${label} with data after its end: a warning naming how many bytes follow, and a second archive appended, quick and full`, async () => {
      const name = caseName('DCF', label);
      const path = await pack(name, dcfFiles(series(2)), format);
      const archive = readFileSync(path);
      const second = await pack(caseName('DCF', label), dcfFiles(series(1)), format);
      const appended = readFileSync(second);
      const garbage = Buffer.from('not an archive');
      for (const [tail, said] of [
        [garbage, `the ${label} archive ends after ${archive.length.toLocaleString('en-US')} bytes, and 14 more bytes follow, which 7-Zip does not read`],
        [appended, `the ${label} archive ends after ${archive.length.toLocaleString('en-US')} bytes, and ${appended.length.toLocaleString('en-US')} more bytes follow: a second ${label} archive appended to it, whose files 7-Zip does not unpack`],
      ] as const) {
        writeFileSync(path, Buffer.concat([archive, tail]));
        for (const mode of ['quick', 'full'] as const) {
          const r = await check([{ 14: name }], mode);
          assert.deepEqual(r.findings.map((f) => [f.ruleId, f.severity]), [['A14-trailing-data', 'warning']], mode);
          assert.equal(r.findings[0].message.en, `Data after the end of the archive: ${said}: pack the images again with Build Upload Batch (nhi-imaging build on the command line), all images in one archive, not archives joined end to end`, mode);
          assert.match(r.findings[0].message['zh-TW'], /^壓縮檔結尾之後還有資料：(7z|CAB) 壓縮檔在前 [\d,]+ 位元組結束，其後還有 [\d,]+ 位元組，/, mode);
        }
      }
    });
  }

  it('CAB whose header undercounts its size (cbCabinet): no warning for the blocks past it, which are read; bytes past the blocks are', async () => {
    const name = caseName('DCF', 'CAB');
    const path = await pack(name, dcfFiles(series(2)), 'cab');
    const cab = readFileSync(path);
    cab.writeUInt32LE(cab.length - 300, 8);
    writeFileSync(path, cab);
    for (const mode of ['quick', 'full'] as const) assert.deepEqual((await check([{ 14: name }], mode)).findings, [], mode);
    writeFileSync(path, Buffer.concat([cab, Buffer.alloc(5)]));
    const r = await check([{ 14: name }]);
    assert.deepEqual(r.findings.map((f) => f.ruleId), ['A14-trailing-data']);
    assert.match(r.findings[0].message.en, new RegExp(`ends after ${cab.length.toLocaleString('en-US')} bytes, and 5 more bytes follow,`));
  });

  /** `cab` given a 20-byte header reserve naming a signature area (offset, length) as an Authenticode signer writes it. */
  function signedCab(cab: Buffer, offset: (end: number) => number, length: number): Buffer {
    const reserved = withReserves(cab, { header: 20, folder: 0, data: 0, checksum: 'with-reserve' });
    const reserve = reserved.subarray(40, 60).fill(0);
    reserve.writeUInt32LE(0x00100000, 0);
    reserve.writeUInt32LE(offset(reserved.readUInt32LE(8)), 4);
    reserve.writeUInt32LE(length, 8);
    return reserved;
  }

  it('CAB with an Authenticode signature where its header reserve says: no warning, quick and full; bytes past the signature are one, as is a tail the reserve does not place', async () => {
    const name = caseName('DCF', 'CAB');
    const path = await pack(name, dcfFiles(series(2)), 'cab');
    const cab = readFileSync(path);
    const signature = Buffer.alloc(1416, 0x30);
    const signed = signedCab(cab, (end) => end, signature.length);
    writeFileSync(path, Buffer.concat([signed, signature]));
    for (const mode of ['quick', 'full'] as const) assert.deepEqual((await check([{ 14: name }], mode)).findings, [], mode);
    writeFileSync(path, Buffer.concat([signed, signature, Buffer.from('tail')]));
    for (const mode of ['quick', 'full'] as const) {
      const r = await check([{ 14: name }], mode);
      assert.deepEqual(r.findings.map((f) => f.ruleId), ['A14-trailing-data'], mode);
      const end = (signed.length + signature.length).toLocaleString('en-US');
      assert.match(r.findings[0].message.en, new RegExp(`the CAB archive and its Authenticode signature end after ${end} bytes, and 4 more bytes follow,`), mode);
      assert.match(r.findings[0].message['zh-TW'], new RegExp(`CAB 壓縮檔連同其 Authenticode 簽章在前 ${end} 位元組結束，其後還有 4 位元組`), mode);
    }
    for (const [what, bytes] of [
      ['a signature said to start 8 bytes later', Buffer.concat([signedCab(cab, (end) => end + 8, signature.length - 8), signature])],
      ['a signature said to run past the end of the file', Buffer.concat([signedCab(cab, (end) => end, signature.length + 8), signature])],
      ['a "signature" that is a second cabinet appended', Buffer.concat([signedCab(cab, (end) => end, cab.length), cab])],
      ['a header reserve without the signature marker', Buffer.concat([withReserves(cab, { header: 20, folder: 0, data: 0, checksum: 'with-reserve' }), signature])],
    ] as const) {
      writeFileSync(path, bytes);
      const r = await check([{ 14: name }]);
      assert.deepEqual(r.findings.map((f) => f.ruleId), ['A14-trailing-data'], what);
      const more = what.includes('second cabinet') ? `${cab.length.toLocaleString('en-US')} more bytes follow: a second CAB archive appended` : '1,416 more bytes follow,';
      assert.match(r.findings[0].message.en, new RegExp(`the CAB archive ends after [\\d,]+ bytes, and ${more}`), what);
    }
  });

  it('full check of a damaged LZMA block: each file reported once, counted once', async () => {
    const content = dcfFiles(series(3));
    const stage = mkdtempSync(join(dir, '.stage-'));
    const inputs = Object.entries(content).map(([archivePath, bytes], i) => {
      const sourcePath = join(stage, String(i));
      writeFileSync(sourcePath, bytes);
      return { archivePath, sourcePath };
    });
    const name = caseName('DCF', '7z');
    await write7z(inputs, join(dir, name), { level: 1 });
    const bytes = readFileSync(join(dir, name));
    bytes[200] ^= 0x55;
    writeFileSync(join(dir, name), bytes);
    const r = await check([{ 14: name }], 'full');
    const unreadable = r.findings.find((f) => f.ruleId === 'A14-unreadable')!;
    assert.match(unreadable.message.en, /^4 files: DICOMDIR: .*; IMG\/IM0: .*; IMG\/IM1: .*; and 1 more: copy the archive again from where it was made \(a copy may have been cut short\), or pack the images again with Build Upload Batch \(nhi-imaging build on the command line\)$/);
  });

  it('DCF: missing DICOMDIR, DICOMDIR in a subfolder', async () => {
    const files = series(2);
    const noDir = caseName('DCF', '7z');
    await pack(noDir, { 'IMG/IM0': files[0].instance.bytes, 'IMG/IM1': files[1].instance.bytes });
    const nested = caseName('DCF', '7z');
    const nestedFiles: Record<string, Uint8Array> = {};
    for (const [k, v] of Object.entries(dcfFiles(files))) nestedFiles[`CASE/${k}`] = v;
    await pack(nested, nestedFiles);
    const r = await check([{ 14: noDir }, { 14: nested }]);
    assert.deepEqual(r.findings.filter((f) => f.row === 0).map((f) => f.ruleId), ['A14-dicomdir-missing']);
    assert.equal(r.summaries[0].instances, 2, 'images still read and counted');
    // It says what to do: export again with a DICOMDIR, or let the build write one.
    const none = r.findings.find((f) => f.row === 0)!.message;
    assert.match(none.en, /no DICOMDIR at its root: export the study again with a DICOMDIR .* or put the images in a folder and pack them with Build Upload Batch \(nhi-imaging build on the command line\), which writes one$/);
    assert.match(none['zh-TW'], /沒有 DICOMDIR；請從 PACS 或影像設備以含 DICOMDIR 的格式重新匯出，或把影像放在資料夾中、以「建置上傳批次」（命令列 nhi-imaging build）打包（會產生 DICOMDIR）$/);
    assert.deepEqual(r.findings.filter((f) => f.row === 1).map((f) => f.ruleId), ['A14-dicomdir-missing']);
    assert.match(r.findings.find((f) => f.row === 1)!.message.en, /subfolder, not at the root of the archive: pack the images again with Build Upload Batch \(nhi-imaging build on the command line\), which puts the DICOMDIR at the root$/);
    assert.match(r.findings.find((f) => f.row === 1)!.message['zh-TW'], /而在子資料夾中；請以「建置上傳批次」（命令列 nhi-imaging build）重新打包（DICOMDIR 會放在根目錄）$/);
    assert.equal(r.summaries[1].instances, 2, 'the nested file-set is still checked');
  });

  it('DCF: image objects without pixel data (no Pixel Data, Rows, Columns) are no images: A14-empty', async () => {
    const name = caseName('DCF', '7z');
    await pack(name, dcfFiles(series(2, { noPixelData: true })));
    const r = await check([{ 14: name }]);
    assert.deepEqual(ids(r), ['A14-empty']);
    assert.match(r.findings[0].message.en, /2 DICOM files hold no pixel data \(Pixel Data, Rows, Columns\)\): pack the images of this order's exam \(export them again from the PACS or the modality\)$/);
    assert.match(r.findings[0].message['zh-TW'], /；請放入此醫令該次檢查的影像（可從 PACS 或影像設備重新匯出）$/);
    const single = caseName('DCF', '7z');
    await pack(single, dcfFiles(series(1, { noPixelData: true })));
    assert.match((await check([{ 14: single }])).findings[0].message.en, /; 1 DICOM file holds no pixel data \(Pixel Data, Rows, Columns\)\)/);
    const withImage = caseName('DCF', '7z');
    const mixed = series(2);
    mixed[1] = { ...mixed[1], instance: makeInstance({ modality: 'CT', ...GOOD, noPixelData: true, studyUid: mixed[0].instance.studyUid, seriesUid: mixed[0].instance.seriesUid }) };
    await pack(withImage, dcfFiles(mixed));
    assert.deepEqual(ids(await check([{ 14: withImage }])), []);
  });

  it('DCF: an unreferenced DICOM file whose header cannot be read is a DICOM finding, not "neither DICOM nor JPG"', async () => {
    const files = series(1);
    const content = dcfFiles(files);
    const good = makeInstance({ modality: 'CT', ...GOOD, studyUid: files[0].instance.studyUid }).bytes;
    // Part 10 with its meta group cut before (0002,0010): DICOM that cannot be read.
    const noSyntax = Buffer.from(good);
    const at = noSyntax.indexOf(Buffer.from([0x02, 0x00, 0x10, 0x00]), 132);
    noSyntax.writeUInt16LE(0x0011, at + 2);
    content['IMG/BROKEN'] = noSyntax;
    // Sequences nested 1,000 deep before Pixel Data: refused before it is parsed.
    const level = Buffer.from('4000' + '30a7' + '5351' + '0000' + 'ffffffff' + 'feff' + '00e0' + 'ffffffff', 'hex');
    const close = Buffer.from('feff0de000000000' + 'feffdde000000000', 'hex');
    const pixelAt = Buffer.from(good).indexOf(Buffer.from([0xe0, 0x7f, 0x10, 0x00]), 132);
    content['IMG/DEEP'] = Buffer.concat([good.subarray(0, pixelAt), ...Array(1000).fill(level), ...Array(1000).fill(close), good.subarray(pixelAt)]);
    const name = caseName('DCF', '7z');
    await pack(name, content);
    const r = await check([{ 14: name }]);
    assert.deepEqual(ids(r), ['A14-dicom-corrupt', 'A14-dicom-part10', 'A14-dicom-unreferenced']);
    assert.match(r.findings.find((f) => f.ruleId === 'A14-dicom-part10')!.message.en, /BROKEN.*0002,0010/);
    assert.match(r.findings.find((f) => f.ruleId === 'A14-dicom-corrupt')!.message.en, /DEEP.*nests sequences more than 128 deep/);
  });

  it('DCF: the File-set Descriptor File the DICOMDIR names (dcmmkdir +R) is part of the file-set, not an extra file', async () => {
    const files = series(2);
    const content = dcfFiles(files);
    content.DICOMDIR = makeDicomdir({ files, descriptorFileId: ['DOC', 'README'] });
    content['DOC/README'] = Buffer.from('Exported by the PACS\r\n');
    content['NOTES.TXT'] = Buffer.from('not named by the DICOMDIR');
    const name = caseName('DCF', '7z');
    await pack(name, content);
    for (const mode of ['quick', 'full'] as const) {
      const r = await check([{ 14: name }], mode);
      assert.deepEqual(r.findings.map((f) => [f.ruleId, f.message.en]), [['A14-extra-file', 'NOTES.TXT: neither DICOM nor JPG: remove it from the archive, or pack the images again with Build Upload Batch (nhi-imaging build on the command line), which leaves out files that are not images']], mode);
    }
  });

  it('DCF: a DICOMDIR whose File IDs leave out the folder the files are in (made inside it, as gdcmgendir -i IMG makes it) names the folder', async () => {
    const files = series(2, { studyDate: '20251125' });
    const content: Record<string, Uint8Array> = { DICOMDIR: makeDicomdir({ files: files.map((f) => ({ ...f, fileId: f.fileId.slice(1) })) }) };
    for (const f of files) content[`EXPORT/${f.fileId.join('/')}`] = f.instance.bytes;
    // A same-named file elsewhere is not taken for it: the shortest path that ends in the File ID is.
    content['EXPORT/IMG/OLD/IM0'] = files[0].instance.bytes;
    const name = caseName('DCF', '7z');
    await pack(name, content);
    for (const mode of ['quick', 'full'] as const) {
      const r = await check([{ 14: name }], mode);
      assert.deepEqual(ids(r), ['A14-dicom-unreferenced', 'A14-file-missing'], mode);
      const missing = r.findings.find((f) => f.ruleId === 'A14-file-missing')!.message;
      assert.match(missing.en, /^2 files: IM0: referenced by the DICOMDIR but not in the archive, which has EXPORT\/IMG\/IM0: the DICOMDIR's File IDs leave out the folder EXPORT\/IMG, as those of a DICOMDIR made inside that folder do; IM1: .* which has EXPORT\/IMG\/IM1: .*: make the DICOMDIR again from the archive's root folder, where File IDs start, or pack the images again with Build Upload Batch \(nhi-imaging build on the command line\), letting it write a new DICOMDIR$/, mode);
      assert.match(missing['zh-TW'], /IM0: DICOMDIR 指向此檔，但壓縮檔中只有 EXPORT\/IMG\/IM0：DICOMDIR 的 File ID 少了資料夾 EXPORT\/IMG，像是在該資料夾內產生的/, mode);
      assert.match(missing['zh-TW'], /；請在壓縮檔的根資料夾重新產生 DICOMDIR（File ID 自根資料夾算起），或以「建置上傳批次」（命令列 nhi-imaging build）重新打包，讓它產生新的 DICOMDIR$/, mode);
    }
  });

  it('DCF: referenced file missing, unreferenced DICOM, extra file, non-Part 10 file, case-only File ID match', async () => {
    const files = series(3);
    const content = dcfFiles(files);
    delete content['IMG/IM2'];
    content['IMG/EXTRA1'] = makeInstance({ modality: 'CT', ...GOOD, studyUid: files[0].instance.studyUid }).bytes;
    content['README.TXT'] = Buffer.from('hello');
    content['SCAN.DAT'] = makeJpeg({ width: 1400, height: 1400 });
    const name = caseName('DCF', '7z');
    await pack(name, content);
    const r = await check([{ 14: name }]);
    assert.deepEqual(ids(r), ['A14-dcf-jpeg', 'A14-dicom-unreferenced', 'A14-extra-file', 'A14-file-missing']);
    const jpeg = r.findings.find((f) => f.ruleId === 'A14-dcf-jpeg')!;
    assert.equal(jpeg.severity, 'error');
    assert.match(jpeg.message.en, /SCAN\.DAT.*JPEG image in a DCF archive|JPEG image in a DCF archive.*SCAN\.DAT/);
    assert.match(jpeg.message.en, /; JPG goes in an ATT archive of its own: remove it from the archive, or export it again as DICOM from the PACS or the modality$/);
    assert.match(jpeg.message['zh-TW'], /；JPG 應另以 ATT 壓縮檔上傳；請從壓縮檔中移除，或從 PACS 或影像設備重新匯出為 DICOM$/);
    assert.match(r.findings.find((f) => f.ruleId === 'A14-file-missing')!.message.en, /IMG\\IM2/);
    // Each says what to do, once after the files it names.
    const missing = r.findings.find((f) => f.ruleId === 'A14-file-missing')!.message;
    assert.match(missing.en, /not in the archive: put the file back in the archive, or pack the images again with Build Upload Batch \(nhi-imaging build on the command line\), which writes a DICOMDIR that matches them$/);
    assert.match(missing['zh-TW'], /壓縮檔中沒有；請把該檔放回壓縮檔，或以「建置上傳批次」（命令列 nhi-imaging build）重新打包（會產生相符的 DICOMDIR）$/);
    const extra = r.findings.find((f) => f.ruleId === 'A14-extra-file')!.message;
    assert.match(extra.en, /^README\.TXT: neither DICOM nor JPG: remove it from the archive, or pack the images again with Build Upload Batch/);
    const unreferenced = r.findings.find((f) => f.ruleId === 'A14-dicom-unreferenced')!.message;
    assert.match(unreferenced.en, /^IMG\/EXTRA1: a DICOM file the DICOMDIR does not reference: remove it from the archive, or pack the images again with Build Upload Batch \(nhi-imaging build on the command line\), whose DICOMDIR references every image$/);
    assert.match(unreferenced['zh-TW'], /DICOMDIR 未引用此 DICOM 檔；請從壓縮檔中移除，或以「建置上傳批次」（命令列 nhi-imaging build）重新打包（DICOMDIR 會引用每個影像）$/);
    assert.match(extra['zh-TW'], /既非 DICOM 也非 JPG；請從壓縮檔中移除，或以「建置上傳批次」（命令列 nhi-imaging build）重新打包（非影像檔不會被打包）$/);

    const files2 = series(2);
    const c2 = dcfFiles(files2);
    c2['IMG/IM1'] = makeInstance({ modality: 'CT', ...GOOD, noPart10Header: true, instanceUid: files2[1].instance.sopInstanceUid, studyUid: files2[0].instance.studyUid, seriesUid: files2[0].instance.seriesUid }).bytes;
    c2['img/im0'] = c2['IMG/IM0'];
    delete c2['IMG/IM0'];
    const name2 = caseName('DCF', '7z');
    await pack(name2, c2);
    const r2 = await check([{ 14: name2 }]);
    assert.deepEqual(ids(r2), ['A14-dicom-part10', 'A14-file-id-case']);
    const caseDiffers = r2.findings.find((f) => f.ruleId === 'A14-file-id-case')!.message;
    assert.match(caseDiffers.en, /letter case differs: pack the images again with Build Upload Batch \(nhi-imaging build on the command line\), which names the files as its DICOMDIR does$/);
    assert.match(caseDiffers['zh-TW'], /大小寫不同；請以「建置上傳批次」（命令列 nhi-imaging build）重新打包（檔名與 DICOMDIR 一致）$/);
  });

  for (const format of ['7z', 'cab'] as const) {
    it(`DCF ${format}: entry names and File IDs Windows cannot unpack (device names, forbidden characters) are errors, quick and full`, async () => {
      const files = series(2);
      files[1].fileId = ['CON', 'IM1'];
      const content = dcfFiles(files);
      content['IMG/a<b.txt'] = Buffer.from('hello');
      const name = caseName('DCF', format === '7z' ? '7z' : 'CAB');
      await pack(name, content, format);
      for (const mode of ['quick', 'full'] as const) {
        const r = await check([{ 14: name }], mode);
        assert.deepEqual(ids(r), ['A14-entry-windows', 'A14-extra-file'], mode);
        const f = r.findings.find((x) => x.ruleId === 'A14-entry-windows')!;
        assert.equal(f.severity, 'error');
        assert.match(f.message.en, /CON[\\/]IM1: "CON" is a name Windows keeps for a device; it cannot be unpacked on Windows/, mode);
        assert.match(f.message.en, /DICOMDIR → CON\\IM1: "CON" is a name Windows keeps for a device/, mode);
        assert.match(f.message.en, /IMG[\\/]a<b\.txt: "a<b\.txt" holds "<"/, mode);
        assert.match(f.message['zh-TW'], /Windows 的裝置名稱，在 Windows 上無法解壓/, mode);
        // It says what to do, once: the build names files and File IDs as Windows can unpack them.
        assert.match(f.message.en, /unpacked on Windows: pack the images again with Build Upload Batch \(nhi-imaging build on the command line\), whose names and File IDs Windows can unpack$/, mode);
        assert.equal(f.message.en.split('Build Upload Batch').length, 2, mode);
        assert.match(f.message['zh-TW'], /在 Windows 上無法解壓；請以「建置上傳批次」（命令列 nhi-imaging build）重新打包（檔名與 File ID 皆可在 Windows 上解壓）$/, mode);
        // The images are still read: the File ID's file is no missing file.
        assert.equal(r.summaries[0].instances, 2, mode);
      }
    });
  }

  it('DCF: a DICOMDIR named in lower case is read, and says to rename it or pack again', async () => {
    const content = dcfFiles(series(1));
    content.dicomdir = content.DICOMDIR;
    delete content.DICOMDIR;
    const name = caseName('DCF', '7z');
    await pack(name, content);
    const r = await check([{ 14: name }]);
    assert.deepEqual(ids(r), ['A14-file-id-case']);
    assert.equal(r.findings[0].message.en, 'dicomdir: the DICOMDIR file name should be upper case "DICOMDIR": rename it DICOMDIR in upper case, or pack the images again with Build Upload Batch (nhi-imaging build on the command line)');
    assert.equal(r.findings[0].message['zh-TW'], 'dicomdir: DICOMDIR 檔名應為大寫「DICOMDIR」；請改名為大寫的 DICOMDIR，或以「建置上傳批次」（命令列 nhi-imaging build）重新打包');
    assert.equal(r.summaries[0].instances, 1);
  });

  it('DCF: a trailing dot, a lower-case device name with an extension, a control character in entry names are errors', async () => {
    const content = dcfFiles(series(1));
    content['IMG/NOTE.'] = Buffer.from('a');
    content['nul.dcm'] = Buffer.from('b');
    content['IMG/TAB\tX'] = Buffer.from('c');
    const name = caseName('DCF', '7z');
    await pack(name, content);
    const r = await check([{ 14: name }]);
    const f = r.findings.find((x) => x.ruleId === 'A14-entry-windows');
    assert.ok(f, JSON.stringify(r.findings.map((x) => x.ruleId)));
    assert.match(f.message.en, /^3 files: /);
    assert.match(f.message.en, /"NOTE\." ends with a dot or space/);
    assert.match(f.message.en, /"nul\.dcm" is a name Windows keeps for a device/);
    assert.match(f.message.en, /"TAB\\u0009X" holds "\\u0009"/);
  });

  it('DCF: a DICOMDIR record naming another SOP Class than its file is a mismatch', async () => {
    const files = series(2);
    const content = dcfFiles(files);
    const mr = makeInstance({ modality: 'MR' }).sopClassUid;
    content.DICOMDIR = makeDicomdir({ files: files.map((f, i) => (i === 1 ? { ...f, instance: { ...f.instance, sopClassUid: mr } } : f)) });
    const name = caseName('DCF', '7z');
    await pack(name, content);
    for (const mode of ['quick', 'full'] as const) {
      const r = await check([{ 14: name }], mode);
      assert.deepEqual(ids(r), ['A14-dicom-mismatch'], mode);
      assert.match(r.findings[0].message.en, new RegExp(`IMG/IM1: .*SOP Class UID ${mr.replace(/\./g, '\\.')} ≠ ${files[1].instance.sopClassUid.replace(/\./g, '\\.')}`), mode);
      assert.match(r.findings[0].message.en, NEW_DICOMDIR_EN, mode);
      assert.match(r.findings[0].message['zh-TW'], NEW_DICOMDIR_ZH, mode);
    }
  });

  it('DCF: DICOMDIR loops and bad File IDs are findings on the row', async () => {
    const files = series(3);
    const content = dcfFiles(files);
    content.DICOMDIR = makeDicomdir({
      files,
      patchOffsets: (laid) => {
        const images = laid.filter((x) => x.record.type === 'IMAGE');
        images[2].next = images[1].offset;
      },
    });
    const name = caseName('DCF', '7z');
    await pack(name, content);
    const r = await check([{ 14: name }]);
    assert.deepEqual(ids(r), ['A14-dicomdir']);
    assert.match(r.findings[0].message.en, /loop/);
    assert.match(r.findings[0].message.en, NEW_DICOMDIR_EN);
    assert.match(r.findings[0].message['zh-TW'], NEW_DICOMDIR_ZH);
  });

  it('DCF: unreachable records, empty Type 1 keys and non-conformant File IDs say to let the build write a new DICOMDIR (empty keys: from images that hold them)', async () => {
    const orphaned = series(2);
    const withOrphans = dcfFiles(orphaned);
    withOrphans.DICOMDIR = makeDicomdir({
      files: orphaned,
      patchOffsets: (laid) => {
        laid.find((x) => x.record.type === 'SERIES')!.lower = 0x7fff0000;
      },
    });
    const emptyKey = series(1);
    const withEmptyKey = dcfFiles(emptyKey);
    withEmptyKey.DICOMDIR = makeDicomdir({
      files: emptyKey,
      mapRecords: (roots) => {
        roots[0].elements = roots[0].elements.map((e) => (e.tag === TAG.PatientID ? { ...e, value: '' } : e));
        return roots;
      },
    });
    const badId = series(1);
    badId[0].fileId = ['IMG', 'im0.dcm'];
    const names = [caseName('DCF', '7z'), caseName('DCF', '7z'), caseName('DCF', '7z')];
    await pack(names[0], withOrphans);
    await pack(names[1], withEmptyKey);
    await pack(names[2], dcfFiles(badId));
    const r = await check(names.map((name) => ({ 14: name })));
    const message = (row: number, ruleId: string) => r.findings.find((f) => f.row === row && f.ruleId === ruleId)!.message;
    for (const [row, ruleId] of [[0, 'A14-dicomdir-orphans'], [0, 'A14-dicomdir'], [2, 'A14-file-id']] as const) {
      assert.match(message(row, ruleId).en, NEW_DICOMDIR_EN, ruleId);
      assert.match(message(row, ruleId)['zh-TW'], NEW_DICOMDIR_ZH, ruleId);
    }
    // The build writes the keys from the images: a new DICOMDIR has them only where the images do.
    const keys = message(1, 'A14-dicomdir-keys');
    assert.match(keys.en, /: give the images values of Patient ID where they lack them \(export them again from the PACS or the modality, or set them with a DICOM editor such as dcmodify\), then pack the images again with Build Upload Batch .*, letting it write a new DICOMDIR \(take the old DICOMDIR out/);
    assert.match(keys['zh-TW'], /；請先讓影像檔本身有 Patient ID 的值（.*），再以「建置上傳批次」（命令列 nhi-imaging build）重新打包，讓它產生新的 DICOMDIR/);
    assert.match(message(0, 'A14-dicomdir-orphans').en, /^DICOMDIR: 2 DICOMDIR records are not reachable/);
    assert.match(message(1, 'A14-dicomdir-keys').en, /Patient ID \(0010,0020\)/);
    assert.match(message(2, 'A14-file-id').en, /IMG\\im0\.dcm/);
  });

  it('DCF: empty keys a new DICOMDIR numbers itself (Study ID, Series Number, Instance Number) are not asked of the images; the others are', async () => {
    const lacking = (tags: number[]) => {
      const files = series(2);
      const dicomdir = makeDicomdir({
        files,
        mapRecords: (roots) => {
          const study = roots[0].children[0];
          for (const r of [roots[0], study, study.children[0], ...study.children[0].children]) r.elements = r.elements.filter((e) => !tags.includes(e.tag));
          return roots;
        },
      });
      return { ...dcfFiles(files), DICOMDIR: dicomdir };
    };
    const names = [caseName('DCF', '7z'), caseName('DCF', '7z'), caseName('DCF', '7z')];
    await pack(names[0], lacking([TAG.InstanceNumber]));
    await pack(names[1], lacking([TAG.StudyID, TAG.SeriesNumber]));
    await pack(names[2], lacking([TAG.PatientID, TAG.InstanceNumber]));
    const r = await check(names.map((name) => ({ 14: name })));
    const keys = (row: number) => r.findings.find((f) => f.row === row && f.ruleId === 'A14-dicomdir-keys')!.message;
    assert.match(keys(0).en, /, or add --rebuild-dicomdir on the command line\): it numbers Instance Number by position where the images lack it, so nothing needs filling in$/);
    assert.match(keys(0)['zh-TW'], /；影像缺少的 Instance Number 由建置依順序編號，不必補上$/);
    assert.match(keys(1).en, /: it numbers Study ID and Series Number by position where the images lack them, so nothing needs filling in$/);
    for (const row of [0, 1]) assert.doesNotMatch(keys(row).en, /give the images|dcmodify/);
    assert.match(keys(2).en, /: give the images values of Patient ID where they lack them \(.*\), then pack the images again .*--rebuild-dicomdir on the command line\); Instance Number needs no value, as the build numbers it by position$/);
    assert.match(keys(2)['zh-TW'], /請先讓影像檔本身有 Patient ID 的值（.*；Instance Number 不必補，建置會依順序編號$/);
  });

  it('hostile DICOM inside an archive: truncated, absurd length, big endian, implicit VR', async () => {
    const files = series(4);
    files[0].instance = { ...files[0].instance, bytes: files[0].instance.bytes.subarray(0, 5000) };
    files[1].instance = makeInstance({ modality: 'CT', ...GOOD, instanceUid: files[1].instance.sopInstanceUid, studyUid: files[0].instance.studyUid, seriesUid: files[0].instance.seriesUid, transferSyntax: TS.ExplicitVRBigEndian });
    files[2].instance = makeInstance({ modality: 'CT', ...GOOD, instanceUid: files[2].instance.sopInstanceUid, studyUid: files[0].instance.studyUid, seriesUid: files[0].instance.seriesUid, transferSyntax: TS.ImplicitVRLittleEndian });
    files[3].instance = makeInstance({ modality: 'CT', ...GOOD, instanceUid: files[3].instance.sopInstanceUid, studyUid: files[0].instance.studyUid, seriesUid: files[0].instance.seriesUid, extra: [{ tag: 0x00081030, vr: 'UT', value: 'x', lengthOverride: 0x7ffffff0 }] });
    const name = caseName('DCF', '7z');
    await pack(name, dcfFiles(files));
    const r = await check([{ 14: name }]);
    assert.deepEqual(ids(r), ['A14-dicom-corrupt', 'A14-dicom-implicit-vr', 'A14-dicom-retired-syntax']);
    const corrupt = r.findings.find((f) => f.ruleId === 'A14-dicom-corrupt')!;
    assert.match(corrupt.message.en, /^2 files: IMG\/IM0: .*truncated.*IMG\/IM3: .*2147483632/);
    assert.equal(r.findings.find((f) => f.ruleId === 'A14-dicom-implicit-vr')!.severity, 'information');
    // Each says what to do, once after the files it names: the build packs files as they are, so they are exported again.
    assert.match(corrupt.message.en, /2147483632.*: export them again from the PACS or the modality and pack them again$/);
    assert.match(corrupt.message['zh-TW'], /；請從 PACS 或影像設備重新匯出這些檔案後再打包$/);
    const retired = r.findings.find((f) => f.ruleId === 'A14-dicom-retired-syntax')!.message;
    assert.equal(retired.en, 'IMG/IM1: Explicit VR Big Endian (1.2.840.10008.1.2.2) is retired from DICOM: export it again from the PACS or the modality in a current transfer syntax (Explicit VR Little Endian, for one)');
    assert.equal(retired['zh-TW'], 'IMG/IM1: Explicit VR Big Endian (1.2.840.10008.1.2.2) 已自 DICOM 標準退役；請從 PACS 或影像設備以現行的傳輸語法（如 Explicit VR Little Endian）重新匯出');
    // Implicit VR Little Endian is accepted: nothing to do.
    assert.match(r.findings.find((f) => f.ruleId === 'A14-dicom-implicit-vr')!.message.en, /accepted$/);
  });

  it('DCF: a referenced file that is not DICOM or not Part 10, a wrong meta group length, an unknown transfer syntax, a SOP Instance UID that differs say what to do', async () => {
    const files = series(5);
    const like = (i: number, spec: InstanceSpec) => makeInstance({ modality: 'CT', ...GOOD, instanceUid: files[i].instance.sopInstanceUid, studyUid: files[0].instance.studyUid, seriesUid: files[0].instance.seriesUid, ...spec });
    const content = dcfFiles(files);
    content['IMG/IM0'] = Buffer.from('a text file, not an image');
    content['IMG/IM1'] = like(1, { noPart10Header: true }).bytes;
    const metaWrong = Buffer.from(files[2].instance.bytes);
    metaWrong.writeUInt32LE(metaWrong.readUInt32LE(140) + 2, 140);
    content['IMG/IM2'] = metaWrong;
    content['IMG/IM3'] = like(3, { transferSyntax: '1.2.3.4.5', noPixelData: true }).bytes;
    content['IMG/IM4'] = like(4, { extra: [{ tag: TAG.SOPInstanceUID, vr: 'UI', value: '1.2.3.999' }] }).bytes;
    const name = caseName('DCF', '7z');
    await pack(name, content);
    const r = await check([{ 14: name }]);
    assert.deepEqual(ids(r), ['A14-dicom-meta', 'A14-dicom-mismatch', 'A14-dicom-not-dicom', 'A14-dicom-part10', 'A14-dicom-syntax']);
    const message = (ruleId: string) => r.findings.find((f) => f.ruleId === ruleId)!.message;
    assert.match(message('A14-dicom-not-dicom').en, /^IMG\/IM0: not a DICOM file .*: export the exam's images again from the PACS or the modality and pack them again$/);
    assert.match(message('A14-dicom-not-dicom')['zh-TW'], /；請從 PACS 或影像設備重新匯出此次檢查的影像後再打包$/);
    assert.match(message('A14-dicom-part10').en, /^IMG\/IM1: .*: export it again from the PACS or the modality as a DICOM Part 10 file \(the 128-byte preamble, "DICM" and a complete meta group\)$/);
    assert.match(message('A14-dicom-part10')['zh-TW'], /；請從 PACS 或影像設備重新匯出為 DICOM Part 10 檔案（含 128 位元組前導、「DICM」與完整的檔頭群組）$/);
    assert.match(message('A14-dicom-meta').en, /^IMG\/IM2: group length \(0002,0000\) says .*: export it again from the PACS or the modality and pack it again$/);
    assert.match(message('A14-dicom-syntax').en, /^IMG\/IM3: unknown transfer syntax 1\.2\.3\.4\.5.*: export it again from the PACS or the modality in a transfer syntax DICOM defines, or convert it \(e\.g\. dcmconv \+te\)$/);
    assert.match(message('A14-dicom-syntax')['zh-TW'], /；請從 PACS 或影像設備以 DICOM 標準的傳輸語法重新匯出，或轉換此檔（例如 dcmconv \+te）$/);
    // Two causes, each with its remedy, each said once: the file's own UIDs differ (exported again), and the DICOMDIR's record differs from the file (a new DICOMDIR).
    const mismatch = message('A14-dicom-mismatch');
    assert.match(mismatch.en, /SOP Instance UID \(0008,0018\) 1\.2\.3\.999.*≠ 1\.2\.3\.999: pack the images again with Build Upload Batch \(nhi-imaging build on the command line\), letting it write a new DICOMDIR \(.*\); export it again from the PACS or the modality and pack it again$/);
    assert.match(mismatch['zh-TW'], /；請以「建置上傳批次」（命令列 nhi-imaging build）重新打包，讓它產生新的 DICOMDIR（.*）；請從 PACS 或影像設備重新匯出此檔後再打包$/);
    assert.equal(mismatch.en.split('letting it write a new DICOMDIR').length, 2);
  });

  it('row rules: size below the minimum, modality, study and birth dates, several studies', async () => {
    const files = series(2, { rows: 256, columns: 256, modality: 'MR', studyDate: '20251124', birthDate: '19860313' });
    files.push({ fileId: ['IMG', 'OTHER'], instance: makeInstance({ modality: 'CT', ...GOOD }) });
    const name = caseName('DCF', '7z');
    await pack(name, dcfFiles(files));
    const r = await check([{ 14: name }]);
    assert.deepEqual(ids(r), ['A14-birth-date', 'A14-image-size', 'A14-modality', 'A14-one-study', 'A14-study-date']);
    assert.match(r.findings.find((f) => f.ruleId === 'A14-image-size')!.message.en, /^2 files: IMG\/IM0: 256x256 is below the CT minimum of 512x512/);
    // What to do is said once, after both files.
    const size = r.findings.find((f) => f.ruleId === 'A14-image-size')!.message;
    assert.match(size.en, /IMG\/IM1: 256x256 is below the CT minimum of 512x512: export the images again from the PACS or the modality at 512x512 or more$/);
    assert.match(size['zh-TW'], /最低需求 512x512；請從 PACS 或影像設備以至少 512x512 的解析度重新匯出影像$/);
    assert.equal(size.en.split('export the images again').length, 2);
    assert.match(r.findings.find((f) => f.ruleId === 'A14-study-date')!.message.en, /2025-11-24.*2025-11-25/);
    const oneStudy = r.findings.find((f) => f.ruleId === 'A14-one-study')!.message;
    assert.match(oneStudy.en, /^the images belong to 2 studies \(Study Instance UIDs\): pack only the images of this order's exam$/);
    assert.match(oneStudy['zh-TW'], /^影像分屬 2 個檢查（Study Instance UID）；請只放入此醫令該次檢查的影像$/);
    assert.equal(r.findings.find((f) => f.ruleId === 'A14-modality')!.severity, 'warning');
    // The same archive on an MRI row: 256x256 MR images are fine there, the CT one is not.
    const r2 = await check([{ 10: '33084B', 14: name }]);
    assert.match(r2.findings.find((f) => f.ruleId === 'A14-modality')!.message.en, /1 image has Modality CT/);
    assert.ok(!r2.findings.some((f) => f.ruleId === 'A14-image-size'));
  });

  it('a dose report (SR, no pixel data) beside CT images is not a modality problem; an MR image is', async () => {
    const files = series(2);
    const study = files[0].instance.studyUid;
    files.push({ fileId: ['IMG', 'DOSE'], instance: makeInstance({ modality: 'SR', ...GOOD, studyUid: study }) });
    const name = caseName('DCF', '7z');
    await pack(name, dcfFiles(files));
    assert.deepEqual(ids(await check([{ 14: name }])), []);
    files.push({ fileId: ['IMG', 'MR'], instance: makeInstance({ modality: 'MR', ...GOOD, rows: 512, columns: 512, studyUid: study }) });
    const other = caseName('DCF', '7z');
    await pack(other, dcfFiles(files));
    const r = await check([{ 14: other }]);
    assert.deepEqual(ids(r), ['A14-modality']);
    assert.match(r.findings[0].message.en, /^1 image has Modality MR/);
  });

  it('a report of another study or patient beside the images: the one-study finding speaks of DICOM files, not images', async () => {
    const files = series(2);
    files.push({ fileId: ['IMG', 'PRIOR'], instance: makeInstance({ modality: 'SR', ...GOOD, patientId: 'B223456789' }) });
    const name = caseName('DCF', '7z');
    await pack(name, dcfFiles(files));
    const r = await check([{ 14: name }]);
    assert.deepEqual(ids(r), ['A14-one-study']);
    const m = r.findings[0].message;
    assert.match(m.en, /^the DICOM files belong to 2 studies \(Study Instance UIDs\); the DICOM files belong to 2 patients \(Patient IDs: A123456789, B223456789\): pack only/);
    assert.match(m['zh-TW'], /^DICOM 檔分屬 2 個檢查（Study Instance UID）；DICOM 檔分屬 2 位病人（Patient ID：A123456789、B223456789）；請只放入/);
  });

  it('ATT: JPEG by content, sizes against the order, a lying extension, JPG not allowed for CT', async () => {
    const name = caseName('ATT', '7z');
    await pack(name, {
      'P1.JPG': makeJpeg({ width: 1400, height: 1400 }),
      'P2.JPG': makeJpeg({ width: 1000, height: 1400 }),
      'P3.JPG': Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'),
      'P4.PNG': makeJpeg({ width: 2000, height: 2000 }),
      // Its frame header lies past the first read (16 KiB): read in a second, longer prefix.
      'P5.JPG': makeJpeg({ width: 1600, height: 1200, appPadding: 30000 }),
    });
    const r = await check([{ 10: '32001C', 13: '', 14: name }]);
    assert.deepEqual(ids(r), ['A14-att-not-jpeg', 'A14-image-size']);
    assert.match(r.findings.find((f) => f.ruleId === 'A14-att-not-jpeg')!.message.en, /P3\.JPG/);
    const notJpeg = r.findings.find((f) => f.ruleId === 'A14-att-not-jpeg')!.message;
    assert.match(notJpeg.en, /P3\.JPG: the content is a PNG image, not JPG: export it again as JPG from the PACS or the modality \(DICOM images go in a DCF archive\), or remove it from the archive$/);
    assert.match(notJpeg['zh-TW'], /內容是 PNG 影像，不是 JPG；請從 PACS 或影像設備重新匯出為 JPG（DICOM 影像則以 DCF 壓縮檔上傳），或從壓縮檔中移除$/);
    assert.match(r.findings.find((f) => f.ruleId === 'A14-image-size')!.message.en, /P2\.JPG: 1000x1400/);
    assert.equal(r.summaries[0].jpegImages, 4);
    const bySize = (x: { width: number; height: number }, y: { width: number; height: number }) => x.width - y.width || x.height - y.height;
    assert.deepEqual([...r.summaries[0].sizes].sort(bySize), [
      { width: 1000, height: 1400, count: 1 },
      { width: 1400, height: 1400, count: 1 },
      { width: 1600, height: 1200, count: 1 },
      { width: 2000, height: 2000, count: 1 },
    ]);
    const ct = await check([{ 14: name }]);
    assert.ok(ids(ct).includes('A14-jpeg-not-allowed'));
    const notAllowed = ct.findings.find((f) => f.ruleId === 'A14-jpeg-not-allowed')!.message;
    assert.match(notAllowed.en, /must be sent as DICOM: export the images again as DICOM from the PACS or the modality and send them in a DCF archive$/);
    assert.match(notAllowed['zh-TW'], /只能以 DICOM 上傳；請從 PACS 或影像設備以 DICOM 重新匯出，改以 DCF 壓縮檔上傳$/);
  });

  it('ATT: a file named .jpg that holds another format (a console\'s PNG or BMP, a phone\'s HEIC) is named by its format; an empty one as empty', async () => {
    const files: [string, Uint8Array, string, string][] = [
      ['CONSOLE.jpg', Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), 'the content is a PNG image, not JPG', '內容是 PNG 影像，不是 JPG'],
      ['SCAN.JPG', Buffer.concat([Buffer.from('BM', 'latin1'), Buffer.alloc(60)]), 'the content is a BMP image, not JPG', '內容是 BMP 影像，不是 JPG'],
      ['PHONE.jpeg', Buffer.from('\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic', 'latin1'), 'the content is a HEIF/HEIC image, not JPG', '內容是 HEIF/HEIC 影像，不是 JPG'],
      ['WEB.jpg', Buffer.from('RIFF\x24\x00\x00\x00WEBPVP8 ', 'latin1'), 'the content is a WebP image, not JPG', '內容是 WebP 影像，不是 JPG'],
      ['ANIM.jpg', Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1'), 'the content is a GIF image, not JPG', '內容是 GIF 影像，不是 JPG'],
      ['FAX.jpg', Buffer.from('49492a0008000000', 'hex'), 'the content is a TIFF image, not JPG', '內容是 TIFF 影像，不是 JPG'],
      ['J2K.jpg', Buffer.from('0000000c6a5020200d0a870a', 'hex'), 'the content is a JPEG 2000 image, not JPG', '內容是 JPEG 2000 影像，不是 JPG'],
      ['REPORT.jpg', Buffer.from('%PDF-1.4\n', 'latin1'), 'the content is a PDF document, not JPG', '內容是 PDF 文件，不是 JPG'],
      ['ZERO.jpg', new Uint8Array(0), 'an empty file (0 bytes)', '空檔案（0 位元組）'],
      ['TEXT.jpg', Buffer.from('not an image at all', 'latin1'), 'the content is not JPG (no SOI marker at the start)', '內容不是 JPG（開頭沒有 SOI 標記）'],
    ];
    for (const [file, bytes, en, zh] of files) {
      const name = caseName('ATT', '7z');
      await pack(name, { 'OK.jpg': makeJpeg({ width: 1400, height: 1400 }), [file]: bytes });
      for (const mode of ['quick', 'full'] as const) {
        const r = await check([{ 10: '32001C', 13: '', 14: name }], mode);
        assert.deepEqual(ids(r), ['A14-att-not-jpeg'], `${file} ${mode}`);
        const m = r.findings[0].message;
        assert.ok(m.en.startsWith(`${file}: ${en}: export it again as JPG`), `${mode}: ${m.en}`);
        assert.ok(m['zh-TW'].startsWith(`${file}: ${zh}；`), `${mode}: ${m['zh-TW']}`);
      }
    }
  });

  it('ATT: the files Windows and macOS leave in image folders (Thumbs.db, desktop.ini, .DS_Store, ._ twins) are named as such, to be removed', async () => {
    const name = caseName('ATT', '7z');
    await pack(name, {
      'P1.JPG': makeJpeg({ width: 1400, height: 1400 }),
      'Thumbs.db': Buffer.from('d0cf11e0a1b11ae1', 'hex'),
      'SUB/desktop.ini': Buffer.from('[.ShellClassInfo]\r\n'),
      '.DS_Store': Buffer.from('\0\0\0\x01Bud1'),
      '._P1.JPG': Buffer.from('\0\x05\x16\x07'),
    });
    const r = await check([{ 10: '32001C', 13: '', 14: name }]);
    assert.deepEqual(ids(r), ['A14-att-not-jpeg']);
    const { en, 'zh-TW': zh } = r.findings[0].message;
    assert.match(en, /^4 files: /);
    assert.match(en, /Thumbs\.db: a file Windows or macOS writes in folders \(thumbnails, folder settings\), not an image; /);
    assert.match(en, /: remove them from the archive, or pack the images again with Build Upload Batch \(nhi-imaging build on the command line\), which leaves out files that are not images$/);
    assert.ok(!en.includes('export it again as JPG'), en);
    assert.match(zh, /Thumbs\.db: Windows 或 macOS 在資料夾中自動產生的檔案（縮圖、資料夾設定），不是影像；/);
  });

  it('ATT: reads a frame header past the first 64 KiB (large ICC or EXIF segments), quick and full, 7z and CAB', async () => {
    for (const format of ['7z', 'cab'] as const) {
      const name = caseName('ATT', format === 'cab' ? 'CAB' : '7z');
      await pack(name, { 'P.JPG': makeJpeg({ width: 1400, height: 1500, appPadding: 200_000 }) }, format);
      for (const mode of ['quick', 'full'] as const) {
        const r = await check([{ 10: '32001C', 13: '', 14: name }], mode);
        assert.deepEqual(ids(r), [], `${format} ${mode}`);
        assert.deepEqual(r.summaries[0].sizes, [{ width: 1400, height: 1500, count: 1 }]);
      }
    }
  });

  it('ATT: JPG names with Chinese, spaces or symbols are errors (四、(二)2); letters, digits, underscores and the extension\'s dot pass', async () => {
    const jpeg = makeJpeg({ width: 1400, height: 1400 });
    const name = caseName('ATT', 'CAB');
    await pack(name, { '牙齒 全口(右).jpg': jpeg, 'a-b.jpg': jpeg, 'x.y.jpg': jpeg, 'PANO_1.jpg': jpeg, 'SUB/Img2.JPEG': jpeg, 'scan3': jpeg }, 'cab');
    const r = await check([{ 10: '34004C', 13: 'FM', 14: name }]);
    assert.deepEqual(ids(r), ['A14-att-name']);
    const message = r.findings[0].message.en;
    assert.match(message, /^3 files: /);
    for (const bad of ['牙齒 全口(右).jpg', 'a-b.jpg', 'x.y.jpg']) assert.ok(message.includes(bad), bad);
    for (const good of ['PANO_1', 'Img2', 'scan3']) assert.ok(!message.includes(good), good);
    // It says what to do, once after the files: rename them, or let the build rename them.
    assert.match(message, /x\.y\.jpg: a name holds only half-width letters, digits and underscores: rename them with half-width letters, digits and underscores only, or pack the images again with Build Upload Batch \(nhi-imaging build on the command line\), which renames such files$/);
    assert.match(r.findings[0].message['zh-TW'], /x\.y\.jpg: 檔名只可用半型英文字母、數字與底線；請只用半型英文字母、數字與底線重新命名，或以「建置上傳批次」（命令列 nhi-imaging build）重新打包（會為這類檔案改名）$/);
  });

  it('ATT: a CAB name in Big5 without the UTF-8 attribute (makecab on a Taiwanese Windows) is named in Chinese in the finding', async () => {
    const name = caseName('ATT', 'CAB');
    const path = await pack(name, { 'XXXX.jpg': makeJpeg({ width: 1400, height: 1400 }) }, 'cab');
    const cab = readFileSync(path);
    const at = cab.indexOf('XXXX.jpg');
    Buffer.from([0xa4, 0xfa, 0xbe, 0xa6]).copy(cab, at); // 牙齒 (teeth)
    writeFileSync(path, cab);
    for (const mode of ['quick', 'full'] as const) {
      const r = await check([{ 10: '34004C', 13: 'FM', 14: name }], mode);
      assert.deepEqual(ids(r), ['A14-att-name'], mode);
      assert.match(r.findings[0].message.en, /^牙齒\.jpg: /, mode);
    }
  });

  it('ATT full mode: a JPEG without EOI is truncated; DICOM in an ATT archive is not JPEG', async () => {
    const jpeg = makeJpeg({ width: 1500, height: 1500, scanBytes: 5000 });
    const name = caseName('ATT', 'CAB');
    await pack(name, { 'A.JPG': jpeg.subarray(0, jpeg.length - 100), 'B.JPG': makeInstance({ modality: 'DX' }).bytes }, 'cab');
    const quick = await check([{ 10: '32001C', 13: '', 14: name }], 'quick');
    assert.deepEqual(ids(quick), ['A14-att-not-jpeg']);
    assert.match(quick.findings[0].message.en, /DICOM, not JPG/);
    const full = await check([{ 10: '32001C', 13: '', 14: name }], 'full');
    assert.deepEqual(ids(full), ['A14-att-not-jpeg', 'A14-jpeg-corrupt']);
    const corrupt = full.findings.find((f) => f.ruleId === 'A14-jpeg-corrupt')!.message;
    assert.match(corrupt.en, /^A\.JPG: the JPEG lacks its EOI marker .*: export it again as JPG from the PACS or the modality and pack it again$/);
    assert.match(corrupt['zh-TW'], /檔案不完整；請從 PACS 或影像設備重新匯出此 JPG 後再打包$/);
  });

  it('ATT full mode: bytes after the EOI (a vendor trailer, zero padding) are not a truncation', async () => {
    const jpeg = makeJpeg({ width: 1500, height: 1500, scanBytes: 5000 });
    const trailer = Buffer.concat([Buffer.from('SEFH'), Buffer.alloc(200, 0x41), Buffer.from('SEFT')]);
    const name = caseName('ATT', '7z');
    await pack(name, { 'TRAILER.JPG': Buffer.concat([jpeg, trailer]), 'PADDED.JPG': Buffer.concat([jpeg, Buffer.alloc(512)]) });
    for (const mode of ['quick', 'full'] as const) assert.deepEqual(ids(await check([{ 10: '32001C', 13: '', 14: name }], mode)), [], mode);
  });

  it('opens an archive named on two rows once and reports on both; honours severity overrides', async () => {
    const name = caseName('DCF', '7z');
    await pack(name, dcfFiles(series(1, { studyDate: '20240101' })));
    let opened = 0;
    const model = parseCsv(csvText([{ 14: name }, { 11: '2', 14: name }]));
    const r = await checkLinkedArchives(join(dir, CSV), model, {
      options: defaultOptions({ lang: 'en', severities: { 'A14-study-date': 'error' } }),
      open: (p, o) => ((opened++), openArchive(p, o)),
    });
    assert.equal(opened, 1);
    assert.deepEqual(r.findings.map((f) => [f.row, f.ruleId, f.severity]), [[0, 'A14-study-date', 'error'], [1, 'A14-study-date', 'error']]);
    assert.equal(r.summaries.length, 2);
    assert.equal(r.summaries[1].worst, 'error');
    const off = await checkLinkedArchives(join(dir, CSV), model, { options: defaultOptions({ severities: { 'A14-study-date': 'off' } }) });
    assert.deepEqual(off.findings, []);
  });

  it('skips empty and draft-path cells; uses archiveDir; reports progress; cancels', async () => {
    const other = mkdtempSync(join(dir, 'archives-'));
    const name = caseName('DCF', '7z');
    const path = await pack(name, dcfFiles(series(2)));
    writeFileSync(join(other, name), readFileSync(path));
    rmSync(path);
    const model = parseCsv(csvText([{ 14: '' }, { 14: './row1' }, { 14: name }]));
    const phases: string[] = [];
    const r = await checkLinkedArchives(join(dir, CSV), model, { options, archiveDir: other, onProgress: (p) => phases.push(`${p.phase}:${p.archive === name}`) });
    assert.deepEqual(r.findings, []);
    assert.deepEqual(r.summaries.map((s) => s.row), [2]);
    assert.equal(phases[0], 'start:true');
    assert.equal(phases[phases.length - 1], 'done:true');
    assert.ok(phases.includes('entries:true'));
    const ac = new AbortController();
    ac.abort();
    await assert.rejects(checkLinkedArchives(join(dir, CSV), model, { options, archiveDir: other, signal: ac.signal }), /abort/i);
    // Cancelled in the middle of an archive: rejects, and no later archive is started.
    const mid = new AbortController();
    const started: string[] = [];
    const second = caseName('DCF', '7z');
    writeFileSync(join(other, second), readFileSync(join(other, name)));
    const two = parseCsv(csvText([{ 14: name }, { 14: second }]));
    await assert.rejects(
      checkLinkedArchives(join(dir, CSV), two, {
        options, archiveDir: other, signal: mid.signal, concurrency: 1,
        onProgress: (p) => {
          if (p.phase === 'start') started.push(p.archive);
          if (p.phase === 'entries' && p.entriesDone === 1) mid.abort();
        },
      }),
      /abort/i,
    );
    assert.deepEqual(started, [name]);
  });

  it('lets the event loop turn while archives that are not there are checked, so that a cancellation sent meanwhile is heard', async () => {
    const empty = mkdtempSync(join(dir, 'empty-'));
    // Missing archives settle without waiting for anything: without turns of the event loop the check ends before the abort.
    const model = parseCsv(csvText(Array.from({ length: 30_000 }, () => ({ 14: caseName('DCF', '7z') }))));
    const ac = new AbortController();
    let started = 0;
    await assert.rejects(
      checkLinkedArchives(join(dir, CSV), model, {
        options, archiveDir: empty, signal: ac.signal,
        onProgress: (p) => {
          if (p.phase === 'start' && started++ === 0) setImmediate(() => ac.abort());
        },
      }),
      /abort/i,
    );
    assert.ok(started < model.rows.length, `${started} of ${model.rows.length} archives started`);
  });
});
