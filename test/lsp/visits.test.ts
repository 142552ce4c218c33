/**
 * Document highlights and references over stdio: a cell's column in the rows of its visit (the rows whose report
 * serials are numbered together: the same fields 1, 4, 5, 6, 8, 15, 16), and, in a visit of one row, the cells of the
 * column holding the same value.
 */
import * as assert from 'node:assert/strict';
import type { DocumentHighlight, Location, Range } from 'vscode-languageserver-protocol';
import { withClient, type LspClient } from './harness';
import { withRawClient } from './rawClient';
import { NOW_ISO, URI } from './expected';
import { pandasColumnNames, validLine, validRow } from '../fixtures/rows';

const SETTINGS = { deadlineReferenceTime: NOW_ISO, language: 'en' } as const;
const HEADER = '醫事機構代碼,醫事類別,執行年月,健保卡刷卡日期時間,就醫類別,就醫序號,補卡註記,身分證統一編號,出生日期,醫令代碼,報告序號,實際檢查日期時間,診療部位,影像壓縮檔名稱,依附就醫新生兒出生日期,依附就醫新生兒胞胎註記,實際收到影像日期時間';

/** The range of field `field` (1-based) of the comma-separated `text` on `line`. */
function cellOf(text: string, line: number, field: number): Range {
  const cells = text.split(',');
  const start = cells.slice(0, field - 1).reduce((n, c) => n + c.length + 1, 0);
  return { start: { line, character: start }, end: { line, character: start + cells[field - 1].length } };
}

/** `lines` joined as a CSV text. */
const csv = (lines: readonly string[]): string => `${lines.join('\n')}\n`;

function highlights(client: LspClient, line: number, character: number, uri = URI): Promise<DocumentHighlight[] | null> {
  return client.request<DocumentHighlight[] | null>('textDocument/documentHighlight', { textDocument: { uri }, position: { line, character } });
}

function references(client: LspClient, line: number, character: number, includeDeclaration = true, uri = URI): Promise<Location[] | null> {
  return client.request<Location[] | null>('textDocument/references', { textDocument: { uri }, position: { line, character }, context: { includeDeclaration } });
}

const rangesOf = (list: readonly { range: Range }[] | null): Range[] | null => list && list.map((h) => h.range);

