/**
 * What the interop suites that make DICOM files with other software (converters.test.ts: dcmtk; gdcm.test.ts: GDCM;
 * xmedcon.test.ts; orthanc.test.ts; pixelmed.test.ts) share: running a tool, a picture to compress, a CT slice, what dcmdump and our
 * reader read of a file, an upload row naming an archive, and the checks each archive or built batch is held to (the quick and the full check, and `nhi-imaging check --archives` over all rows).
 */
import { strict as assert } from 'node:assert';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeSampleDraft, SAMPLE_ROWS } from '../../samples/draft/generate';
import { checkLinkedArchives } from '../../server/src/core/archive/check';
import { buildBatch } from '../../server/src/core/build/batch';
import type { BuildSummary } from '../../server/src/core/build/types';
import { parseCsv } from '../../server/src/core/csv/parse';
import { defaultOptions } from '../../server/src/core/options';
import { readDicomHeader, readDicomHeaderFrom, type DicomHeader } from '../../server/src/core/dicom/read';
import { EXAMPLE_ROW } from '../../server/src/core/spec/example';
import { makeInstance } from '../fixtures/dicom';
import { checkJson, CLI } from '../cli/helpers';
import { requireTools } from './tools';

const options = defaultOptions({ lang: 'en' });
/** The upload CSV's name: EXAMPLE_ROW's hospital and exam day. */
const CSV_NAME = '3501200000_20251125_001.csv';

export function run(cmd: string, args: string[], cwd?: string): string {
  return execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
}

/** A 640x480 colour picture as PPM, for cjpeg. */
export function picture(): Buffer {
  const [w, h] = [640, 480];
  const px = Buffer.alloc(w * h * 3);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) px.set([(x * 255) / w, (y * 255) / h, (x + y) * 3], (y * w + x) * 3);
  return Buffer.concat([Buffer.from(`P6\n${w} ${h}\n255\n`), px]);
}

/** What dcmdump reads of the elements compared: UIDs as numbers, an empty value as undefined. */
export type Facts = Partial<Record<'ts' | 'mediaSopClass' | 'sopClass' | 'rows' | 'columns' | 'modality' | 'studyDate' | 'birthDate', string | number>>;
const DUMPED: Array<[keyof Facts, string]> = [
  ['ts', '0002,0010'], ['mediaSopClass', '0002,0002'], ['sopClass', '0008,0016'], ['rows', '0028,0010'], ['columns', '0028,0011'],
  ['modality', '0008,0060'], ['studyDate', '0008,0020'], ['birthDate', '0010,0030'],
];

export function dcmdumpFacts(path: string): Facts {
  const out = run('dcmdump', ['-Un', ...DUMPED.flatMap(([, tag]) => ['+P', tag]), path]);
  const facts: Facts = {};
  for (const [key, tag] of DUMPED) {
    const line = out.split('\n').find((l) => l.startsWith(`(${tag})`));
    if (!line) continue;
    const value = /^\(\S+\) (\S\S) (.*?)\s+#/.exec(line)!;
    if (value[2].startsWith('(no value')) continue;
    facts[key] = value[1] === 'US' ? Number(value[2]) : value[2].replace(/^\[|\]$/g, '').trim();
  }
  return facts;
}

export function ourFacts(h: DicomHeader): Facts {
  const facts: Facts = { ts: h.transferSyntaxUid, mediaSopClass: h.mediaStorageSopClassUid, sopClass: h.sopClassUid, rows: h.rows, columns: h.columns, modality: h.modality, studyDate: h.studyDate, birthDate: h.patientBirthDate };
  for (const k of Object.keys(facts) as (keyof Facts)[]) if (facts[k] === undefined) delete facts[k];
  return facts;
}

/** A 512x512 CT slice, 12 bits stored in 16, with a gradient (so that compression has something to do). */
export function ctSlice(studyUid: string, seriesUid: string, instanceNumber: number): Uint8Array {
  const size = 512;
  const pixels = new Uint8Array(size * size * 2);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const v = (x * 7 + y * 3 + instanceNumber * 11) % 4096;
      pixels[(y * size + x) * 2] = v & 0xff;
      pixels[(y * size + x) * 2 + 1] = v >> 8;
    }
  }
  return makeInstance({ modality: 'CT', studyDate: '20251125', birthDate: '19860312', studyUid, seriesUid, instanceNumber, bitsAllocated: 16, pixels }).bytes;
}

