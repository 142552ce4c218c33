/**
 * A build over the wire (node dist/server.js --stdio) cut off by the server's end: a restart (shutdown,
 * then exit, as VS Code's "Restart Language Server" does) or a crash (SIGKILL). What it leaves must not
 * pass for a batch (no CSV; every archive under a final name complete; temporary names only otherwise), the
 * ledger keeps the numbers it reserved, and the next build, by the next server, cleans up and succeeds.
 */
import * as assert from 'node:assert/strict';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient } from '../../lsp/harness';
import { writeSampleDraft } from '../../../samples/draft/generate';
import { readLedger } from '../../../server/src/core/build/ledger';
import { parseArchiveName } from '../../../server/src/core/rules/archive-name';
import { archiveIsComplete, TEMPORARY, writeLargeDraft } from './interrupted';
import { BUILD_PROGRESS_NOTIFICATION, BUILD_REQUEST, type BuildProgressParams, type BuildResult } from '../../../server/src/shared/build';

const HOSP = '3501200000';
const SETTINGS = { settings: { language: 'en' as const, deadlineReferenceTime: '2025-11-25T04:00:00Z' } };

/** Starts a build of `draft` into `out` and ends the server as soon as the first archive is being packed. */
async function cutOffBuild(draft: string, out: string, end: (client: LspClient) => Promise<void>): Promise<unknown> {
  const client = await LspClient.start(SETTINGS);
  try {
    const uri = pathToFileURL(draft).href;
    await client.open(uri, readFileSync(draft, 'utf8'));
    let packing = false;
    client.conn.onNotification(BUILD_PROGRESS_NOTIFICATION, (p: BuildProgressParams) => (packing ||= p.phase === 'pack' && p.bytesDone > 0));
    const answer = client.request<BuildResult>(BUILD_REQUEST, { uri, date: '20261125', outDir: out }).then((r) => r, (e: unknown) => e);
    await client.waitFor(() => (packing ? true : undefined), 60_000);
    const exited = once(client.proc, 'exit');
    await end(client);
    await exited;
    return await Promise.race([answer, new Promise((r) => setTimeout(() => r('no answer'), 1_000))]);
  } finally {
    await client.stop();
  }
}

const endings: [string, (client: LspClient) => Promise<void>][] = [
  [
    'a restart (shutdown answered at once though the build goes on, then exit)',
    async (client) => {
      const asked = Date.now();
      assert.equal(await client.request('shutdown', undefined), null);
      // VS Code's client gives up on a restart whose shutdown takes longer than 2 s.
      assert.ok(Date.now() - asked < 2_000, `shutdown answered after ${Date.now() - asked} ms`);
      await client.conn.sendNotification('exit');
    },
  ],
  ['a crash (SIGKILL)', async (client) => void client.proc.kill('SIGKILL')],
];

describe('language server over stdio: a build cut off by the server ending', function () {
  this.timeout(180_000);
  let dir: string;
  let draft: string;
  let small: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'nhi-lsp-cut-'));
    draft = writeLargeDraft(dir);
    small = writeSampleDraft(join(dir, 'small'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  endings.forEach(([how, end], i) => {
    it(`by ${how}: leaves no batch, keeps its numbers used, and the next server's build cleans up and succeeds`, async () => {
      const out = join(dir, `out${i}`);
      const ledgerPath = join(dir, '.nhi-imaging', 'ledger.jsonl');
      const before = await readLedger(ledgerPath);
      const answer = await cutOffBuild(draft, out, end);
      assert.ok(!(answer as BuildResult | undefined)?.ok, `the cut-off build is not reported built: ${JSON.stringify(answer)}`);

      const left = readdirSync(out);
      assert.ok(left.some((n) => TEMPORARY.test(n)), `cut off while packing, it leaves temporary files: ${left.join()}`);
      assert.deepEqual(left.filter((n) => n.endsWith('.csv')), [], 'no CSV: nothing passes for a batch');
      for (const name of left) {
        if (parseArchiveName(name)) assert.ok(await archiveIsComplete(out, name), `${name} under a final name is complete`);
        else assert.match(name, TEMPORARY, `only temporary names besides complete archives: ${name}`);
      }
      const cut = await readLedger(ledgerPath);
      const reserved = [...(cut.cases.get(HOSP) ?? [])].filter((c) => !before.cases.get(HOSP)?.has(c));
      assert.equal(reserved.length, 4, 'the cut-off build reserved its four case numbers');
      assert.equal(cut.rows.length, before.rows.length, 'and recorded no row');

      const client = await LspClient.start(SETTINGS);
      try {
        const uri = pathToFileURL(small).href;
        await client.open(uri, readFileSync(small, 'utf8'));
        const built = await client.request<BuildResult>(BUILD_REQUEST, { uri, date: '20261125', outDir: out });
        assert.equal(built.ok, true, JSON.stringify(built.error));
        const csvText = readFileSync(built.summary!.csvPath, 'utf8');
        const archives = csvText.trim().split(/\r?\n/).map((line) => line.split(',')[13]);
        assert.equal(archives.length, 4);
        for (const a of archives) assert.ok(await archiveIsComplete(out, a), `${a} is complete`);
        const seq = Number(/_(\d+)\.csv$/.exec(built.summary!.csvPath)![1]);
        assert.equal(seq, cut.sequences.get(`${HOSP}_20261125`)! + 1, 'the next sequence after the one the cut-off build reserved');
        const after = await readLedger(ledgerPath);
        const fresh = after.rows.filter((r) => r.csv === built.summary!.csvPath);
        assert.equal(fresh.length, 4);
        for (const r of fresh) assert.ok(!cut.cases.get(HOSP)!.has(r.case), `${r.case} was not handed out before`);
      } finally {
        await client.stop();
      }
      assert.deepEqual(readdirSync(out).filter((n) => n.includes('.partial-') || n.startsWith('.nhi-build-')), [], 'the output folder is clean');
      assert.ok(existsSync(ledgerPath));
    });
  });
});
