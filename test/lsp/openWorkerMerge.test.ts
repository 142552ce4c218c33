/**
 * CsvDocument's side of the worker thread, without a thread: a stand-in worker answers with packRows
 * run in this process, or fails. Either way the document's findings equal those of a document that
 * validated every row itself.
 */
import * as assert from 'node:assert/strict';
import { CsvDocument, PARALLEL_MIN_ROWS } from '../../server/src/lsp/csvDocument';
import { coreEngine } from '../../server/src/lsp/coreEngine';
import { OpenWorker } from '../../server/src/lsp/openWorker/pool';
import { packRows, type PackedRows, type RowsStart } from '../../server/src/lsp/openWorker/packedRows';
import { defaultOptions, type ValidationOptions } from '../../server/src/core/options';
import { FIXTURE_FILE_NAME, FIXTURE_NOW, validLine } from '../fixtures/rows';

const options = defaultOptions({ now: FIXTURE_NOW, lang: 'en', fileName: FIXTURE_FILE_NAME });

function text(): string {
  const lines = Array.from({ length: PARALLEL_MIN_ROWS }, (_, i) => validLine(i));
  lines[3] = lines[3].replace(/,(\d{7}),/, ',1X$1,');
  lines[PARALLEL_MIN_ROWS - 10] = lines[PARALLEL_MIN_ROWS - 10].replace(/,(\d{7}),/, ',1X$1,');
  lines[PARALLEL_MIN_ROWS - 5] = lines[7];
  lines[PARALLEL_MIN_ROWS - 3] = lines[PARALLEL_MIN_ROWS - 3].replace(/,([^,]*),/, ',"$1",');
  lines[5] = lines[PARALLEL_MIN_ROWS - 7] = ',,,,';
  return lines.join('\n') + '\n';
}

/** A worker that answers in this process after a turn of the event loop, or fails. */
function standIn(fail: boolean): OpenWorker & { jobs: number } {
  const worker = {
    jobs: 0,
    available: true,
    localShare: 0.5,
    recordSplit() {},
    validate(t: string, start: RowsStart, o: ValidationOptions): Promise<PackedRows> {
      worker.jobs++;
      return new Promise((resolve, reject) => setImmediate(() => (fail ? reject(new Error('gone')) : resolve(packRows(t, start, o)))));
    },
    dispose() {},
  };
  return worker as unknown as OpenWorker & { jobs: number };
}

async function settle(doc: CsvDocument): Promise<void> {
  for (let turns = 0; !doc.validateSome(50); turns++) {
    assert.ok(turns < 10_000, 'the document settles');
    await new Promise((r) => setImmediate(r));
  }
}

/** Findings as comparable plain data (deadline notes are built on each read). */
function plain(doc: CsvDocument): unknown {
  return JSON.parse(JSON.stringify(doc.findings()));
}

describe('OpenWorker: how rows are split', () => {
  it('starts with most rows on the server thread and moves halfway towards an even split, within bounds', () => {
    const w = new OpenWorker();
    assert.equal(w.localShare, 0.6);
    // Both sides as fast: the even split is 0.5.
    w.recordSplit(600, 600, 400, 400);
    assert.equal(w.localShare, 0.55);
    // The worker three times as fast as this thread: even at 0.25, bounded below by 0.3.
    for (let i = 0; i < 10; i++) w.recordSplit(100, 100, 300, 100);
    assert.equal(w.localShare, 0.3);
    w.recordSplit(0, 0, 1, 1);
    assert.equal(w.localShare, 0.3, 'nothing measured, nothing changed');
    w.dispose();
  });
});

describe('CsvDocument with a worker for half of the rows', () => {
  const content = text();
  const alone = new CsvDocument('file:///a.csv', 'csv', 1, content, coreEngine, options);
  before(() => settle(alone));

  /** A document of `content` with a stand-in worker; `merged()`: the rows of its last merge (0: failed), -1 before any. */
  function withWorker(fail: boolean): { doc: CsvDocument; worker: ReturnType<typeof standIn>; merged: () => number } {
    const worker = standIn(fail);
    const doc = new CsvDocument('file:///a.csv', 'csv', 1, content, coreEngine, options, worker);
    let merged = -1;
    doc.onRemoteDone = (rows) => (merged = rows);
    return { doc, worker, merged: () => merged };
  }

  it('merges the worker rows into the same findings, counts and deadlines', async () => {
    const { doc, worker, merged } = withWorker(false);
    await settle(doc);
    assert.equal(worker.jobs, 1);
    assert.equal(merged(), PARALLEL_MIN_ROWS / 2);
    assert.deepEqual(plain(doc), plain(alone));
    assert.deepEqual(doc.countsByRank(), alone.countsByRank());
    const last = doc.rows[doc.rows.length - 1];
    assert.equal(doc.deadlineOf(last), alone.deadlineOf(alone.rows[alone.rows.length - 1]));
    assert.ok(doc.countsByRank()[0] >= 3, 'errors in both halves');
  });

  it('validates the rows itself when the worker fails', async () => {
    const { doc, merged } = withWorker(true);
    await settle(doc);
    assert.equal(merged(), 0);
    assert.deepEqual(plain(doc), plain(alone));
  });

  it('drops the answer of a worker whose rows an edit changed, and stays correct', async () => {
    const { doc, merged } = withWorker(false);
    const line = PARALLEL_MIN_ROWS - 1;
    doc.applyChanges([{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: `${validLine(3)}\n` }], 2);
    await settle(doc);
    await new Promise((r) => setImmediate(r));
    assert.equal(merged(), -1, 'the answer came for a job that no longer stands');
    const fresh = new CsvDocument('file:///a.csv', 'csv', 2, doc.text.getText(), coreEngine, options);
    await settle(fresh);
    assert.deepEqual(plain(doc), plain(fresh));
  });
});
