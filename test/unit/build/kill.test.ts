// Kills `node dist/cli.js build` with SIGKILL at several moments and checks what is left:
// nothing incomplete under a final name, and no case number handed out again afterwards.
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { writeSampleDraft } from '../../../samples/draft/generate';
import { readLedger } from '../../../server/src/core/build/ledger';
import { validateText } from '../../../server/src/core/validate';
import { defaultOptions } from '../../../server/src/core/options';
import { parseArchiveName } from '../../../server/src/core/rules/archive-name';
import { archiveIsComplete, TEMPORARY, writeLargeDraft } from './interrupted';

const CLI = resolve(__dirname, '../../../dist/cli.js');
const HOSP = '3501200000';
const NOW = Date.parse('2025-11-25T12:00:00+08:00');

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs a build; kills it with SIGKILL when a stderr line matches `trigger` (or after `afterMs`). */
function runBuild(draft: string, out: string, kill: { trigger?: RegExp; afterMs?: number }): Promise<Run> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [CLI, 'build', draft, '--out', out, '--date', '20261125', '--lang', 'en'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    const timer = kill.afterMs !== undefined ? setTimeout(() => child.kill('SIGKILL'), kill.afterMs) : undefined;
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (kill.trigger && kill.trigger.test(stderr)) child.kill('SIGKILL');
    });
    child.on('exit', (code, signal) => {
      if (timer) clearTimeout(timer);
      done({ code, signal, stdout, stderr });
    });
  });
}

/** Everything under a final name in `out` must be complete: archives verify, a CSV validates and its archives exist. */
async function assertNothingPartial(out: string): Promise<void> {
  if (!existsSync(out)) return;
  for (const name of readdirSync(out)) {
    if (parseArchiveName(name)) {
      assert.equal(await archiveIsComplete(out, name), true, `${name} is complete`);
    } else if (name.endsWith('.csv')) {
      const text = readFileSync(join(out, name), 'utf8');
      const { findings } = validateText(text, defaultOptions({ now: NOW, fileName: name }));
      assert.deepEqual(findings.filter((f) => f.severity === 'error'), [], `${name} is complete`);
      for (const line of text.trim().split(/\r?\n/)) assert.ok(existsSync(join(out, line.split(',')[13])), 'its archives exist');
    } else {
      assert.match(name, TEMPORARY, `only temporary names (naming their writer) besides final outputs: ${name}`);
    }
  }
}

/** The archives in `out` that no CSV there names, in name order. */
function unnamedArchives(out: string): string[] {
  const names = readdirSync(out);
  const named = new Set(names.filter((n) => n.endsWith('.csv')).flatMap((n) => readFileSync(join(out, n), 'utf8').trim().split(/\r?\n/).map((l) => l.split(',')[13])));
  return names.filter((n) => parseArchiveName(n) && !named.has(n)).sort();
}

describe('build killed with SIGKILL', function () {
  this.timeout(180_000);
  let dir: string;
  let draft: string;
  let small: string;
  before(() => {
    assert.ok(existsSync(CLI), `${CLI} missing: run npm run build (npm test does)`);
    dir = mkdtempSync(join(tmpdir(), 'build-kill-'));
    draft = writeLargeDraft(dir);
    small = writeSampleDraft(join(dir, 'small'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const points: [string, { trigger?: RegExp; afterMs?: number }][] = [
    ['while reading the images', { trigger: /Checking the images of row 2/ }],
    ['right after reserving numbers', { trigger: /Reserving case numbers/ }],
    ['during packing', { trigger: /Packing row \d.*\n(.*\n)*Packing row/ }],
    ['while checking the result', { trigger: /Checking the result/ }],
    ['at a moment chosen by the clock', { afterMs: 150 + Math.floor(Math.random() * 600) }],
  ];

  points.forEach(([when, kill], i) => {
    it(`leaves nothing partial under a final name when killed ${when}`, async () => {
      const out = join(dir, `out${i}`);
      const run = await runBuild(draft, out, kill);
      assert.equal(run.signal, run.code === null ? 'SIGKILL' : null, run.stderr);
      await assertNothingPartial(out);
      // The next build into the same folder removes what the killed one left behind.
      const left = existsSync(out) ? readdirSync(out).filter((n) => TEMPORARY.test(n)) : [];
      // Complete archives that no CSV names (killed before publishing it) are kept, and the next build names them.
      const orphans = existsSync(out) ? unnamedArchives(out) : [];
      const next = await runBuild(small, out, {});
      assert.equal(next.code, 0, next.stderr);
      assert.deepEqual(readdirSync(out).filter((n) => TEMPORARY.test(n) || n.includes('.partial-') || n.startsWith('.nhi-build-')), [], 'the output folder is clean');
      for (const n of left) assert.match(next.stdout, new RegExp(`removed a leftover of an interrupted build: ${n.replace(/[.]/g, '\\.')}`));
      const warned = /^warning: The output folder .* an interrupted build left: (.*?)\. Their case numbers/m.exec(next.stdout);
      assert.deepEqual(warned?.[1].split(', ') ?? [], orphans, next.stdout);
      for (const n of orphans) assert.ok(existsSync(join(out, n)), `${n} kept`);
    });
  });

  it('hands out no case number again after all those kills', async () => {
    const ledgerPath = join(dir, '.nhi-imaging', 'ledger.jsonl');
    const before = await readLedger(ledgerPath);
    const used = new Set(before.cases.get(HOSP) ?? []);
    assert.ok(used.size >= 4, 'the killed builds reserved numbers');
    const out = join(dir, 'final');
    const run = await runBuild(draft, out, {});
    assert.equal(run.code, 0, run.stderr);
    await assertNothingPartial(out);
    const after = await readLedger(ledgerPath);
    const fresh = after.rows.filter((r) => r.csv.startsWith(out));
    assert.equal(fresh.length, 4);
    for (const r of fresh) assert.ok(!used.has(r.case), `${r.case} was not handed out before`);
    const seqs = readdirSync(out).filter((n) => n.endsWith('.csv'));
    assert.equal(seqs.length, 1);
    assert.ok(!readdirSync(out).some((n) => n.includes('.partial-')), 'a completed build leaves no temporary file');
  });
});
