// The memory the language server keeps per open document for the report of its last archive check
// (`nhiImaging/archiveReport`), measured on a CSV whose archives are all missing (one A14-missing error a row):
// before, the check's result as it came (every row's ArchiveSummary and the findings); now, KeptArchiveReport.
// The findings themselves are held anyway by the document's diagnostics: they count in neither. Also checks that the
// report made from what is kept is the one made from the result.
// Run: node --expose-gc scripts/archive-report-memory.mjs [rows]     (100,000 rows unless given)
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { tsImport } from 'tsx/esm/api';

if (typeof globalThis.gc !== 'function') {
  console.error('run with node --expose-gc');
  process.exit(2);
}
const n = Number(process.argv[2] ?? 100_000);
const fixtures = await tsImport('../test/fixtures/rows.ts', import.meta.url);
const { parseCsv } = await tsImport('../server/src/core/csv/parse.ts', import.meta.url);
const { defaultOptions } = await tsImport('../server/src/core/options.ts', import.meta.url);
const { checkLinkedArchives } = await tsImport('../server/src/core/archive/check.ts', import.meta.url);
const { archiveReport } = await tsImport('../server/src/core/images/report.ts', import.meta.url);
const { KeptArchiveReport } = await tsImport('../server/src/lsp/keptArchiveReport.ts', import.meta.url);

/**
 * Heap and array buffers (typed arrays keep their numbers outside the heap) after full collections, with turns of the
 * event loop between them for the buffers freed to be counted out.
 */
async function used() {
  for (let i = 0; i < 3; i++) {
    globalThis.gc();
    await new Promise((r) => setImmediate(r));
  }
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}
const mb = (b) => `${(b / 1e6).toFixed(1)} MB`;
/** Held instead of the report itself, which would count in what is measured. */
const digest = (report) => ({ bytes: Buffer.byteLength(report), sha256: createHash('sha256').update(report).digest('hex') });

const dir = mkdtempSync(path.join(tmpdir(), 'nhi-archive-report-'));
try {
  const lang = 'en';
  const csvPath = path.join(dir, fixtures.FIXTURE_FILE_NAME);
  const text = fixtures.validCsv(n, '\r\n');
  writeFileSync(csvPath, text);
  const model = parseCsv(text);
  let result = await checkLinkedArchives(csvPath, model.rows, { archiveDir: dir, options: defaultOptions({ now: fixtures.FIXTURE_NOW, lang }), workers: false });
  // What the diagnostics hold: the findings (their messages and archive names are shared with what is kept).
  const diagnostics = result.findings.slice();
  const expected = digest(archiveReport(result.summaries, result.findings, lang));
  const withResult = await used();
  let compact = new KeptArchiveReport(result, lang);
  result = undefined;
  const withCompact = await used();
  const same = digest(compact.report()).sha256 === expected.sha256;
  compact = undefined;
  const neither = await used();
  console.log(`${n} rows, every archive missing (${diagnostics.length} findings held by the diagnostics)`);
  console.log(`kept for the report before (the check's result): ${mb(withResult - neither)}`);
  console.log(`kept for the report now (KeptArchiveReport): ${mb(withCompact - neither)}`);
  console.log(`report made on demand: ${mb(expected.bytes)} of Markdown (UTF-8); the same as from the result: ${same}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