describe('language server over stdio: document highlights and references of a visit', function () {
  this.timeout(30000);

  // Rows 0 and 1 are one visit (report serials 1 and 2), as are rows 10 and 11; every other row is a visit of its own.
  const lines = Array.from({ length: 12 }, (_, i) => validLine(i));

  it('says it provides both', async () => {
    await withClient({ settings: SETTINGS }, async (client) => {
      assert.equal(client.initializeResult?.capabilities.documentHighlightProvider, true);
      assert.equal(client.initializeResult?.capabilities.referencesProvider, true);
    });
  });

  it('highlights the same column in the rows of the cell\'s visit', async () => {
    await withClient({ settings: SETTINGS }, async (client) => {
      await client.open(URI, csv(lines));
      const serial = cellOf(lines[1], 1, 11);
      const h = await highlights(client, 1, serial.start.character);
      assert.deepEqual(rangesOf(h), [cellOf(lines[0], 0, 11), serial]);
      assert.ok(h!.every((x) => x.kind === 1), 'text highlights');
      const archive = cellOf(lines[10], 10, 14);
      assert.deepEqual(rangesOf(await highlights(client, 10, archive.end.character)), [archive, cellOf(lines[11], 11, 14)]);
    });
  });

  it('in a visit of one row, highlights the column\'s equal values in the other rows, nothing for a unique or empty value', async () => {
    await withClient({ settings: SETTINGS }, async (client) => {
      // Row 5's exam month (field 3) differs from the others'.
      const own = validRow(5);
      own[2] = '11409';
      const text = lines.map((l, i) => (i === 5 ? own.join(',') : l));
      await client.open(URI, csv(text));
      const hospital = await highlights(client, 3, 2);
      assert.deepEqual(rangesOf(hospital), text.map((l, i) => cellOf(l, i, 1)), 'the hospital code of every row');
      const months = text.map((l, i) => ({ i, month: l.split(',')[2] }));
      const sameMonth = months.filter((m) => m.month === months[3].month).map((m) => cellOf(text[m.i], m.i, 3));
      assert.ok(sameMonth.length > 1 && sameMonth.length < 12);
      assert.deepEqual(rangesOf(await highlights(client, 3, cellOf(text[3], 3, 3).start.character)), sameMonth);
      assert.deepEqual(await highlights(client, 5, cellOf(text[5], 5, 3).start.character), [], 'a value no other row holds');
      assert.deepEqual(await highlights(client, 3, cellOf(text[3], 3, 8).start.character), [], 'a patient ID of one row');
      assert.equal(validRow(3)[16], '');
      assert.deepEqual(await highlights(client, 3, text[3].length), [], 'an empty cell');
    });
  });

  it('highlights at most 1,000 equal values, those of the rows nearest the cursor', async () => {
    await withClient({ settings: SETTINGS }, async (client) => {
      const many = Array.from({ length: 1200 }, (_, i) => validLine(i));
      await client.open(URI, csv(many));
      // Row 602 is a visit of one row; every row holds its hospital code: rows 602 - 499 to 602 + 500 are the nearest 1,000.
      const h = await highlights(client, 602, 1);
      assert.equal(h?.length, 1000);
      assert.deepEqual(rangesOf(h), Array.from({ length: 1000 }, (_, k) => cellOf(many[103 + k], 103 + k, 1)));
    });
  });

  it('lists the visit\'s rows as references, at the same column; without the declaration, the others only', async () => {
    await withClient({ settings: SETTINGS }, async (client) => {
      await client.open(URI, csv(lines));
      const order = cellOf(lines[0], 0, 10);
      const all = await references(client, 0, order.start.character + 1);
      assert.deepEqual(all, [{ uri: URI, range: order }, { uri: URI, range: cellOf(lines[1], 1, 10) }]);
      assert.deepEqual(await references(client, 0, order.start.character + 1, false), [{ uri: URI, range: cellOf(lines[1], 1, 10) }]);
      const alone = cellOf(lines[4], 4, 12);
      assert.deepEqual(await references(client, 4, alone.start.character), [{ uri: URI, range: alone }], 'a visit of one row: itself');
      assert.deepEqual(await references(client, 4, alone.start.character, false), []);
    });
  });

  it('follows edits: a row taken out of its visit is found no more, and rows a new line moved are found where they now stand', async () => {
    await withClient({ settings: SETTINGS }, async (client) => {
      await client.open(URI, csv(lines));
      const serial = cellOf(lines[0], 0, 11);
      assert.equal((await highlights(client, 0, serial.start.character))?.length, 2);
      // Row 1's visit serial (field 6) changes: row 0 is a visit of one row, its serial 1 shared with most rows.
      const visitSerial = cellOf(lines[1], 1, 6);
      await client.change(URI, [{ range: visitSerial, text: '9998' }]);
      const serialOnes = lines.map((l, i) => (l.split(',')[10] === '1' ? cellOf(l, i, 11) : undefined)).filter((r) => r !== undefined);
      assert.deepEqual(rangesOf(await highlights(client, 0, serial.start.character)), serialOnes);
      assert.deepEqual(rangesOf(await references(client, 0, serial.start.character)), [serial]);
      // A new line above moves every row: the visit of rows 10 and 11 is found on lines 11 and 12.
      await client.change(URI, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: `${validLine(20)}\n` }]);
      const moved = cellOf(lines[11], 12, 11);
      assert.deepEqual(rangesOf(await references(client, 12, moved.start.character)), [cellOf(lines[10], 11, 11), moved]);
    });
  });

  it('answers nothing on a header row, whose cells are in no visit and among no equal values', async () => {
    await withClient({ settings: SETTINGS }, async (client) => {
      const text = [HEADER, ...lines.slice(0, 4)];
      await client.open(URI, csv(text));
      assert.equal(await highlights(client, 0, 2), null);
      assert.equal(await references(client, 0, 2), null);
      assert.deepEqual(rangesOf(await highlights(client, 3, 2)), [1, 2, 3, 4].map((i) => cellOf(text[i], i, 1)), 'the hospital code of the data rows only');
    });
  });

  it('answers nothing on the record pandas wrote as column names, which the rules across rows count, and leaves it out of its visit\'s rows', async () => {
    await withClient({ settings: SETTINGS }, async (client) => {
      // Row 0 (serial 1) written as column names, then row 1, the second report of its visit.
      const text = [pandasColumnNames(validRow(0)), ...lines.slice(1, 4)];
      await client.open(URI, csv(text));
      const serial = cellOf(text[1], 1, 11);
      assert.equal(await highlights(client, 0, serial.start.character), null);
      assert.equal(await references(client, 0, serial.start.character), null);
      assert.deepEqual(rangesOf(await references(client, 1, serial.start.character)), [serial]);
      assert.deepEqual(rangesOf(await highlights(client, 3, 2)), [1, 2, 3].map((i) => cellOf(text[i], i, 1)), 'the hospital code of the data rows only');
    });
  });

  it('answers an empty text, a line past the end and a text whose quotes are broken, without failing', async () => {
    await withClient({ settings: SETTINGS }, async (client) => {
      const empty = 'file:///batches/3501200000_20251125_002.csv';
      await client.open(empty, '');
      assert.equal(await highlights(client, 0, 0, empty), null);
      assert.equal(await references(client, 0, 0, true, empty), null);
      await client.open(URI, csv(lines));
      assert.equal(await highlights(client, 40, 3), null);
      assert.equal(await references(client, 40, 3), null);
      // An unclosed quote in row 3's field 13 runs to the end of the text: rows 3 to 11 are one row.
      const broken = lines.map((l, i) => (i === 3 ? l.replace(`,${validRow(3)[12]},`, `,"${validRow(3)[12]},`) : l));
      const brokenUri = 'file:///batches/3501200000_20251125_003.csv';
      await client.open(brokenUri, csv(broken));
      const serial = cellOf(broken[1], 1, 11);
      assert.deepEqual(rangesOf(await highlights(client, 1, serial.start.character, brokenUri)), [cellOf(broken[0], 0, 11), serial], 'the rows before it');
      for (const line of [3, 7, 11, 12]) {
        const h = await highlights(client, line, 1, brokenUri);
        assert.ok(h === null || Array.isArray(h), JSON.stringify(h));
        const r = await references(client, line, 1, true, brokenUri);
        assert.ok(r === null || r.every((l) => l.uri === brokenUri), JSON.stringify(r));
      }
      const hospital = await highlights(client, 3, 2, brokenUri);
      assert.deepEqual(rangesOf(hospital), [0, 1, 2, 3].map((i) => cellOf(broken[i], i, 1)), 'the broken row is one row, with one hospital code');
    });
  });

  it('answers a request of another shape InvalidParams, and goes on', async () => {
    await withRawClient({}, async (client) => {
      client.notify('textDocument/didOpen', { textDocument: { uri: URI, languageId: 'nhi-imaging-csv', version: 1, text: csv(lines) } });
      const document = { textDocument: { uri: URI } };
      const position = { line: 0, character: 1 };
      for (const [method, params] of [
        ['textDocument/documentHighlight', null],
        ['textDocument/documentHighlight', document],
        ['textDocument/documentHighlight', { ...document, position: { line: -1, character: 0 } }],
        ['textDocument/documentHighlight', { textDocument: {}, position }],
        ['textDocument/references', { ...document, position }],
        ['textDocument/references', { ...document, position, context: null }],
        ['textDocument/references', { ...document, position, context: { includeDeclaration: 'yes' } }],
        ['textDocument/references', { ...document, position: { line: 0, character: 1.5 }, context: { includeDeclaration: true } }],
      ] as const) {
        const answer = await client.request(method, params);
        assert.equal(answer.error?.code, -32602, `${method} ${JSON.stringify(params)}: ${JSON.stringify(answer)}`);
      }
      const answer = await client.request('textDocument/references', { ...document, position, context: { includeDeclaration: true } });
      assert.equal((answer.result as Location[]).length, 2, JSON.stringify(answer));
      assert.equal(client.stderr, '');
    });
  });
  it('answers a highlight or references request the client cancels while the text is still being validated with RequestCancelled, at once, not with the visit once it is', async () => {
    await withRawClient({}, async (client) => {
      // Long enough to be validated still when the cancellations come (VS Code cancels each highlight as the cursor moves on).
      const rows = Array.from({ length: 40_000 }, (_, i) => validLine(i));
      client.notify('textDocument/didOpen', { textDocument: { uri: URI, languageId: 'nhi-imaging-csv', version: 1, text: csv(rows) } });
      const position = { line: 1, character: 1 };
      const highlight = client.sendRequest('textDocument/documentHighlight', { textDocument: { uri: URI }, position });
      const listed = client.sendRequest('textDocument/references', { textDocument: { uri: URI }, position, context: { includeDeclaration: true } });
      client.notify('$/cancelRequest', { id: highlight });
      client.notify('$/cancelRequest', { id: listed });
      for (const id of [highlight, listed]) assert.equal((await client.response(id)).error?.code, -32800, `request ${id}`);
      // Those not cancelled wait for the validation and get the visit.
      const answer = await client.request('textDocument/references', { textDocument: { uri: URI }, position, context: { includeDeclaration: true } });
      assert.deepEqual((answer.result as Location[]).map((l) => l.range), [cellOf(rows[0], 0, 1), cellOf(rows[1], 1, 1)]);
    });
  });
});
