/**
 * A CSV not stored as UTF-8 whose text the editor decoded wrongly (UTF-16 without BOM read as UTF-8: NUL between
 * the characters; Big5 read as UTF-8: U+FFFD): every feature shows what the diagnostics show, the one FILE-encoding
 * error and none of the findings that only repeat it, and no request fails on such text.
 */
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CodeAction, Diagnostic, Hover, MarkupContent } from 'vscode-languageserver-protocol';
import { CHECK_ARCHIVES_REQUEST, type CheckArchivesResult } from '../../server/src/shared/archives';
import { CHECK_FILE_REQUEST, type CheckFileResult } from '../../server/src/shared/fileCheck';
import { DEADLINES_REQUEST, type DeadlinesResult } from '../../server/src/shared/protocol';
import { LspClient, until } from './harness';
import { big5WithChinese } from './storedFiles';
import { NOW_ISO } from './expected';
import { FIXTURE_FILE_NAME, validCsv } from '../fixtures/rows';

const TEXT = validCsv(3, '\r\n');

const hoverText = (h: Hover | null): string => (h ? (h.contents as MarkupContent).value : '');

describe('language server over stdio: text decoded wrongly shows what its diagnostics show', function () {
  this.timeout(60_000);
  let client: LspClient;
  let dir: string;
  let n = 0;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nhi-lsp-misdecoded-'));
    client = await LspClient.start({ pull: true, settings: { language: 'en', deadlineReferenceTime: NOW_ISO } });
  });
  after(async () => {
    await client.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** `bytes` stored in a folder of its own under the fixture's name; its URI and the text an editor decoding it as UTF-8 has. */
  const store = (bytes: Buffer): { path: string; uri: string; text: string } => {
    const sub = join(dir, String(++n));
    mkdirSync(sub);
    const path = join(sub, FIXTURE_FILE_NAME);
    writeFileSync(path, bytes);
    return { path, uri: pathToFileURL(path).href, text: bytes.toString('utf8') };
  };
  const codes = (uri: string) => async (): Promise<string[]> => ((await client.pull(uri)).items ?? []).map((d: Diagnostic) => `${d.code}@${d.range.start.line}`);
  /** Opens the stored file's misdecoded text and waits for the FILE-encoding error read from disk. */
  const openMisdecoded = async (bytes: Buffer): Promise<{ path: string; uri: string; text: string }> => {
    const file = store(bytes);
    await client.open(file.uri, file.text);
    await until(codes(file.uri), (c) => c.some((x) => x.startsWith('FILE-encoding')));
    return file;
  };
  /** The latest status of `uri` once it counts the one error. */
  const statusOf = (uri: string) => [...client.statuses].reverse().find((s) => s.uri === uri && s.errors === 1);
  const actions = (uri: string, only: string[]) =>
    client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 100, character: 0 } },
      context: { diagnostics: [], only, triggerKind: 1 },
    });

  it('UTF-16 read as UTF-8: no quick fix (nor fix-all of its kind), symbol, highlight, reference, row count or deadline for the NUL lines the diagnostics leave out', async () => {
    const { uri, text } = await openMisdecoded(Buffer.from(TEXT, 'utf16le'));
    assert.deepEqual(await codes(uri)(), ['FILE-encoding@0']);
    assert.deepEqual((await actions(uri, ['quickfix', 'source.fixAll'])).map((a) => a.title), []);
    assert.deepEqual(await client.request('textDocument/documentSymbol', { textDocument: { uri } }), []);
    // On the first line's hospital code, which every line's text holds (NUL between its digits).
    const position = { line: 0, character: 2 };
    assert.ok(text.split(/\r\n?|\n/).filter((l) => l.includes(text.slice(0, 8))).length > 1);
    assert.equal(await client.request('textDocument/documentHighlight', { textDocument: { uri }, position }), null);
    assert.equal(await client.request('textDocument/references', { textDocument: { uri }, position, context: { includeDeclaration: true } }), null);
    const status = await client.waitFor(() => statusOf(uri));
    assert.deepEqual([status.rows, status.errors, status.warnings, status.infos, status.nearestDeadline], [0, 1, 0, 0, null]);
    const deadlines = await client.request<DeadlinesResult>(DEADLINES_REQUEST, { uri });
    assert.deepEqual([deadlines.rows, deadlines.open, deadlines.missed, deadlines.omitted], [[], 0, 0, 0]);
  });

  it('a NUL in a UTF-8 file (text with NUL bytes on disk, named on its line): no nearest deadline and no deadline in hovers, as no deadline note is shown', async () => {
    const lines = TEXT.split('\r\n');
    const { uri, text } = await openMisdecoded(Buffer.from(lines.map((l, i) => (i === 2 ? l.replace(',', ',\u0000') : l)).join('\r\n')));
    assert.deepEqual(await codes(uri)(), ['FILE-encoding@2']);
    const status = await client.waitFor(() => statusOf(uri));
    assert.deepEqual([status.rows, status.nearestDeadline], [0, null]);
    const firstRow = text.split('\r\n')[0];
    for (let character = 0; character <= firstRow.length; character++) {
      const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: 0, character } });
      assert.doesNotMatch(hoverText(hover), /deadline/, `hover at 0:${character}`);
    }
  });

  it('the status counts of an open misdecoded file are those "Check Large Upload CSV" gives for it on disk', async () => {
    const { uri } = await openMisdecoded(Buffer.from(TEXT, 'utf16le'));
    const status = await client.waitFor(() => statusOf(uri));
    const checked = await client.request<CheckFileResult>(CHECK_FILE_REQUEST, { uri });
    assert.deepEqual([checked.rows, checked.errors, checked.warnings, checked.infos], [status.rows, status.errors, status.warnings, status.infos]);
    assert.deepEqual(checked.diagnostics.map((d) => `${d.code}@${d.range.start.line}`), ['FILE-encoding@0']);
  });

  it('archive findings of NUL rows are left out once the file is known to be UTF-16, in diagnostics, hover and counts; the check does not run on such text', async () => {
    // The text arrives misdecoded while the file on disk still reads as UTF-8 (another program rewrites it after).
    const file = store(Buffer.from(TEXT));
    const text = Buffer.from(TEXT, 'utf16le').toString('utf8');
    await client.open(file.uri, text);
    const first = await client.request<CheckArchivesResult>(CHECK_ARCHIVES_REQUEST, { uri: file.uri });
    assert.equal(first.ran, true);
    const archiveErrors = (await codes(file.uri)()).filter((c) => c.startsWith('A14'));
    assert.ok(archiveErrors.length > 0, 'the NUL rows name no archive that exists');
    const line = Number(archiveErrors[0].split('@')[1]);

    writeFileSync(file.path, Buffer.from(TEXT, 'utf16le'));
    await client.conn.sendNotification('textDocument/didSave', { textDocument: { uri: file.uri } });
    assert.deepEqual(await until(codes(file.uri), (c) => c.some((x) => x.startsWith('FILE-encoding'))), ['FILE-encoding@0']);
    const status = await client.waitFor(() => statusOf(file.uri));
    assert.deepEqual([status.rows, status.errors], [0, 1]);
    const lineText = text.split(/\r\n?|\n/)[line];
    for (let character = 0; character <= lineText.length; character++) {
      const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: file.uri }, position: { line, character } });
      assert.doesNotMatch(hoverText(hover), /A14/, `hover at ${line}:${character}`);
    }
    const again = await client.request<CheckArchivesResult>(CHECK_ARCHIVES_REQUEST, { uri: file.uri });
    assert.equal(again.ran, false);
    assert.match(again.reason ?? '', /UTF-8/);
    assert.deepEqual(await codes(file.uri)(), ['FILE-encoding@0']);
  });

  for (const [name, bytes, errorLine] of [['UTF-16 read as UTF-8', Buffer.from(TEXT, 'utf16le'), 0], ['Big5 read as UTF-8', big5WithChinese(TEXT), 1]] as const) {
    it(`${name}: the FILE-encoding error and its hover stay, and no request fails at any position`, async () => {
      const { uri, text } = await openMisdecoded(bytes);
      assert.ok((await codes(uri)()).includes(`FILE-encoding@${errorLine}`));
      const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: errorLine, character: 0 } });
      assert.match(hoverText(hover), /FILE-encoding/);
      const lines = text.split(/\r\n?|\n/);
      for (let line = 0; line < lines.length; line++) {
        for (let character = 0; character <= lines[line].length; character++) {
          const position = { line, character };
          await client.request('textDocument/hover', { textDocument: { uri }, position });
          await client.request('textDocument/completion', { textDocument: { uri }, position });
          await client.request('textDocument/codeAction', { textDocument: { uri }, range: { start: position, end: position }, context: { diagnostics: [], triggerKind: 2 } });
        }
      }
      await client.request('textDocument/inlayHint', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: lines.length, character: 0 } } });
      await client.request('textDocument/documentSymbol', { textDocument: { uri } });
      for (let line = 0; line < lines.length; line++) {
        const position = { line, character: 1 };
        await client.request('textDocument/documentHighlight', { textDocument: { uri }, position });
        await client.request('textDocument/references', { textDocument: { uri }, position, context: { includeDeclaration: true } });
      }
      await actions(uri, ['quickfix', 'source.fixAll']);
      assert.ok((await codes(uri)()).includes(`FILE-encoding@${errorLine}`), 'the server still answers');
    });
  }
});
