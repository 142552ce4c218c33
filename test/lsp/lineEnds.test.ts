/**
 * Lines that end in a lone CR (classic Mac, Excel for Mac "CSV (Macintosh)"): the text's FILE-line-ends warning with
 * its fix, the rows on the lines VS Code shows (a lone CR is a line break there), and the file on disk checked
 * when the editor already turned its lone CRs into line breaks of its own (VS Code does on opening).
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CodeAction, Diagnostic, TextEdit } from 'vscode-languageserver';
import { until, withClient, type LspClient } from './harness';
import { NOW_ISO } from './expected';
import { FIXTURE_FILE_NAME, validCsv, validRow } from '../fixtures/rows';
import { applyEdits } from '../unit/core/edits';

const SETTINGS = { deadlineReferenceTime: NOW_ISO, language: 'en' as const };
const WHOLE = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
const serious = (ds: Diagnostic[]) => ds.filter((d) => d.severity! <= 2);

async function actions(c: LspClient, uri: string, range: Diagnostic['range'], only?: string[]): Promise<CodeAction[]> {
  return c.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics: [], ...(only ? { only } : {}) } });
}

const editsOf = (a: CodeAction | undefined, uri: string): TextEdit[] => a?.edit?.changes?.[uri] ?? [];

describe('language server: lone CR line ends', function () {
  this.timeout(60_000);
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'nhi-lsp-cr-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('a classic Mac text: one warning on line 1, row findings on the lines the editor shows, and a quick fix writing CRLF', async () => {
    await withClient({ pull: true, settings: SETTINGS }, async (c) => {
      const uri = `file:///no-such-folder/mac/${FIXTURE_FILE_NAME}`;
      const lines = validCsv(4).trimEnd().split('\n');
      const bad = validRow(3);
      bad[4] = 'ZZ';
      lines[3] = bad.join(',');
      const text = lines.join('\r') + '\r';
      await c.open(uri, text);
      const found = serious((await c.pull(uri)).items ?? []);
      assert.deepEqual(found.map((d) => `${d.code}@${d.range.start.line}`), ['F05-visit-type@3', 'FILE-line-ends@0']);
      const visit = found[0];
      const at = lines[3].indexOf(',ZZ,') + 1;
      assert.deepEqual(visit.range, { start: { line: 3, character: at }, end: { line: 3, character: at + 2 } });
      const lineEnds = found[1];
      assert.equal(lineEnds.severity, 2);
      assert.deepEqual(lineEnds.range, { start: { line: 0, character: 0 }, end: { line: 0, character: lines[0].length } });
      assert.match(lineEnds.message, /lone CR .* 4 from line 1 on/);

      const fixes = (await actions(c, uri, lineEnds.range, ['quickfix'])).filter((a) => a.title.includes('line ends'));
      assert.deepEqual(fixes.map((a) => a.title), ['Change the 4 lone CR line ends to CRLF'], 'one action: no "fix all of this kind" repeating it');
      const edits = editsOf(fixes[0], uri);
      assert.deepEqual(edits[0], { range: { start: { line: 0, character: lines[0].length }, end: { line: 1, character: 0 } }, newText: '\r\n' });
      const fixed = applyEdits(text, edits);
      assert.equal(fixed, lines.join('\r\n') + '\r\n');

      // The fix applied as an editor applies it: the warning goes, the row finding stays on its line.
      await c.change(uri, [...edits].reverse().map((e) => ({ range: e.range, text: e.newText })));
      const after = serious((await c.pull(uri)).items ?? []);
      assert.deepEqual(after.map((d) => `${d.code}@${d.range.start.line}:${d.range.start.character}`), [`F05-visit-type@3:${at}`]);
    });
  });

  it('source.fixAll on a classic Mac file with a header row and an empty row: all fixed in one run', async () => {
    await withClient({ pull: true, settings: SETTINGS }, async (c) => {
      const uri = `file:///no-such-folder/fixall/${FIXTURE_FILE_NAME}`;
      const rows = validCsv(3).trimEnd().split('\n');
      const header = 'HospitalId,care,ym,swipe,vt,vs,cf,id,birth,order,serial,exam,site,archive,nb,nbm,recv';
      const text = [header, rows[0], ',,,,,,,,,,,,,,,,', rows[1], rows[2]].join('\r') + '\r';
      await c.open(uri, text);
      await c.pull(uri);
      const [fixAll] = await actions(c, uri, WHOLE, ['source.fixAll']);
      assert.equal(applyEdits(text, editsOf(fixAll, uri)), rows.join('\r\n') + '\r\n');
    });
  });

  it('a lone CR typed into a CRLF text: warned of at its line, and the fix writes CRLF', async () => {
    await withClient({ pull: true, settings: SETTINGS }, async (c) => {
      const uri = `file:///no-such-folder/typed/${FIXTURE_FILE_NAME}`;
      const text = validCsv(3, '\r\n');
      await c.open(uri, text);
      assert.deepEqual(serious((await c.pull(uri)).items ?? []), []);
      const row1 = text.split('\r\n')[1];
      // Line 1's CRLF becomes a lone CR: the text keeps its lines.
      await c.change(uri, [{ range: { start: { line: 1, character: row1.length }, end: { line: 2, character: 0 } }, text: '\r' }]);
      const found = serious((await c.pull(uri)).items ?? []);
      assert.deepEqual(found.map((d) => `${d.code}@${d.range.start.line}`), ['FILE-line-ends@1']);
      assert.match(found[0].message, /^1 line ends in a lone CR .* the first on line 2, among lines ending in CRLF;/);
      const [fix] = (await actions(c, uri, found[0].range, ['quickfix'])).filter((a) => a.title === 'Change the 1 lone CR line end to CRLF');
      assert.deepEqual(editsOf(fix, uri), [{ range: { start: { line: 1, character: row1.length }, end: { line: 2, character: 0 } }, newText: '\r\n' }]);
    });
  });

  it('the file on disk has lone CRs the editor turned into CRLF: warned of as the stored file, once', async () => {
    await withClient({ pull: true, settings: SETTINGS }, async (c) => {
      const text = validCsv(3, '\r\n');
      const path = join(dir, FIXTURE_FILE_NAME);
      writeFileSync(path, text.replace(/\r\n/g, '\r'));
      const uri = pathToFileURL(path).href;
      const codes = async () => serious((await c.pull(uri)).items ?? []);
      // What VS Code hands over: the text with its lone CRs made CRLF.
      await c.open(uri, text);
      const stored = await until(codes, (d) => d.length > 0);
      assert.deepEqual(stored.map((d) => `${d.code}@${d.range.start.line}`), ['FILE-line-ends@0']);
      assert.match(stored[0].message, /^the file on disk: the lines end in a lone CR .*; the editor shows them as line breaks but rewrites the file on disk only when it saves it: make a change and save$/);
      await c.close(uri);
      // An editor that keeps the lone CRs in its text: the text's warning alone, with its fix.
      await c.open(uri, text.replace(/\r\n/g, '\r'));
      await until(codes, (d) => d.length > 0);
      await new Promise((r) => setTimeout(r, 300));
      const own = await codes();
      assert.deepEqual(own.map((d) => `${d.code}@${d.range.start.line}`), ['FILE-line-ends@0']);
      assert.ok((own[0].data as { fixes?: unknown[] })?.fixes?.length, 'the text\'s finding, which carries the fix');
    });
  });
});
