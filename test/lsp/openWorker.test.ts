/**
 * A large document's open splits its rows between the server's thread and a worker thread. The
 * diagnostics must be exactly those of a full validation of the text, with defects on both sides
 * of the split and across it, also when an edit arrives while the worker is still busy.
 */
import * as assert from 'node:assert/strict';
import { LspClient } from './harness';
import { diagnosticKeys, expectedKeys, NOW_ISO } from './expected';
import { FIXTURE_FILE_NAME, validLine, validRow } from '../fixtures/rows';

const ROWS = 30_000;

/** Valid rows with defects in both halves, a duplicate across the halves, a syntax problem, a header row and empty rows in both halves. */
function documentText(): string {
  const lines = Array.from({ length: ROWS }, (_, i) => validLine(i));
  lines[0] = lines[0].replace(/^[^,]*/, 'HospitalId');
  const breakDate = (i: number): string => lines[i].replace(/,(\d{7}),/, ',1X$1,');
  lines[100] = breakDate(100);
  lines[20_000] = breakDate(20_000);
  lines[21_000] = lines[21_000].replace(/,([^,]*),/, ',"$1",');
  lines[22_000] = lines[22_000].replace(/,([^,]*),/, ',$1 ",');
  lines[25_000] = lines[5];
  lines[26_000] = lines[26_000].replace(/,([0-9A-Z])/, ',Ａ');
  for (const i of [300, 301, 23_000, 24_000]) lines[i] = ',,,,,,,,,,,,,,,,';
  lines[23_500] = '  ';
  return lines.join('\r\n') + '\r\n';
}

describe('language server over stdio: a large open shared with a worker thread', function () {
  this.timeout(180000);
  const settings = { deadlineReferenceTime: NOW_ISO, language: 'en' as const, maxDiagnostics: 1_000_000 };
  let withWorker: LspClient;
  let alone: LspClient;
  before(async () => {
    withWorker = await LspClient.start({ pull: true, settings });
    alone = await LspClient.start({ pull: true, settings, env: { NHI_IMAGING_OPEN_WORKER: '0' } });
  });
  after(async () => {
    await withWorker.stop();
    await alone.stop();
  });

  it('gives the diagnostics of a full validation, as the server alone does', async () => {
    const uri = `file:///big/${FIXTURE_FILE_NAME}`;
    const text = documentText();
    await withWorker.open(uri, text);
    await alone.open(uri, text);
    const shared = diagnosticKeys((await withWorker.pull(uri)).items ?? []);
    const single = diagnosticKeys((await alone.pull(uri)).items ?? []);
    const handed = withWorker.logs.map((m) => /^file:\/\/\/big\/.*: (\d+) rows validated in a worker thread/.exec(m)).find(Boolean);
    assert.ok(handed && Number(handed[1]) > 0 && Number(handed[1]) < ROWS, withWorker.logs.join('\n'));
    assert.ok(!alone.logs.some((m) => m.includes('worker thread')));
    const expected = expectedKeys(text);
    assert.deepEqual(shared, expected);
    assert.deepEqual(single, expected);
    const lines = new Set(shared.filter((k) => k.severity <= 2).map((k) => Number(k.range.split(':')[0])));
    for (const line of [0, 100, 300, 20_000, 21_000, 22_000, 23_000, 23_500, 24_000, 25_000, 26_000]) assert.ok(lines.has(line), `a problem on line ${line + 1}`);
  });

  it('gives the diagnostics of a full validation when an edit comes before the worker answered', async () => {
    const uri = `file:///big-edited/${FIXTURE_FILE_NAME}`;
    const text = documentText();
    const edit = { range: { start: { line: 27_000, character: 0 }, end: { line: 27_001, character: 0 } }, text: `${validLine(9)}\r\n\r\n` };
    const lines = text.split('\r\n');
    lines.splice(27_000, 1, validLine(9), '');
    const edited = lines.join('\r\n');
    await withWorker.open(uri, text);
    await withWorker.change(uri, [edit]);
    const keys = diagnosticKeys((await withWorker.pull(uri)).items ?? []);
    assert.deepEqual(keys, expectedKeys(edited));
    assert.ok(keys.some((k) => k.code === 'R-duplicate-row' && k.range.startsWith('27000:')), 'the pasted row duplicates row 10');
    // The edit reached the server while the worker was busy: its answer was dropped and the rows validated here.
    assert.ok(!withWorker.logs.some((m) => m.startsWith(uri)), withWorker.logs.join('\n'));
  });

  it('tells a draft whose first rows have no folder yet by the first row with one, on both threads', async () => {
    const uri = 'file:///big-draft/draft.csv';
    const lines = Array.from({ length: ROWS }, (_, i) => validRow(i).map((v, f) => (f === 13 ? (i < 2 || i === 20_000 ? '' : `./row${i}`) : v)).join(','));
    const text = lines.join('\r\n') + '\r\n';
    await withWorker.open(uri, text);
    const items = (await withWorker.pull(uri)).items ?? [];
    assert.deepEqual(diagnosticKeys(items), expectedKeys(text, 'en', 'draft.csv'));
    const required = items.filter((d) => d.code === 'F-required');
    assert.deepEqual(required.map((d) => d.range.start.line), [0, 1, 20_000]);
    for (const d of required) assert.match(d.message, /in a draft it holds the path of the row's image folder/);
    assert.ok(!items.some((d) => d.code === 'FILE-name'));
    assert.ok(withWorker.logs.some((m) => /^file:\/\/\/big-draft\/.*: (\d+) rows validated in a worker thread/.test(m)), withWorker.logs.join('\n'));
  });
});
