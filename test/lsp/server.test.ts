/**
 * The language server as an editor sees it: `node dist/server.js --stdio`, JSON-RPC over stdio.
 * (`npm test` builds dist/ first.)
 */
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { SymbolKind, type CodeAction, type CompletionItem, type Diagnostic, type DocumentSymbol, type Hover, type InlayHint } from 'vscode-languageserver-protocol';
import { LspClient, withClient } from './harness';
import { diagnosticKeys, expectedKeys, NOW_ISO, ORDER_CODE_HOVER, URI } from './expected';
import { FIXTURE_NOW, validCsv, validLine, validRow } from '../fixtures/rows';
import { formatRoc } from '../../server/src/core/roc';
import { CHECK_ARCHIVES_REQUEST, type CheckArchivesResult } from '../../server/src/shared/archives';
import { LEDGER_ROWS_REQUEST, type LedgerRowsResult } from '../../server/src/shared/build';

const SETTINGS = { deadlineReferenceTime: NOW_ISO, language: 'en' as const };

/** Row 0 valid; row 1 with a Gregorian birth date (F09-format, fix 0750312). */
function textWithBadBirth(): string {
  const bad = validRow(1);
  bad[8] = '19860312';
  return `${validLine(0)}\n${bad.join(',')}\n`;
}

