// The index of rules across rows (as the language server uses it: row texts read on demand) when every row belongs to
// one visit, as in a file whose rows all lack their visit fields (a short row of one value, a text with its quote
// never closed and then split by an edit): adding the rows, their findings, then removing a block of a quarter of
// them (an edit deleting lines) and the findings again. Baseline in the same run: as many rows, each its own visit.
// The ratio stays flat as the rows grow when the work per row does not depend on the size of its visit.
// Run: npm run bench -- one-visit     (or: node --import tsx test/bench/one-visit.bench.mjs)
import { parseCsv } from '../../server/src/core/csv/parse.ts';
import { defaultOptions } from '../../server/src/core/options.ts';
import { CrossRowIndex } from '../../server/src/core/rules/cross-row.ts';

const options = defaultOptions({ now: 0, lang: 'en' });
const SIZES = (process.env.BENCH_ONE_VISIT_SIZES ?? '10000,20000,40000').split(',').map(Number);

/** Row i: its own archive and serial; its visit fields (1, 4, 5, 6, 8, 15, 16) are visit i, or the same for all. */
function line(i, oneVisit) {
  const f = Array.from({ length: 17 }, () => '');
  f[0] = oneVisit ? '' : `P${i}`;
  f[9] = '33070B';
  f[10] = String(i + 1);
  f[13] = `DCF3501200000_C${String(i).padStart(11, '0')}.7z`;
  return f.join(',');
}

function run(n, oneVisit) {
  const rows = parseCsv(Array.from({ length: n }, (_, i) => line(i, oneVisit)).join('\n')).rows;
  const index = new CrossRowIndex({ rowText: (i) => rows[i].text });
  const t0 = performance.now();
  for (const row of rows) index.add(row, row.cells);
  index.findings(options);
  const t1 = performance.now();
  for (let i = Math.floor(n / 4); i < Math.floor(n / 2); i++) index.remove(rows[i]);
  index.findings(options);
  const t2 = performance.now();
  return { add: t1 - t0, remove: t2 - t1 };
}

console.log('| rows | add + findings: own visits | one visit | ratio | remove a quarter + findings: own visits | one visit | ratio |');
console.log('|---:|---:|---:|---:|---:|---:|---:|');
for (const n of SIZES) {
  run(2000, false);
  run(2000, true);
  const base = run(n, false);
  const one = run(n, true);
  const ms = (v) => `${v.toFixed(0)} ms`;
  console.log(`| ${n.toLocaleString('en-US')} | ${ms(base.add)} | ${ms(one.add)} | ${(one.add / base.add).toFixed(1)}x | ${ms(base.remove)} | ${ms(one.remove)} | ${(one.remove / base.remove).toFixed(1)}x |`);
}
