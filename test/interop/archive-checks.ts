/**
 * What the interop suites that make DICOM files with other software (converters.test.ts: dcmtk; gdcm.test.ts: GDCM)
 * share: running a tool, a picture to compress, an upload row naming an archive, and the checks each archive or
 * built batch is held to (the quick and the full check, and `nhi-imaging check --archives` over all rows).
 */
import { strict as assert } from 'node:assert';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeSampleDraft, SAMPLE_ROWS } from '../../samples/draft/generate';
import { checkLinkedArchives } from '../../server/src/core/archive/check';
import { buildBatch } from '../../server/src/core/build/batch';
import type { BuildSummary } from '../../server/src/core/build/types';
import { parseCsv } from '../../server/src/core/csv/parse';
import { defaultOptions } from '../../server/src/core/options';
import { EXAMPLE_ROW } from '../../server/src/core/spec/example';
import { checkJson, CLI } from '../cli/helpers';

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
 * Packs the file-set in `root` (DICOMDIR and IMG) as `dir/name` with 7zz and holds it to `expected`'s findings, with two
 * instances seen unless its files are `unreadable`; returns the case, for expectCliFindingsPerRow.
 */
export async function packAndExpect(dir: string, root: string, name: string, expected: MadeFiles): Promise<ArchiveCase> {
  run('7zz', ['a', '-mx=1', join(dir, name), 'DICOMDIR', 'IMG'], root);
  const archive: ArchiveCase = { ...expected, name, instances: expected.unreadable ? undefined : 2 };
  await expectArchiveFindings(dir, archive);
  return archive;
}

/** The quick and the full check of a batch the build wrote find nothing and see its instances. */
export async function expectCleanBatch(csvPath: string, instances: number): Promise<void> {
  for (const mode of ['quick', 'full'] as const) {
    const r = await checkLinkedArchives(csvPath, parseCsv(readFileSync(csvPath, 'utf8')), { options, mode });
    assert.deepEqual(r.findings.map((f) => `${f.ruleId}: ${f.message.en}`), [], mode);
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
