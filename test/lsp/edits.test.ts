/**
 * Incremental edits over the wire: after random edits (typing, deleting, line breaks, quotes,
 * pasted rows) the server's diagnostics must equal a full validation of the resulting text.
 */
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LspClient } from './harness';
import { diagnosticKeys, expectedKeys, NOW_ISO } from './expected';
import { FIXTURE_FILE_NAME, validCsv, validLine } from '../fixtures/rows';

// Also what other software writes: a lone CR, a DOS end-of-file mark, a row number before a row, a query tool's
// underline and row count, column names, a NULL, a SQL date-time.
const pieces = [
  '1', 'A', 'x', ',', '\n', '\r\n', '"', ' ', '０', '19860312', validLine(7), `${validLine(3)}\n`, '',
  '\r', '\x1a', '3,', '--,--', '(3 rows affected)', 'NULL', '2025-11-25 09:45:00.000',
  'HOSP_ID,TYPE,SERIAL,CARD_TIME,VISIT,VSEQ,MARK,CARD,PID,BIRTH,ORDER,COUNT,EXAM_TIME,SITE,FILE,NB,RECV\n',
];

describe('language server over stdio: incremental edits equal a full validation', function () {
  this.timeout(120000);
  let client: LspClient;
  before(async () => {
    client = await LspClient.start({ pull: true, settings: { deadlineReferenceTime: NOW_ISO, language: 'en', maxDiagnostics: 100000 } });
  });
  after(async () => client.stop());

  it('random edits of a valid file', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat(), fc.nat(20), fc.constantFrom(...pieces)), { minLength: 1, maxLength: 12 }),
        async (edits) => {
          const uri = `file:///runs/${run++}/${FIXTURE_FILE_NAME}`;
          const initial = validCsv(12);
          let shadow = TextDocument.create(uri, 'csv', 1, initial);
          await client.open(uri, initial);
          for (const [at, len, text] of edits) {
            const size = shadow.getText().length;
            const from = at % (size + 1);
            const to = Math.min(size, from + (len % 4 === 0 ? len : 0));
            const range = { start: shadow.positionAt(from), end: shadow.positionAt(to) };
            const version = await client.change(uri, [{ range, text }]);
            shadow = TextDocument.update(shadow, [{ range, text }], version);
          }
          const report = await client.pull(uri);
          await client.close(uri);
          assert.deepEqual(diagnosticKeys(report.items!), expectedKeys(shadow.getText()));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('a row number typed before a row (ROW-index): its deadline note moves with the exam time, as a full validation places it', async () => {
    const uri = `file:///runs/row-index/${FIXTURE_FILE_NAME}`;
    const initial = validCsv(3);
    await client.open(uri, initial);
    const at = { line: 1, character: 0 };
    const version = await client.change(uri, [{ range: { start: at, end: at }, text: '3,' }]);
    const text = TextDocument.update(TextDocument.create(uri, 'csv', 1, initial), [{ range: { start: at, end: at }, text: '3,' }], version).getText();
    const keys = diagnosticKeys((await client.pull(uri)).items!);
    await client.close(uri);
    const exam = text.split('\n')[1].split(',')[12];
    const start = text.split('\n')[1].indexOf(`,${exam},`) + 1;
    assert.ok(keys.some((k) => k.code === 'DEADLINE' && k.range === `1:${start}-1:${start + exam.length}`), JSON.stringify(keys));
    assert.deepEqual(keys, expectedKeys(text));
  });
});