/**
 * readDicomHeader, over the whole file and through prefixes, reads what dcmdump reads of `file`, less the facts
 * `leaveOut` names (the transfer syntax of a data set without a Part 10 header, which dcmdump does not name);
 * returns dcmdump's facts and the two headers.
 */
export async function expectReadAsDcmdump(file: string, leaveOut: readonly (keyof Facts)[] = []): Promise<{ truth: Facts; headers: DicomHeader[] }> {
  const truth = dcmdumpFacts(file);
  const bytes = readFileSync(file);
  const whole = readDicomHeader(bytes, { untilPixelData: false });
  const prefixes = await readDicomHeaderFrom(async (n) => bytes.subarray(0, n), bytes.length, { firstRead: 1024 });
  const headers = [whole, prefixes].map((read) => {
    assert.ok(read.header, `${file}: ${JSON.stringify(read.problems)}`);
    const ours = ourFacts(read.header);
    for (const key of leaveOut) delete ours[key];
    assert.deepEqual(ours, truth, file);
    return read.header;
  });
  return { truth, headers };
}

/**
 * The folders of a suite, for its hooks and tests: `dir` (archives and file-sets) and `dir/work` (sources), made in a
 * `before` hook after the `tools` are found, removed after the suite.
 */
export function suiteFolders(prefix: string, tools: readonly string[]): { dir: string; work: string } {
  const folders = { dir: '', work: '' };
  before(() => {
    requireTools(tools);
    folders.dir = mkdtempSync(join(tmpdir(), prefix));
    folders.work = join(folders.dir, 'work');
    mkdirSync(folders.work);
  });
  after(() => { if (folders.dir) rmSync(folders.dir, { recursive: true, force: true }); });
  return folders;
}

/** EXAMPLE_ROW with the given fields (1-based) replaced, as one CSV line. */
export const csvFor = (patch: Record<number, string>): string => EXAMPLE_ROW.map((v, i) => patch[i + 1] ?? v).join(',');

/** An archive in `dir` with the sorted rule ids its row should get, and the row's fields besides field 14. */
export interface ArchiveCase {
  label: string;
  name: string;
  findings: string[];
  row?: Record<number, string>;
  /** A finding's message matches it. */
  message?: RegExp;
  /** How many instances the check sees (none checked when absent: an archive whose files are not read). */
  instances?: number;
}

/** A way another program writes DICOM files, and what reading and checking them must give. */
export interface MadeFiles {
  label: string;
  /** The transfer syntax the program writes (as the program's own dump tool reads it). */
  ts: string;
  sopClass?: string;
  /** Sorted rule ids the check finds, quick and full. */
  findings: string[];
  message?: RegExp;
  row?: Record<number, string>;
  /** The file's transfer syntax is no DICOM one: our reader stops at it, where the dump tool reads the data set as Implicit VR. */
  unreadable?: boolean;
}

/** The quick and the full check of the archive on EXAMPLE_ROW give exactly its findings. */
export async function expectArchiveFindings(dir: string, c: ArchiveCase): Promise<void> {
  for (const mode of ['quick', 'full'] as const) {
    const r = await checkLinkedArchives(join(dir, CSV_NAME), parseCsv(csvFor({ 14: c.name, ...c.row }) + '\r\n'), { options, mode });
    const messages = JSON.stringify(r.findings.map((f) => `${f.ruleId}: ${f.message.en}`));
    assert.deepEqual(r.findings.map((f) => f.ruleId).sort(), c.findings, `${mode}: ${messages}`);
    if (c.message) assert.ok(r.findings.some((f) => c.message!.test(f.message.en)), `${mode}: ${messages}`);
    if (c.instances !== undefined) assert.equal(r.summaries[0].instances, c.instances, mode);
  }
}

/**
 * Packs the file-set in `root` (`entries`: DICOMDIR and IMG) as `dir/name` with 7zz and holds it to `expected`'s findings,
 * with two instances seen unless its files are `unreadable`; returns the case, for expectCliFindingsPerRow.
 */
export async function packAndExpect(dir: string, root: string, name: string, expected: MadeFiles, entries: readonly string[] = ['DICOMDIR', 'IMG']): Promise<ArchiveCase> {
  run('7zz', ['a', '-mx=1', join(dir, name), ...entries], root);
  const archive: ArchiveCase = { ...expected, name, instances: expected.unreadable ? undefined : 2 };
  await expectArchiveFindings(dir, archive);
  return archive;
}

