/**
 * CsvDocument's side of the worker thread, without a thread: a stand-in worker claims chunks of rows and answers
 * them with packRows run in this process, stops early, or fails. Either way the document's findings equal those of
 * a document that validated every row itself.
 */
import * as assert from 'node:assert/strict';
import { CsvDocument, LOCAL_FIRST_SHARE, PARALLEL_MIN_ROWS } from '../../server/src/lsp/csvDocument';
import { coreEngine } from '../../server/src/lsp/coreEngine';
import { OpenWorker } from '../../server/src/lsp/openWorker/pool';
import { packClaimed, ParsedRows, type RowsStart } from '../../server/src/lsp/openWorker/packedRows';
import { CHUNK_ROWS, RowClaims } from '../../server/src/lsp/openWorker/claims';
import type { ChunkListener } from '../../server/src/lsp/openWorker/pool';
import { defaultOptions, type ValidationOptions } from '../../server/src/core/options';
import { parseCsv } from '../../server/src/core/csv/parse';
import type { Row } from '../../server/src/core/csv/model';
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

/**
 * A worker that claims chunks from the first up as the thread does, one a turn of the event loop, in this process.
 * `stopAfter`: it claims no more after that many chunks. `failAfter`: after that many, it claims one more and fails
 * without answering it. `misread`: the text it reads instead of the one it was sent.
 */
function standIn(behaviour: { stopAfter?: number; failAfter?: number; misread?: (t: string) => string } = {}): OpenWorker & { jobs: number; chunks: number } {
  const worker = {
    jobs: 0,
    chunks: 0,
    available: true,
    validate(t: string, start: RowsStart, claims: RowClaims, o: ValidationOptions, chunk: ChunkListener): Promise<void> {
      worker.jobs++;
      const parsed = new ParsedRows(behaviour.misread ? behaviour.misread(t) : t, start);
      let c = 0;
      return new Promise((resolve, reject) => {
        const step = (): void => {
          if (worker.chunks === behaviour.stopAfter) return resolve();
          const rows = packClaimed(parsed, claims, c, o);
          if (!rows) return resolve();
          if (worker.chunks === behaviour.failAfter) return reject(new Error('gone'));
          chunk(c, rows);
          worker.chunks++;
          c++;
          setImmediate(step);
        };
        setImmediate(step);
      });
    },
    dispose() {},
  };
  return worker as unknown as OpenWorker & { jobs: number; chunks: number };
}

async function settle(doc: CsvDocument, budgetMs = 50): Promise<void> {
  for (let turns = 0; !doc.validateSome(budgetMs); turns++) {
    assert.ok(turns < 10_000, 'the document settles');
    await new Promise((r) => setImmediate(r));
  }
}

/** Findings as comparable plain data (deadline notes are built on each read). */
function plain(doc: CsvDocument): unknown {
  return JSON.parse(JSON.stringify(doc.findings()));
}

describe('RowClaims: two threads claiming chunks from either end', () => {
  it('gives each chunk to one of them, the worker from the first up and the server thread from the last down, until they meet', () => {
    const server = new RowClaims(10_000, 1000);
    const worker = new RowClaims(10_000, 1000, server.buffer);
    assert.equal(server.chunks, 10);
    assert.deepEqual([server.start(9), server.end(9)], [9000, 10_000]);
    assert.ok(worker.claimForWorker(0) && worker.claimForWorker(1));
    assert.ok(server.claimForServer(9) && server.claimForServer(8));
    assert.ok(server.heldByWorker(1) && !server.heldByWorker(8) && !server.heldByWorker(2));
    assert.ok(!worker.claimForWorker(8), 'the worker meets the server thread');
    assert.ok(!server.claimForServer(1), 'the server thread meets the worker');
    server.closeToWorker();
    assert.ok(!worker.claimForWorker(5), 'closed: the worker gets no more');
    assert.ok(server.claimForServer(5), 'what was left is the server thread\'s');
    assert.equal(new RowClaims(10_001, 1000).end(10), 10_001);
  });
});

describe('ParsedRows: a worker share parsed chunk by chunk', () => {
  it('gives the rows asked for as a whole parse reads them, and lets go of those before', () => {
    const lines = Array.from({ length: 50 }, (_, i) => validLine(i));
    lines[21] = lines[21].replace(/,([^,]*),/, ',"$1\n",');
    lines[30] = lines[30].replace(/,([^,]*),/, ',$1 ",');
    const whole = parseCsv(lines.join('\n') + '\n');
    const at = (r: Row): string => `${r.index} ${JSON.stringify(r.range)} ${r.text}`;
    const parsed = new ParsedRows(lines.slice(1).join('\n') + '\n', { line: 1, rowIndex: 1 });
    assert.deepEqual(parsed.rows(0, 20).map(at), whole.rows.slice(1, 21).map(at));
    assert.deepEqual(parsed.rows(20, 40).map(at), whole.rows.slice(21, 41).map(at));
    const problem = whole.syntaxProblems.find((p) => p.row === 30);
    assert.ok(problem);
    assert.deepEqual(parsed.syntax.get(30), [problem]);
    assert.throws(() => parsed.rows(10, 20), /let go/);
    assert.equal(parsed.parsedUpTo(100), 49);
    assert.deepEqual(parsed.rows(45, 100).map(at), whole.rows.slice(46).map(at));
  });
});