describe('language server over stdio: push diagnostics', function () {
  let client: LspClient;
  before(async () => {
    client = await LspClient.start({ settings: SETTINGS });
  });
  after(async () => client.stop());

  it('publishes the core findings with rule id, link, source and fixes', async () => {
    const text = textWithBadBirth();
    await client.open(URI, text);
    const diagnostics = await client.pushedFor(URI);
    assert.deepEqual(diagnosticKeys(diagnostics), expectedKeys(text));
    const d = diagnostics.find((x) => x.code === 'F09-format')!;
    const col = validLine(1).indexOf(',0190101,') + 1;
    assert.deepEqual(d.range, { start: { line: 1, character: col }, end: { line: 1, character: col + 8 } });
    assert.equal(d.severity, 1);
    assert.equal(d.source, 'nhi-imaging');
    assert.match(d.codeDescription!.href, /\/docs\/rules\.md#f09-format$/);
    assert.ok(d.message.includes('19860312') && d.message.includes('0750312'), d.message);
    assert.deepEqual((d.data as { fixes: { edits: unknown[] }[] }).fixes[0].edits, [{ range: d.range, newText: '0750312' }]);
  });

  it('sends the status numbers with the nearest open deadline', async () => {
    const status = await client.waitFor(() => client.statuses.find((s) => s.uri === URI && s.version === 1));
    assert.equal(status.rows, 2);
    assert.equal(status.errors, 1);
    assert.equal(status.warnings, 0);
    assert.equal(status.infos, 2);
    assert.equal(status.truncated, false);
    // Row 0's exam is 11411250757 (2025-11-25 07:57 Taipei): deadline 24 h later, 22 h 57 min after the reference time.
    assert.deepEqual(status.nearestDeadline, { row: 0, line: 0, deadline: '2025-11-25T23:57:00.000Z', msLeft: (22 * 60 + 57) * 60_000 });
  });

  it('an edit publishes the new state for the new version', async () => {
    const col = textWithBadBirth().split('\n')[1].indexOf(',19860312,') + 1;
    await client.change(URI, [{ range: { start: { line: 1, character: col }, end: { line: 1, character: col + 8 } }, text: '0750312' }]);
    const diagnostics = await client.pushedFor(URI);
    const text = `${validLine(0)}\n${validLine(1).replace(',0190101,', ',0750312,')}\n`;
    assert.deepEqual(diagnosticKeys(diagnostics), expectedKeys(text));
    assert.equal(diagnostics.filter((d) => d.severity === 1).length, 0);
  });

  it('publishes the rules on the visit serial of preventive care and on the file name\'s system date', async () => {
    // FIXTURE_NOW is 2025-11-25 in Taiwan: a file named the 26th is dated later than today.
    const uri = 'file:///batches/3501200000_20251126_001.csv';
    const v = validRow(0);
    v[4] = 'AC';
    v[5] = '0001';
    await client.open(uri, `${v.join(',')}\n`);
    const diagnostics = await client.pushedFor(uri);
    const serious = diagnostics.filter((d) => d.severity === 1 || d.severity === 2).map((d) => d.code);
    assert.deepEqual(serious.sort(), ['FILE-name-date-future', 'X06-preventive-care-serial']);
    const x06 = diagnostics.find((d) => d.code === 'X06-preventive-care-serial')!;
    const col = v.join(',').indexOf(',AC,0001,') + 4;
    assert.deepEqual(x06.range, { start: { line: 0, character: col }, end: { line: 0, character: col + 4 } });
    await client.close(uri);
  });

  it('closing clears the diagnostics', async () => {
    await client.close(URI);
    await client.waitFor(() => (client.pushed.get(URI)?.diagnostics.length === 0 ? true : undefined));
  });
});

describe('language server over stdio: pull diagnostics and features', function () {
  let client: LspClient;
  before(async () => {
    client = await LspClient.start({ pull: true, settings: SETTINGS, snippets: true });
    await client.open(URI, textWithBadBirth());
  });
  after(async () => client.stop());

  it('answers textDocument/diagnostic, then "unchanged" for the same result id', async () => {
    const first = await client.pull(URI);
    assert.equal(first.kind, 'full');
    assert.deepEqual(diagnosticKeys(first.items!), expectedKeys(textWithBadBirth()));
    assert.equal(client.pushed.size, 0, 'nothing is pushed to a client that pulls');
    const second = await client.pull(URI, first.resultId);
    assert.deepEqual(second, { kind: 'unchanged', resultId: first.resultId });
  });

  it('hover on the order code: field, explanation, meaning, deadline', async () => {
    const line = validLine(0);
    const col = line.indexOf('33070B') + 2;
    const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri: URI }, position: { line: 0, character: col } });
    assert.deepEqual(hover.range, { start: { line: 0, character: col - 2 }, end: { line: 0, character: col + 4 } });
    assert.deepEqual(hover.contents, {
      kind: 'markdown',
      value: [`**${ORDER_CODE_HOVER.heading}**`, ...ORDER_CODE_HOVER.rest].join('\n'),
    });
  });

  it('hover on a ROC date gives the Gregorian date with weekday', async () => {
    const col = validLine(0).indexOf('11411250757') + 1;
    const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri: URI }, position: { line: 0, character: col } });
    const value = (hover.contents as { value: string }).value;
    assert.ok(value.startsWith('**Field 12 exam time (實際檢查日期時間)**'), value);
    assert.ok(value.includes('- ROC 114/11/25 07:57 → 2025-11-25 07:57 (Tue)'), value);
  });

  it('hover on the ID names its form; on the body site the region', async () => {
    const line = validLine(0);
    const at = async (needle: string): Promise<string> => {
      const h = await client.request<Hover>('textDocument/hover', { textDocument: { uri: URI }, position: { line: 0, character: line.indexOf(needle) } });
      return (h.contents as { value: string }).value;
    };
    assert.ok((await at('A100000001')).includes('- national ID\n- male'));
    assert.ok((await at(',H,')).startsWith('**Field 12 '), 'a comma belongs to the cell before it');
    assert.ok((await at('H,DCF')).includes('- H = head'));
  });

  it('completion: care categories replace the cell', async () => {
    const col = validLine(0).indexOf(',12,') + 1;
    const items = await client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri: URI }, position: { line: 0, character: col } });
    assert.deepEqual(items.map((i) => i.label), ['11', '12', '13', '14', '15', '19', '21', '22', '29', '50']);
    assert.equal(items[0].detail, 'outpatient, Western-medicine clinic');
    assert.deepEqual((items[0].textEdit as { range: unknown }).range, { start: { line: 0, character: col }, end: { line: 0, character: col + 2 } });
  });

  it('completion: the hospital code of the file name in field 1', async () => {
    const items = await client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri: URI }, position: { line: 0, character: 0 } });
    assert.deepEqual(items.map((i) => [i.label, i.detail]), [['3501200000', 'the hospital code in the file name']]);
    assert.deepEqual((items[0].textEdit as { range: unknown }).range, { start: { line: 0, character: 0 }, end: { line: 0, character: 10 } });
  });

  it('completion: body-site letters are appended for a CT order; none for endoscopy', async () => {
    const line = validLine(0);
    const col = line.indexOf(',H,') + 2;
    const items = await client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri: URI }, position: { line: 0, character: col } });
    // The cell holds H already: the other 19 region letters are offered, appended at the cursor.
    assert.equal(items.length, 19);
    assert.ok(!items.some((i) => i.label === 'H'));
    assert.deepEqual(items[0].textEdit, { range: { start: { line: 0, character: col }, end: { line: 0, character: col } }, newText: items[0].label });
    assert.equal(items[0].kind, 20);
  });

  it('completion: ROC now in a date field and the archive-name scaffold in field 14', async () => {
    const line = validLine(0);
    const dateCol = line.indexOf('11411250757');
    const dates = await client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri: URI }, position: { line: 0, character: dateCol } });
    assert.deepEqual(dates.map((i) => i.label), [formatRoc(FIXTURE_NOW, 'YYYMMDDHHMM')]);
    assert.equal(dates[0].label, '11411250900');
    const archCol = line.indexOf('DCF');
    const names = await client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri: URI }, position: { line: 0, character: archCol } });
    // The name being corrected keeps its case number.
    const caseNumber = validRow(0)[13].slice(14, 26);
    assert.deepEqual(names.map((i) => i.label), [`DCF3501200000_${caseNumber}.7z`, `DCF3501200000_${caseNumber}.CAB`]);
    // An empty cell gets a snippet with a placeholder for the case number.
    await client.change(URI, [{ range: { start: { line: 0, character: archCol }, end: { line: 0, character: archCol + validRow(0)[13].length } }, text: '' }]);
    const fresh = await client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri: URI }, position: { line: 0, character: archCol } });
    assert.deepEqual(fresh.map((i) => i.label), ['DCF3501200000_000000000001.7z', 'DCF3501200000_000000000001.CAB']);
    assert.equal((fresh[0].textEdit as { newText: string }).newText, 'DCF3501200000_${1:000000000001}.7z');
    assert.equal(fresh[0].insertTextFormat, 2);
    await client.change(URI, [{ range: { start: { line: 0, character: archCol }, end: { line: 0, character: archCol } }, text: validRow(0)[13] }]);
  });

  it('code actions: the quick fix, fix-all of the kind, source.fixAll', async () => {
    const d = (await client.pull(URI)).items!.find((x) => x.code === 'F09-format')!;
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: URI }, range: d.range, context: { diagnostics: [d] } });
    const quick = actions.filter((a) => a.kind === 'quickfix');
    assert.equal(quick[0].title, 'Write as ROC 0750312');
    assert.equal(quick[0].isPreferred, true);
    assert.deepEqual(quick[0].edit, { changes: { [URI]: [{ range: d.range, newText: '0750312' }] } });
    assert.equal(quick[0].diagnostics![0].code, 'F09-format');
    const all = actions.find((a) => a.kind === 'source.fixAll')!;
    assert.deepEqual(all.edit, { changes: { [URI]: [{ range: d.range, newText: '0750312' }] } });
    const onlyFixAll = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: URI }, range: d.range, context: { diagnostics: [], only: ['source.fixAll'] } });
    assert.deepEqual(onlyFixAll.map((a) => a.kind), ['source.fixAll']);
  });

  it('inlay hints only for the requested lines', async () => {
    const hints = await client.request<InlayHint[]>('textDocument/inlayHint', {
      textDocument: { uri: URI }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 200 } },
    });
    const line = validLine(0);
    const end = (v: string): number => line.indexOf(v) + v.length;
    assert.deepEqual(hints, [
      { position: { line: 0, character: end(',11411,') - 1 }, label: '2025-11', paddingLeft: true },
      { position: { line: 0, character: end('1141125074200') }, label: '2025-11-25 07:42:00 (Tue)', paddingLeft: true },
      { position: { line: 0, character: end('0190101') }, label: '1930-01-01 (Wed)', paddingLeft: true },
      { position: { line: 0, character: end('11411250757') }, label: '2025-11-25 07:57 (Tue)', paddingLeft: true },
    ]);
  });

  it('one document symbol per row, the ID masked', async () => {
    const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: URI } });
    assert.deepEqual(symbols.map((s) => s.name), ['row 1 · 33070B 電腦斷層造影—無造影劑 · A10****001', 'row 2 · 33071B 電腦斷層造影—有造影劑 · A10****001']);
    assert.deepEqual(symbols[1].range, { start: { line: 1, character: 0 }, end: { line: 1, character: validLine(1).replace(',0190101,', ',19860312,').length } });
  });

  it('fix-all of one kind gathers every row with that fix', async () => {
    const uri = URI.replace('001.csv', '002.csv');
    const rows = [0, 1, 2].map((i) => {
      const r = validRow(i);
      r[8] = '19860312';
      return r.join(',');
    });
    await client.open(uri, rows.join('\n') + '\n');
    const items = (await client.pull(uri)).items!.filter((x) => x.code === 'F09-format');
    assert.equal(items.length, 3);
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: items[1].range, context: { diagnostics: [items[1]] } });
    const all = actions.find((a) => a.title === 'Write all Gregorian dates as ROC dates (3 in this file)')!;
    assert.deepEqual(all.edit!.changes![uri], items.map((d) => ({ range: d.range, newText: '0750312' })));
  });

  it('a date that reads month or day first takes the order another date of its column shows: preferred quick fix and source.fixAll', async () => {
    const uri = URI.replace('001.csv', '003.csv');
    const rows = ['11/25/1986', '3/12/1986'].map((birth, i) => {
      const r = validRow(i);
      r[8] = birth;
      return r.join(',');
    });
    await client.open(uri, rows.join('\n') + '\n');
    const [shows, either] = (await client.pull(uri)).items!.filter((x) => x.code === 'F09-format');
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: either.range, context: { diagnostics: [either] } });
    const quick = actions.filter((a) => a.kind === 'quickfix' && a.diagnostics?.length);
    assert.deepEqual(quick.map((a) => [a.title, a.isPreferred]), [
      ['Read month first: 0750312 (1986-03-12): the file writes dates month first, as 11/25/1986 on line 1 in this field shows', true],
      ['Read day first: 0751203 (1986-12-03)', false],
    ]);
    const all = actions.find((a) => a.kind === 'source.fixAll')!;
    assert.deepEqual(all.edit!.changes![uri], [{ range: shows.range, newText: '0751125' }, { range: either.range, newText: '0750312' }]);
  });

  it('a fix a person has to choose is not preferred, so Auto Fix does not apply it unasked', async () => {
    const uri = URI.replace('001.csv', '004.csv');
    const either = validRow(0);
    either[8] = '3/12/1986';
    // A value after the archive name: the missing field may be any of the row's, so the empty fields added are a guess.
    const short = validRow(1).slice(0, 15);
    short[14] = '1141124';
    await client.open(uri, [either.join(','), short.join(',')].join('\n') + '\n');
    const items = (await client.pull(uri)).items!;
    const preferred = async (code: string) => {
      const d = items.find((x) => x.code === code)!;
      const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } });
      return actions.filter((a) => a.kind === 'quickfix' && a.diagnostics?.some((x) => x.code === code)).map((a) => [a.title, a.isPreferred]);
    };
    assert.deepEqual(await preferred('F09-format'), [
      ['Read month first: 0750312 (1986-03-12)', false],
      ['Read day first: 0751203 (1986-12-03)', false],
    ]);
    assert.deepEqual(await preferred('ROW-columns'), [['Add 2 empty fields at the end of the row', false]]);
  });
});