/**
 * The quick and the full check of a batch the build wrote find nothing (or exactly the sorted rule ids `findings`:
 * what a source file brought, which the build copies as it is) and see its instances.
 */
export async function expectCleanBatch(csvPath: string, instances: number, findings: readonly string[] = []): Promise<void> {
  for (const mode of ['quick', 'full'] as const) {
    const r = await checkLinkedArchives(csvPath, parseCsv(readFileSync(csvPath, 'utf8')), { options, mode });
    const messages = r.findings.map((f) => `${f.ruleId}: ${f.message.en}`);
    if (findings.length) assert.deepEqual(r.findings.map((f) => f.ruleId).sort(), findings, `${mode}: ${JSON.stringify(messages)}`);
    else assert.deepEqual(messages, [], mode);
    assert.equal(r.summaries[0].instances, instances, mode);
  }
}

/** `nhi-imaging check --archives` (dist/cli.js) over one row per archive, one visit each: each row gets its archive's findings. */
export function expectCliFindingsPerRow(dir: string, cases: readonly ArchiveCase[]): void {
  assert.ok(existsSync(CLI), `${CLI} missing: run npm run build (npm test does)`);
  const csv = join(dir, CSV_NAME);
  // One visit a row (field 6), so that the rows' sequence numbers stand alone.
  writeFileSync(csv, cases.map((c, i) => csvFor({ 6: String(i + 1).padStart(4, '0'), 14: c.name, ...c.row })).join('\r\n') + '\r\n');
  const { report } = checkJson([csv], ['--now', '2025-11-25T12:00:00+08:00', '--archives']);
  const diagnostics = report.files[0].diagnostics;
  const notOnArchives = diagnostics.filter((d) => !d.code.startsWith('A14-') && (d.severity === 'error' || d.severity === 'warning'));
  assert.deepEqual(notOnArchives.map((d) => `${d.line} ${d.code}: ${d.message}`), [], 'the rows themselves are valid');
  cases.forEach((c, i) => {
    const codes = diagnostics.filter((d) => d.line === i + 1 && d.code.startsWith('A14-')).map((d) => d.code).sort();
    assert.deepEqual(codes, c.findings, c.label);
  });
}

/**
 * The sample draft's CT row (four slices) in `root`, each slice converted by the command given for it
 * (`[cmd, ...args]`, then input and output), built into a batch and unpacked: dcmdump and dciodvfy find no error in
 * the DICOMDIR the build wrote. Returns the batch, the DICOMDIR's path and its records' transfer syntaxes, sorted.
 */
export async function buildConvertedCt(root: string, converters: readonly string[][]): Promise<{ built: BuildSummary; dicomdir: string; syntaxes: string[] }> {
  const draft = writeSampleDraft(root, [SAMPLE_ROWS[0]]);
  const folder = join(root, SAMPLE_ROWS[0].folder);
  const sources = readdirSync(folder).sort();
  assert.equal(sources.length, converters.length);
  sources.forEach((name, n) => {
    const [cmd, ...args] = converters[n];
    run(cmd, [...args, join(folder, name), join(folder, `${name}.converted`)]);
    renameSync(join(folder, `${name}.converted`), join(folder, name));
  });
  const built = await buildBatch(draft, { date: '20261125', outDir: join(root, 'out'), validation: { now: Date.parse('2025-11-25T12:00:00+08:00') } });
  const unpacked = join(root, 'x');
  run('7zz', ['x', '-y', `-o${unpacked}`, built.rows[0].archivePath]);
  const dicomdir = join(unpacked, 'DICOMDIR');
  assert.doesNotMatch(run('dcmdump', ['-q', dicomdir]), /^E: /m);
  const verified = spawnSync('dciodvfy', [dicomdir], { encoding: 'utf8' });
  assert.deepEqual(`${verified.stdout}${verified.stderr}`.split('\n').filter((l) => /^Error/.test(l)), []);
  const syntaxes = run('dcmdump', ['-Un', '+P', '0004,1512', dicomdir]).match(/[\d.]+(?=\])/g)!.sort();
  return { built, dicomdir, syntaxes };
}
