/**
 * A CSV saved by other software, opened in an editor that decodes it before the server sees it (VS Code drops a
 * UTF-8 BOM and decodes UTF-16; Big5 it shows as U+FFFD unless it guesses): the file's bytes on disk are checked
 * on open and on save, as `nhi-imaging check` reads them.
 */
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { defaultOptions } from '../../server/src/core/options';
import { storedEncodingFindings } from '../../server/src/lsp/storedEncoding';
import { LspClient, until } from './harness';
import { big5WithChinese } from './storedFiles';
import { NOW_ISO } from './expected';
import { FIXTURE_FILE_NAME, FIXTURE_NOW, validCsv } from '../fixtures/rows';

const TEXT = validCsv(3, '\r\n');
const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

describe('the stored encoding of a CSV made by other software', function () {
  this.timeout(60_000);
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'nhi-lsp-stored-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  const write = (name: string, bytes: Buffer) => {
    const path = join(dir, name);
    writeFileSync(path, bytes);
    return path;
  };
  const findings = (path: string, textHasBom = false, textHasLoneCr = false) =>
    storedEncodingFindings(path, { bom: textHasBom, loneCr: textHasLoneCr }, defaultOptions({ now: FIXTURE_NOW, lang: 'en' })).then((fs) => fs.map((f) => `${f.ruleId} ${f.severity} ${f.range.start.line}: ${f.message.en}`));

  it('UTF-8 (LF, or CRLF with a final CRLF, Excel "CSV UTF-8" without its BOM) and a Big5 file holding only ASCII: nothing', async () => {
    assert.deepEqual(await findings(write('a.csv', Buffer.from(TEXT))), []);
    // Big5 (CP950) keeps ASCII as it is: a Big5 file of ASCII alone is these same bytes.
    assert.deepEqual(await findings(write('b.csv', Buffer.from(TEXT, 'latin1'))), []);
  });

  it('a BOM on disk the editor does not show: a warning that says how to save without it; none where the text holds it', async () => {
    const path = write('bom.csv', Buffer.concat([UTF8_BOM, Buffer.from(TEXT)]));
    assert.deepEqual(await findings(path), ['FILE-bom warning 0: the file on disk starts with a UTF-8 byte order mark (U+FEFF) that the editor does not show; save it as UTF-8 without BOM (VS Code: its quick fix, or a click on "UTF-8 with BOM" in the status bar; then Save with Encoding → UTF-8)']);
    assert.deepEqual(await findings(path, true), [], 'the text rule flags it, with its fix');
  });

  it('lone CRs on disk (Excel for Mac "CSV (Macintosh)") the editor shows as line breaks of its own: a warning to save; none where the text holds them', async () => {
    const path = write('mac.csv', Buffer.from(TEXT.replace(/\r\n/g, '\r')));
    assert.deepEqual(await findings(path), [
      'FILE-line-ends warning 0: the file on disk: the lines end in a lone CR (classic Mac line ends, as Excel for Mac\'s "CSV (Macintosh)" saves them), 3 from line 1 on; a reader that splits lines at LF sees the whole file as one row; the editor shows them as line breaks but rewrites the file on disk only when it saves it: make a change and save',
    ]);
    assert.deepEqual(await findings(path, false, true), [], 'the text rule flags them, with its fix');
    const mixed = write('mixed.csv', Buffer.from(TEXT.replace('\r\n', '\n')));
    assert.deepEqual(await findings(mixed), [], 'CRLF and LF mixed are fine');
  });

  it('Notepad\'s "Unicode" (UTF-16 LE with a BOM), Big5 with Chinese on line 2: one FILE-encoding error each, on its line', async () => {
    const utf16 = write('u16.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(TEXT, 'utf16le')]));
    assert.deepEqual(await findings(utf16), ['FILE-encoding error 0: The file is encoded in UTF-16 little-endian (Windows "Unicode"), not UTF-8; save it as UTF-8 (in Excel: Save As → CSV UTF-8 (Comma delimited); sqlcmd -u and bcp -w write UTF-16: export with sqlcmd -f o:65001 or bcp -c -C 65001 instead) and check again.']);
    const big5 = write('big5.csv', big5WithChinese(TEXT));
    assert.deepEqual(await findings(big5), ['FILE-encoding error 1: The file is encoded in Big5 (or another double-byte encoding) from line 2, not UTF-8; save it as UTF-8 (in Excel: Save As → CSV UTF-8 (Comma delimited)) and check again.']);
  });

  it('bcp\'s NUL for an empty string: one FILE-encoding error on the first such line, naming bcp', async () => {
    const [first, ...rest] = TEXT.split('\r\n');
    const bcp = write('bcp.csv', Buffer.from([first, ...rest.map((line) => line.replace(/,(?=,|$)/g, ',\0'))].join('\r\n')));
    assert.deepEqual(await findings(bcp), ['FILE-encoding error 1: The file has values written as a NUL character (0x00) from line 2: bcp writes an empty string as NUL. Turn empty strings into NULL in the export query (e.g. NULLIF(column, \'\')), which bcp writes as an empty field, and check again.']);
  });

  it('over the wire: found on open, gone once the file is saved as UTF-8', async () => {
    const client = await LspClient.start({ pull: true, settings: { language: 'en', deadlineReferenceTime: NOW_ISO } });
    try {
      const sub = join(dir, 'wire');
      mkdirSync(sub);
      const path = join(sub, FIXTURE_FILE_NAME);
      writeFileSync(path, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(TEXT, 'utf16le')]));
      const uri = pathToFileURL(path).href;
      const codes = async (): Promise<string[]> => ((await client.pull(uri)).items ?? []).filter((d: Diagnostic) => d.severity! <= 2).map((d) => `${d.code}@${d.range.start.line}`);
      // VS Code hands over the decoded text: the rows themselves are valid.
      await client.open(uri, TEXT);
      assert.deepEqual(await until(codes, (c) => c.length > 0), ['FILE-encoding@0']);
      writeFileSync(path, TEXT);
      await client.conn.sendNotification('textDocument/didSave', { textDocument: { uri } });
      assert.deepEqual(await until(codes, (c) => c.length === 0), []);
    } finally {
      await client.stop();
    }
  });

  it('NUL bytes past the first 64 KiB (a save cut off): the FILE-encoding error `nhi-imaging check` gives, on its line, and no F-chars error listing them', async () => {
    const sub = join(dir, 'nul-late');
    mkdirSync(sub);
    const path = join(sub, FIXTURE_FILE_NAME);
    const rows = validCsv(700, '\r\n');
    assert.ok(Buffer.byteLength(rows) > 64 * 1024 && rows.endsWith('\r\n'));
    writeFileSync(path, Buffer.concat([Buffer.from(rows), Buffer.alloc(20000)]));
    const client = await LspClient.start({ pull: true, settings: { language: 'en', deadlineReferenceTime: NOW_ISO } });
    try {
      const uri = pathToFileURL(path).href;
      await client.open(uri, rows + '\0'.repeat(20000));
      const errors = async (): Promise<Diagnostic[]> => ((await client.pull(uri)).items ?? []).filter((d: Diagnostic) => d.severity === 1);
      const found = await until(errors, (ds) => ds.some((d) => d.code === 'FILE-encoding'));
      assert.deepEqual(found.map((d) => [d.code, d.range.start.line]), [['FILE-encoding', 700]]);
      assert.match(found[0].message, /The file is text but has NUL bytes \(0x00\) from line 701/);
    } finally {
      await client.stop();
    }
  });

  it('text decoded badly (UTF-16 without BOM read as UTF-8: NULs; Big5 read as UTF-8: U+FFFD): the FILE-encoding error without an F-chars error per field', async () => {
    const client = await LspClient.start({ pull: true, settings: { language: 'en', deadlineReferenceTime: NOW_ISO } });
    try {
      const errors = (uri: string) => async (): Promise<string[]> => ((await client.pull(uri)).items ?? []).filter((d: Diagnostic) => d.severity === 1).map((d) => String(d.code));
      const cases: Array<[string, Buffer]> = [['u16', Buffer.from(TEXT, 'utf16le')], ['big5', big5WithChinese(TEXT)]];
      for (const [name, bytes] of cases) {
        const sub = join(dir, `misdecoded-${name}`);
        mkdirSync(sub);
        const path = join(sub, FIXTURE_FILE_NAME);
        writeFileSync(path, bytes);
        const uri = pathToFileURL(path).href;
        const text = bytes.toString('utf8');
        assert.match(text, /[\u0000\ufffd]/, name);
        await client.open(uri, text);
        const codes = await until(errors(uri), (c) => c.includes('FILE-encoding'));
        assert.ok(codes.includes('FILE-encoding'), `${name}: ${codes.join(' ')}`);
        assert.ok(!codes.includes('F-chars'), `${name}: ${codes.join(' ')}`);
        // UTF-16 read as UTF-8 has NUL lines between its rows: they are no rows of a wrong width or duplicates either.
        if (name === 'u16') assert.deepEqual(codes, ['FILE-encoding']);
      }
      // A file stored as UTF-8 whose text holds U+FFFD keeps its F-chars error: the character is in the file.
      const sub = join(dir, 'utf8-fffd');
      mkdirSync(sub);
      const path = join(sub, FIXTURE_FILE_NAME);
      const text = TEXT.split('\r\n').map((line, i) => (i === 1 ? line.replace(/,([^,]*)$/, ',\ufffd$1') : line)).join('\r\n');
      writeFileSync(path, text);
      const uri = pathToFileURL(path).href;
      await client.open(uri, text);
      assert.ok((await until(errors(uri), (c) => c.includes('F-chars'))).includes('F-chars'));
    } finally {
      await client.stop();
    }
  });
});