describe('language server over stdio: settings, language, cap', function () {
  it('follows the client locale (zh-TW) and caps diagnostics with a notice', async () => {
    await withClient({ pull: true, locale: 'zh-tw', settings: { deadlineReferenceTime: NOW_ISO, maxDiagnostics: 2 } }, async (client) => {
      const text = validCsv(5);
      await client.open(URI, text);
      const items = (await client.pull(URI)).items!;
      assert.equal(items.length, 3);
      assert.deepEqual(diagnosticKeys(items.slice(0, 2)), expectedKeys(text, 'zh-TW').slice(0, 2));
      assert.equal(items[2].code, 'LSP-diagnostics-capped');
      assert.equal(items[2].message, '共 5 項問題，只顯示最嚴重的前 2 項（設定 nhiImaging.maxDiagnostics）。');
    });
  });

  it('lists at most maxDocumentSymbols rows as symbols, and one symbol spans the rows after them', async () => {
    await withClient({ pull: true, locale: 'zh-tw', settings: { deadlineReferenceTime: NOW_ISO, maxDocumentSymbols: 3 } }, async (client) => {
      const text = validCsv(7);
      await client.open(URI, text);
      const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: URI } });
      assert.deepEqual(symbols.map((s) => s.name.split(' · ')[0]), ['第 1 列', '第 2 列', '第 3 列', '第 4–7 列未列出（只列出前 3 列；設定 nhiImaging.maxDocumentSymbols）']);
      const rest = { start: { line: 3, character: 0 }, end: { line: 6, character: validLine(6).length } };
      assert.deepEqual([symbols[3].kind, symbols[3].range, symbols[3].selectionRange], [SymbolKind.Namespace, rest, rest]);
      await client.changeSettings({ ...SETTINGS, maxDocumentSymbols: 6 });
      const more = await pollUntil(() => client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: URI } }), (s) => s.length === 7);
      assert.equal(more[6].name, 'row 7 not listed (only the first 6 are listed; setting nhiImaging.maxDocumentSymbols)');
      await client.changeSettings({ ...SETTINGS, maxDocumentSymbols: 7 });
      const all = await pollUntil(() => client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: URI } }), (s) => !s[6].name.includes('not listed'));
      assert.equal(all.length, 7);
      await client.changeSettings({ ...SETTINGS, maxDocumentSymbols: 0 });
      const none = await pollUntil(() => client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: URI } }), (s) => s.length === 1);
      assert.equal(none[0].name, 'rows 1–7 not listed (setting nhiImaging.maxDocumentSymbols)');
    });
  });

  it('a severity setting turns a rule off, and a settings change re-validates', async () => {
    await withClient({ pull: true, settings: { ...SETTINGS, severity: { DEADLINE: 'off' } } }, async (client) => {
      await client.open(URI, validCsv(3));
      assert.deepEqual((await client.pull(URI)).items, []);
      await client.changeSettings({ ...SETTINGS, severity: { DEADLINE: 'hint' } });
      const { items } = await pollUntil(() => client.pull(URI), (r) => (r.items?.length ?? 0) === 3);
      assert.deepEqual(items!.map((d: Diagnostic) => d.severity), [4, 4, 4]);
    });
  });

  it('times later than the reference time are warned of on their cells, and follow the reference time as the deadline does', async () => {
    await withClient({ pull: true, settings: SETTINGS }, async (client) => {
      const text = validLine(0) + '\n';
      const exam = validRow(0)[11];
      const col = validLine(0).indexOf(`,${exam},`) + 1;
      await client.open(URI, text);
      assert.deepEqual((await client.pull(URI)).items!.filter((d) => d.code === 'F-future'), []);
      await client.waitFor(() => client.statuses.find((s) => s.uri === URI && s.nearestDeadline !== null));
      // A day earlier, the exam (2025-11-25 07:57 Taipei) is 22 h 57 min ahead of the reference time.
      await client.changeSettings({ ...SETTINGS, deadlineReferenceTime: new Date(FIXTURE_NOW - 86_400_000).toISOString() });
      const { items } = await pollUntil(() => client.pull(URI), (r) => (r.items ?? []).some((d) => d.code === 'F-future'));
      const onExam = items!.find((d) => d.code === 'F-future' && d.range.start.character === col)!;
      assert.deepEqual(onExam.range, { start: { line: 0, character: col }, end: { line: 0, character: col + 11 } });
      assert.equal(onExam.severity, 2);
      assert.match(onExam.message, /is 22 h 57 min later than now/);
      assert.doesNotMatch(items!.find((d) => d.code === 'DEADLINE')!.message, /left/);
      const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri: URI }, position: { line: 0, character: col + 1 } });
      assert.match(JSON.stringify(hover.contents), /the time it counts from is later than now/);
      await client.waitFor(() => client.statuses.find((s) => s.uri === URI && s.nearestDeadline === null));
      await client.changeSettings(SETTINGS);
      await pollUntil(() => client.pull(URI), (r) => !(r.items ?? []).some((d) => d.code === 'F-future'));
    });
  });

  it('an untrusted workspace still gets text validation; garbage input gets diagnostics, not a crash', async () => {
    await withClient({ pull: true, settings: SETTINGS, initializationOptions: { trusted: false } }, async (client) => {
      const garbage = '\u0000\u0001"\ufffd,,,\r\r\n"' + 'x'.repeat(5000) + '\n,,,,';
      await client.open('untitled:Untitled-1', garbage);
      const report = await client.pull('untitled:Untitled-1');
      assert.deepEqual(diagnosticKeys(report.items!), expectedKeys(garbage, 'en', undefined));
      assert.ok(report.items!.length > 0);
    });
  });

  it('an untrusted workspace refuses to list the ledger\'s sent rows, saying why, rather than finding none', async () => {
    await withClient({ pull: true, settings: SETTINGS, initializationOptions: { trusted: false } }, async (client) => {
      const ledger = await client.request<LedgerRowsResult>(LEDGER_ROWS_REQUEST, { uri: URI });
      assert.deepEqual(ledger.rows, []);
      assert.match(ledger.refused ?? '', /^The workspace is not trusted: the ledger is not read\..*Manage Workspace Trust/);
    });
  });
});