describe('CsvDocument sharing its rows with a worker', () => {
  const content = text();
  const alone = new CsvDocument('file:///a.csv', 'csv', 1, content, coreEngine, options);
  before(() => settle(alone));
  const shared = PARALLEL_MIN_ROWS - Math.floor(PARALLEL_MIN_ROWS * LOCAL_FIRST_SHARE);

  /** A document of `content` with a stand-in worker; `merged()`: the rows of its last merge (0: failed), -1 before any. */
  function withWorker(behaviour: Parameters<typeof standIn>[0] = {}): { doc: CsvDocument; worker: ReturnType<typeof standIn>; merged: () => number } {
    const worker = standIn(behaviour);
    const doc = new CsvDocument('file:///a.csv', 'csv', 1, content, coreEngine, options, worker);
    let merged = -1;
    doc.onRemoteDone = (rows) => (merged = rows);
    return { doc, worker, merged: () => merged };
  }

  it('merges the worker rows into the same findings, counts and deadlines', async () => {
    const { doc, worker, merged } = withWorker();
    await settle(doc, 5);
    assert.equal(worker.jobs, 1);
    assert.ok(merged() > 0 && merged() <= shared, String(merged()));
    assert.deepEqual(plain(doc), plain(alone));
    assert.deepEqual(doc.countsByRank(), alone.countsByRank());
    const last = doc.rows[doc.rows.length - 1];
    assert.equal(doc.deadlineOf(last), alone.deadlineOf(alone.rows[alone.rows.length - 1]));
    assert.ok(doc.countsByRank()[0] >= 3, 'errors in both halves');
  });

  it('keeps the worker rows\' findings unbuilt until read or built, through edits that move those rows', async () => {
    const { doc } = withWorker();
    await settle(doc, 5);
    assert.equal(doc.hasUnbuilt, true, 'the worker\'s rows with findings arrive as counts');
    assert.deepEqual(doc.countsByRank(), alone.countsByRank());
    const edit = (d: CsvDocument): void => d.applyChanges([{ range: { start: { line: 1, character: 0 }, end: { line: 2, character: 0 } }, text: '' }], 2);
    const again = new CsvDocument('file:///a.csv', 'csv', 1, content, coreEngine, options);
    edit(again);
    await settle(again);
    edit(doc);
    await settle(doc, 5);
    assert.deepEqual(doc.countsByRank(), again.countsByRank());
    assert.equal(doc.hasUnbuilt, true, 'rows moved up by the edit are still to be built');
    assert.equal(doc.buildSome(50), true);
    assert.equal(doc.hasUnbuilt, false);
    assert.deepEqual(plain(doc), plain(again));
  });

  it('validates the rows itself that a worker which stops early leaves', async () => {
    const { doc, worker, merged } = withWorker({ stopAfter: 2 });
    await settle(doc);
    assert.equal(worker.chunks, 2);
    assert.equal(merged(), 2 * CHUNK_ROWS, 'the first two chunks');
    assert.deepEqual(plain(doc), plain(alone));
    assert.deepEqual(doc.countsByRank(), alone.countsByRank());
  });

  it('takes no chunk of rows the worker read otherwise, though as many and starting on the same lines', async () => {
    // Every row's lines as sent, but other values: the ends of the rows differ, not their count or first lines. Every
    // row's end, so that whichever chunks the worker reaches before the server thread meets it, none is taken.
    const { doc, merged } = withWorker({ misread: (t) => t.replace(/\n/g, '0\n') });
    await settle(doc);
    assert.equal(merged(), 0, 'no chunk taken');
    assert.deepEqual(plain(doc), plain(alone));
  });

  it('validates the rows itself when the worker fails, those of the chunk it held without answering too', async () => {
    const { doc, worker, merged } = withWorker({ failAfter: 1 });
    await settle(doc);
    assert.equal(worker.chunks, 1);
    assert.equal(merged(), 0);
    assert.deepEqual(plain(doc), plain(alone));
    assert.deepEqual(doc.countsByRank(), alone.countsByRank());
  });

  it('shares a text of more lines than rows, starting the worker during the parse at a row over several lines', async () => {
    // A blank line after every fourth row, and rows whose quoted field goes over two lines around where the shared rows start.
    const rowCount = PARALLEL_MIN_ROWS + 500;
    const lines: string[] = [];
    for (let i = 0; i < rowCount; i++) {
      lines.push(i >= 4000 && i < 8000 ? validLine(i).replace(/,([^,]*)$/, ',"$1\n$1"') : validLine(i));
      if (i % 4 === 3) lines.push('');
    }
    const spread = lines.join('\n') + '\n';
    const worker = standIn();
    const doc = new CsvDocument('file:///a.csv', 'csv', 1, spread, coreEngine, options, worker);
    let merged = -1;
    doc.onRemoteDone = (rows) => (merged = rows);
    const from = Math.floor(doc.text.lineCount * LOCAL_FIRST_SHARE);
    assert.ok(doc.rows[from].line > doc.rows[from - 1].range.end.line && doc.rows[from - 1].range.end.line > doc.rows[from - 1].line, 'the shared rows start after a row over two lines');
    await settle(doc, 5);
    assert.ok(merged > 0 && merged <= rowCount - from, String(merged));
    const single = new CsvDocument('file:///a.csv', 'csv', 1, spread, coreEngine, options);
    await settle(single);
    assert.equal(doc.rows.length, rowCount);
    assert.deepEqual(plain(doc), plain(single));
    assert.deepEqual(doc.countsByRank(), single.countsByRank());
  });

  it('validates every row itself when a text of many lines has too few rows to share', async () => {
    const sparse = Array.from({ length: PARALLEL_MIN_ROWS / 2 }, (_, i) => validLine(i)).join('\n\n') + '\n';
    const worker = standIn();
    const doc = new CsvDocument('file:///a.csv', 'csv', 1, sparse, coreEngine, options, worker);
    let merged = -1;
    doc.onRemoteDone = (rows) => (merged = rows);
    assert.ok(doc.text.lineCount >= PARALLEL_MIN_ROWS);
    await settle(doc);
    await new Promise((r) => setImmediate(r));
    assert.equal(worker.chunks, 0);
    assert.equal(merged, -1);
    const single = new CsvDocument('file:///a.csv', 'csv', 1, sparse, coreEngine, options);
    await settle(single);
    assert.deepEqual(plain(doc), plain(single));
  });

  it('lets the worker claim none of its rows once disposed (closed, or replaced by a new open of its URI)', async () => {
    const { doc, worker, merged } = withWorker();
    doc.dispose();
    for (let turn = 0; turn < 20; turn++) await new Promise((r) => setImmediate(r));
    assert.equal(worker.jobs, 1);
    assert.equal(worker.chunks, 0, 'the worker stopped at its first claim');
    assert.equal(merged(), -1);
  });

  it('drops the answers of a worker whose rows an edit changed, and stays correct', async () => {
    const { doc, merged } = withWorker();
    const line = PARALLEL_MIN_ROWS - 1;
    doc.applyChanges([{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: `${validLine(3)}\n` }], 2);
    await settle(doc);
    await new Promise((r) => setImmediate(r));
    assert.equal(merged(), -1, 'the answer came for a job that no longer stands');
    const fresh = new CsvDocument('file:///a.csv', 'csv', 2, doc.text.getText(), coreEngine, options);
    await settle(fresh);
    assert.deepEqual(plain(doc), plain(fresh));
  });

  it('builds only the rows of the lines asked for when it gives their fixable findings', async () => {
    let built = 0;
    const counting = { ...coreEngine, validateRow: (...args: Parameters<typeof coreEngine.validateRow>) => (built++, coreEngine.validateRow(...args)) };
    const doc = new CsvDocument('file:///a.csv', 'csv', 1, content, counting, options, standIn());
    // The worker answers every chunk of its share before this thread validates a row: the rows asked for below are
    // then the worker's, kept as counts. (Rows this thread validates after the worker's job has ended are built at once.)
    let remoteDone = false;
    doc.onRemoteDone = () => (remoteDone = true);
    for (let turns = 0; !remoteDone; turns++) {
      assert.ok(turns < 10_000, 'the worker ends its job');
      await new Promise((r) => setImmediate(r));
    }
    await settle(doc, 5);
    assert.equal(doc.hasUnbuilt, true);
    built = 0;
    // The worker's row with a quoted value, and the rows beside it.
    const [first, last] = [PARALLEL_MIN_ROWS - 4, PARALLEL_MIN_ROWS - 2];
    const got = doc.fixableFindingsOfLines(first, last);
    assert.ok(built >= 1 && built <= 3, `${built} rows built`);
    const ofLines = alone.fixableFindings().filter((f) => f.row === null || (f.row >= first && f.row <= last));
    assert.ok(ofLines.some((f) => f.row === PARALLEL_MIN_ROWS - 3 && f.fixes?.some((x) => x.kind === 'unquote')));
    assert.deepEqual(JSON.parse(JSON.stringify(got)), JSON.parse(JSON.stringify(ofLines)));
    assert.equal(doc.hasUnbuilt, true, 'the other rows are still to be built');
  });
});