describe('language server over stdio: the ledger\'s sent rows', function () {
  it('a ledger that is not one is named in the answer, in the message language, rather than failing the request', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nhi-ledger-'));
    try {
      mkdirSync(join(dir, '.nhi-imaging'));
      writeFileSync(join(dir, '.nhi-imaging', 'ledger.jsonl'), 'not a ledger\n');
      const uri = pathToFileURL(join(dir, 'draft.csv')).href;
      // A client slow to answer workspace/configuration: the refusal waits for the language setting.
      await withClient({ pull: true, settings: { ...SETTINGS, language: 'zh-TW' }, configurationDelayMs: 500 }, async (client) => {
        const ledger = await client.request<LedgerRowsResult>(LEDGER_ROWS_REQUEST, { uri });
        assert.deepEqual(ledger.rows, []);
        assert.match(ledger.refused ?? '', /不是帳冊（第 1 行不是帳冊紀錄）/);
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('language server over stdio: file URIs that name no local path', function () {
  it('validates the text of a document on a network share or with a broken escape, and stays up', async () => {
    await withClient({ pull: true, settings: SETTINGS }, async (client) => {
      const uris = ['file://server/share/3501200000_20251125_001.csv', 'file:///tmp/a%2', 'file:///tmp/%C0%AF.csv'];
      for (const uri of uris) {
        await client.open(uri, textWithBadBirth());
        const report = await client.pull(uri);
        assert.ok(report.items!.some((d) => d.code === 'F09-format'), uri);
      }
      // The checks that read beside the document answer instead of failing the server.
      const archives = await client.request<CheckArchivesResult>(CHECK_ARCHIVES_REQUEST, { uri: uris[0] });
      assert.equal(archives.ran, false);
      assert.match(archives.reason!, /not a file on a local disk/);
      const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: uris[1] } });
      assert.equal(symbols.length, 2);
      assert.equal(client.proc.exitCode, null, 'the server is still running');
    });
  });
});

describe('language server over stdio: a row of 30,000 fields', function () {
  it('answers hover, completion and code actions at its end (the field under the cursor is found in one pass)', async () => {
    await withClient({ pull: true, settings: SETTINGS }, async (client) => {
      const uri = 'untitled:Commas';
      const n = 30_000;
      await client.open(uri, ','.repeat(n));
      const at = { textDocument: { uri }, position: { line: 0, character: n } };
      const items = await client.request<CompletionItem[]>('textDocument/completion', at);
      assert.deepEqual(items, [], 'field 30,001 has no completions');
      const hover = await client.request<Hover>('textDocument/hover', at);
      assert.deepEqual(hover.range, { start: { line: 0, character: n }, end: { line: 0, character: n } }, 'the last (empty) cell');
      const report = await client.pull(uri);
      assert.deepEqual(report.items!.map((d) => d.code), ['ROW-empty', 'FILE-empty'], 'commas only: an empty row, whatever its length, and no record');
    });
  });
});

async function pollUntil<T>(get: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 10000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await get();
    if (ok(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('language server over stdio: a row behind a row index an export wrote (ROW-index)', function () {
  it('hover, completion, inlay hints and the row symbol read the fields behind the index, where the checks read them', async () => {
    await withClient({ pull: true, settings: SETTINGS, snippets: true }, async (client) => {
      const uri = 'untitled:Indexed';
      const line = `7,${validLine(0)}`;
      await client.open(uri, `${line}\n8,${validLine(1)}\n9,${validLine(2)}\n`);
      const report = await client.pull(uri);
      assert.deepEqual(report.items!.filter((d) => d.severity! <= 2).map((d) => d.code), ['ROW-index', 'ROW-index', 'ROW-index'], 'no finding across rows from fields read one off');
      const at = (needle: string, offset = 0) => ({ textDocument: { uri }, position: { line: 0, character: line.indexOf(needle) + offset } });
      const hover = await client.request<Hover>('textDocument/hover', at('33070B', 2));
      assert.ok((hover.contents as { value: string }).value.startsWith(`**${ORDER_CODE_HOVER.heading}**`), JSON.stringify(hover.contents));
      const items = await client.request<CompletionItem[]>('textDocument/completion', at(',12,', 1));
      assert.deepEqual(items.map((i) => i.label), ['11', '12', '13', '14', '15', '19', '21', '22', '29', '50'], 'field 2, the care categories');
      const hints = await client.request<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: line.length } } });
      assert.deepEqual(hints.map((h) => h.label), ['2025-11', '2025-11-25 07:42:00 (Tue)', '1930-01-01 (Wed)', '2025-11-25 07:57 (Tue)']);
      const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
      assert.equal(symbols[0].name, 'row 1 · 33070B 電腦斷層造影—無造影劑 · A10****001');
    });
  });
});
