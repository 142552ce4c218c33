/**
 * A model-based fuzz test of the server's incremental state over stdio: random opens (small documents, and documents
 * large enough to share their validation with the worker thread), incremental and full-text edits sent back to back,
 * closes and reopens, hovers, code actions, highlights and references in between. Whenever diagnostics are asked for
 * (pulled, or awaited as pushed), they must be those the core gives for the text the model holds; the other answers
 * must be those a fresh parse of that text gives. Seeded: NHI_IMAGING_FUZZ_SEED replays a failing run (the seed and
 * the shrunk command list are printed on failure).
 */
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { TextDocument, type TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import type { CodeAction, Diagnostic, DocumentHighlight, Hover, Location, MarkupContent, Range } from 'vscode-languageserver-protocol';
import { LspClient } from './harness';
import { AnswersOfText, type QuickFixKey } from './answersOfText';
import { diagnosticKeys, findingKeys, NOW_ISO, type Key } from './expected';
import { CAPPED_CODE } from '../../server/src/lsp/report';
import { FIXTURE_FILE_NAME, validLine } from '../fixtures/rows';
import { PARALLEL_MIN_ROWS } from '../../server/src/lsp/csvDocument';

const SEED = Number(process.env.NHI_IMAGING_FUZZ_SEED ?? 20261127);
const RUNS = Number(process.env.NHI_IMAGING_FUZZ_RUNS ?? 24);
/** NHI_IMAGING_FUZZ_SHRINK=0 reports the first failing command list as it is (shrinking one with large documents takes minutes). */
const SHRINK = process.env.NHI_IMAGING_FUZZ_SHRINK !== '0';
const SETTINGS = { deadlineReferenceTime: NOW_ISO, language: 'en' as const };
/** How long a request may go unanswered before it counts as a hang. */
const ANSWER_MS = 30_000;
const SLOTS = 2;

const BIG_ROWS = PARALLEL_MIN_ROWS + 150;
const VALID_LINES = Array.from({ length: BIG_ROWS + 50 }, (_, i) => validLine(i));

interface DocModel {
  text: TextDocument;
  /** At least PARALLEL_MIN_ROWS rows when opened (shared with the worker thread). */
  big: boolean;
  /** What a fresh parse of the text at `version` says the answers are, made when first asked. */
  answers?: { version: number; of: AnswersOfText };
}
type Model = Map<number, DocModel>;

interface Real {
  client: LspClient;
  pull: boolean;
  /** maxDiagnostics. */
  max: number;
  run: number;
}

const uriOf = (real: Real, slot: number): string => `file:///fuzz/${real.run}/${slot}/${FIXTURE_FILE_NAME}`;

function withTimeout<T>(what: string, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer to ${what} within ${ANSWER_MS} ms`)), ANSWER_MS);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/** Small texts: valid rows, a visit of two reports (rows 0 and 1), a duplicate row, a header, an empty row, CRLF or LF. */
function smallText(variant: number): string {
  const count = 2 + (variant % 9);
  const lines = VALID_LINES.slice(0, count);
  if (variant & 16) lines.push(lines[0]);
  if (variant & 32) lines.splice(1, 0, ',,,,');
  if (variant & 64) lines[0] = lines[0].replace(/^[^,]*/, 'HospitalId');
  const eol = variant & 128 ? '\r\n' : '\n';
  return lines.join(eol) + (variant & 256 ? '' : eol);
}

/**
 * A text of BIG_ROWS rows (at least PARALLEL_MIN_ROWS) with defects in both the server thread's share and the worker's:
 * rows over two lines and blank lines among them, a header row with `variant` & 2.
 */
function bigText(variant: number, defects: readonly number[]): string {
  const lines = VALID_LINES.slice(0, BIG_ROWS);
  for (const [k, d] of defects.entries()) {
    const at = d % BIG_ROWS;
    switch ((d + k) % 7) {
      case 0: lines[at] = lines[at].replace(/,(\d{7}),/, ',1X$1,'); break;
      case 1: lines[at] = lines[(d >> 3) % BIG_ROWS]; break;
      case 2: lines[at] = lines[at].replace(/,([^,]*),/, ',"$1",'); break;
      case 3: lines[at] = ',,,,,,,,,,,,,,,,'; break;
      case 4: lines[at] = lines[at].replace(/,([^,]*)$/, ',"$1\n$1"'); break;
      case 5: lines[at] += '\n'; break;
      default: lines[at] = lines[at].replace(/,([^,]*),([^,]*),/, ',$1,$2 ",'); break;
    }
  }
  if (variant & 2) lines[0] = lines[0].replace(/^[^,]*/, 'HospitalId');
  const eol = variant & 1 ? '\r\n' : '\n';
  return lines.join(eol) + eol;
}

const PIECES = ['a', ',', ',', '1', '2', '"', ' ', '\n', '\r\n', '\r', 'X', '0', 'Ａ', ',,', '😀', '\t'];

/** The range of field `field` (1-based) on `line`, or undefined when the line has fewer fields. */
function fieldRange(doc: TextDocument, line: number, field: number): { range: Range } | undefined {
  const text = lineText(doc, line);
  const cells = text.split(',');
  if (cells.length < field) return undefined;
  const start = cells.slice(0, field - 1).reduce((n, c) => n + c.length + 1, 0);
  return { range: { start: { line, character: start }, end: { line, character: start + cells[field - 1].length } } };
}

function lineText(doc: TextDocument, line: number): string {
  return doc.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } }).replace(/\r?\n$|\r$/, '');
}

function eolOf(doc: TextDocument): string {
  return doc.getText().includes('\r\n') ? '\r\n' : '\n';
}

/** One incremental edit, chosen by `kind` and placed by `a`, `b` on the text `doc`. */
function editOf(doc: TextDocument, kind: number, a: number, b: number): { range: Range; text: string } {
  const lines = doc.lineCount;
  const line = a % lines;
  const other = b % lines;
  const len = lineText(doc, line).length;
  const at = { line, character: b % (len + 1) };
  const startOf = (l: number) => ({ line: l, character: 0 });
  const total = doc.getText().length;
  switch (kind % 12) {
    case 0: return { range: { start: at, end: at }, text: PIECES[b % PIECES.length] };
    case 1: {
      const from = doc.offsetAt(at);
      return { range: { start: at, end: doc.positionAt(Math.min(total, from + 1 + (a % 7))) }, text: '' };
    }
    case 2: // join the line with the next
      return { range: { start: { line, character: len }, end: startOf(Math.min(line + 1, lines - 1)) }, text: line + 1 < lines ? '' : PIECES[a % PIECES.length] };
    case 3: return { range: { start: at, end: at }, text: eolOf(doc) };
    case 4: // paste a copy of another row above this line
      return { range: { start: startOf(line), end: startOf(line) }, text: lineText(doc, other) + eolOf(doc) };
    case 5: // delete the row
      return { range: { start: startOf(line), end: line + 1 < lines ? startOf(line + 1) : { line, character: len } }, text: '' };
    case 6: { // report serial: 1, 2, 3 or empty
      const r = fieldRange(doc, line, 11);
      return r ? { range: r.range, text: ['1', '2', '3', ''][b % 4] } : { range: { start: at, end: at }, text: '1' };
    }
    case 7: { // archive name: another row's, or changed
      const r = fieldRange(doc, line, 14);
      const theirs = fieldRange(doc, other, 14);
      const name = theirs ? doc.getText(theirs.range) : 'x.7z';
      return r ? { range: r.range, text: b % 3 === 0 ? name.replace(/\d(?=\D*$)/, '9') : name } : { range: { start: at, end: at }, text: ',' };
    }
    case 8: { // national ID: another row's, or a wrong check digit
      const r = fieldRange(doc, line, 8);
      const theirs = fieldRange(doc, other, 8);
      const id = theirs ? doc.getText(theirs.range) : 'A123456789';
      return r ? { range: r.range, text: b % 3 === 0 ? id.replace(/\d$/, (d) => String((Number(d) + 1) % 10)) : id } : { range: { start: at, end: at }, text: 'A' };
    }
    case 10: // a position past the end of its line, or past the last line (read as the end)
      return { range: { start: a % 2 ? { line, character: len + 1 + (b % 5) } : { line: lines + (b % 3), character: b % 4 }, end: a % 2 ? { line, character: len + 9 } : { line: lines + 5, character: 0 } }, text: PIECES[a % PIECES.length] };
    case 11: { // a reversed range (read in order)
      const from = doc.offsetAt(at);
      return { range: { start: doc.positionAt(Math.min(total, from + 1 + (a % 40))), end: at }, text: a % 3 ? '' : PIECES[b % PIECES.length] };
    }
    default: { // replace a span of several lines with a few rows
      const end = Math.min(lines - 1, line + (b % 4));
      const rows = [lineText(doc, other), lineText(doc, (other + 1) % lines)].slice(0, 1 + (a % 2));
      return { range: { start: startOf(line), end: startOf(end) }, text: rows.join(eolOf(doc)) + eolOf(doc) };
    }
  }
}

/** A whole new text for a full-text didChange: one line changed, every line ending changed, or another document. */
function fullTextOf(doc: TextDocument, kind: number, a: number): string {
  const text = doc.getText();
  switch (kind % 4) {
    case 0: return TextDocument.applyEdits(doc, [{ range: editOf(doc, a, a, a >> 2).range, newText: 'Z' }]);
    case 1: return text.includes('\r\n') ? text.replace(/\r\n/g, '\n') : text.replace(/\n/g, '\r\n');
    case 2: return smallText(a);
    default: return text.split(/(?<=\n)/).filter((_, i) => i % 50 !== a % 50).join('');
  }
}

/** What a fresh parse of the document's text says, made once per version. */
function answersOf(d: DocModel): AnswersOfText {
  if (d.answers?.version !== d.text.version) d.answers = { version: d.text.version, of: new AnswersOfText(d.text.getText()) };
  return d.answers.of;
}

function describeModel(m: Model): string {
  return [...m.entries()].map(([slot, d]) => `slot ${slot}: ${d.big ? 'big ' : ''}v${d.text.version}, ${d.text.lineCount} lines`).join('; ');
}

/**
 * Closes the document. Pushing, the server publishes no diagnostics on close: waited for, so that diagnostics
 * published for version 1 of the text before the close are not taken for those of version 1 of a reopened one.
 */
async function close(real: Real, uri: string): Promise<void> {
  real.client.pushed.delete(uri);
  await real.client.close(uri);
  if (!real.pull) await withTimeout(`the diagnostics cleared on closing ${uri}`, real.client.waitFor(() => (real.client.pushed.get(uri)?.version === undefined && real.client.pushed.get(uri)?.diagnostics.length === 0 ? true : undefined), ANSWER_MS));
}

async function diagnosticsOf(real: Real, uri: string): Promise<Diagnostic[]> {
  if (real.pull) {
    const report = await withTimeout(`textDocument/diagnostic of ${uri}`, real.client.pull(uri));
    assert.equal(report.kind, 'full');
    return report.items ?? [];
  }
  return withTimeout(`pushed diagnostics of ${uri}`, real.client.pushedFor(uri));
}

/**
 * The server's diagnostics are the core's for the model's text (differences listed, at most 10). Past the cap (`max`),
 * they are the most severe `max` and a notice counting them all: every finding of the severities shown whole, and
 * as many of the severity cut off as there is room for, each one the core's.
 */
function assertSameDiagnostics(got: readonly Diagnostic[], expected: readonly Key[], max: number, what: string): void {
  const key = (k: Key) => `${k.range} ${k.code} ${k.severity} ${k.message}`;
  let actual = diagnosticKeys(got);
  let shown = expected;
  if (expected.length > max) {
    const notice = actual.filter((k) => k.code === CAPPED_CODE);
    assert.equal(notice.length, 1, `${what}: one notice for the ${expected.length - max} left out`);
    assert.ok(notice[0].message.startsWith(`${expected.length} problems in all;`), `${what}: ${notice[0].message}, ${expected.length} expected`);
    actual = actual.filter((k) => k.code !== CAPPED_CODE);
    const room = [1, 2, 3, 4].reduce<{ left: number; whole: number[]; cut?: number }>((acc, severity) => {
      const n = expected.filter((k) => k.severity === severity).length;
      if (acc.left >= n) return { ...acc, left: acc.left - n, whole: [...acc.whole, severity] };
      return acc.cut === undefined ? { ...acc, cut: severity } : acc;
    }, { left: max, whole: [] });
    const cut = new Set(actual.filter((k) => k.severity === room.cut).map(key));
    assert.equal(cut.size, max - expected.filter((k) => room.whole.includes(k.severity)).length, `${what}: as many of severity ${room.cut} as there is room for`);
    shown = expected.filter((k) => room.whole.includes(k.severity) || cut.has(key(k)));
  }
  const a = new Set(actual.map(key));
  const e = new Set(shown.map(key));
  const missing = shown.map(key).filter((k) => !a.has(k)).slice(0, 10);
  const extra = actual.map(key).filter((k) => !e.has(k)).slice(0, 10);
  if (missing.length || extra.length || actual.length !== shown.length) {
    assert.fail(`${what}: ${actual.length} diagnostics, ${shown.length} expected\n missing: ${missing.join('\n  ')}\n extra: ${extra.join('\n  ')}`);
  }
}

class Open implements fc.AsyncCommand<Model, Real> {
  constructor(readonly slot: number, readonly big: boolean, readonly variant: number, readonly defects: number[], readonly withoutClose = false) {}
  check = () => true;
  async run(m: Model, r: Real): Promise<void> {
    const uri = uriOf(r, this.slot);
    // Opened again without a close only when pulling: pushed diagnostics of the two version 1s could not be told apart.
    if (m.has(this.slot) && !(this.withoutClose && r.pull)) await close(r, uri);
    const text = this.big ? bigText(this.variant, this.defects) : smallText(this.variant);
    m.set(this.slot, { text: TextDocument.create(uri, 'nhi-imaging-csv', 1, text), big: this.big });
    await r.client.open(uri, text);
  }
  toString = () => `open(${this.slot}, ${this.big ? 'big' : 'small'}, ${this.variant}, [${this.defects}]${this.withoutClose ? ', without close' : ''})`;
}

class Edit implements fc.AsyncCommand<Model, Real> {
  constructor(readonly slot: number, readonly edits: [number, number, number][]) {}
  check = (m: Readonly<Model>) => m.has(this.slot);
  async run(m: Model, r: Real): Promise<void> {
    const d = m.get(this.slot)!;
    const changes: TextDocumentContentChangeEvent[] = [];
    const version = d.text.version + 1;
    // Each change is placed on the text the ones before it made (TextDocument.update changes the document it is given).
    for (const [kind, a, b] of this.edits) {
      // Kind 12: the whole text, among incremental changes.
      const change = kind === 12 ? { text: fullTextOf(d.text, a, b) } : editOf(d.text, kind, a, b);
      changes.push(change);
      d.text = TextDocument.update(d.text, [change], version);
    }
    await r.client.change(uriOf(r, this.slot), changes);
  }
  toString = () => `edit(${this.slot}, ${JSON.stringify(this.edits)})`;
}

class FullText implements fc.AsyncCommand<Model, Real> {
  constructor(readonly slot: number, readonly kind: number, readonly a: number) {}
  check = (m: Readonly<Model>) => m.has(this.slot);
  async run(m: Model, r: Real): Promise<void> {
    const d = m.get(this.slot)!;
    const text = fullTextOf(d.text, this.kind, this.a);
    d.text = TextDocument.update(d.text, [{ text }], d.text.version + 1);
    await r.client.change(uriOf(r, this.slot), [{ text }]);
  }
  toString = () => `fullText(${this.slot}, ${this.kind}, ${this.a})`;
}

class Close implements fc.AsyncCommand<Model, Real> {
  constructor(readonly slot: number) {}
  check = (m: Readonly<Model>) => m.has(this.slot);
  async run(m: Model, r: Real): Promise<void> {
    m.delete(this.slot);
    await close(r, uriOf(r, this.slot));
  }
  toString = () => `close(${this.slot})`;
}

/**
 * A hover, code action, highlight or references request, answered as a fresh parse of the model's text says
 * (answersOfText.ts): a server that read rows or cells an edit left behind answers for another cell or row.
 */
class Ask implements fc.AsyncCommand<Model, Real> {
  constructor(readonly slot: number, readonly what: number, readonly a: number, readonly b: number) {}
  check = (m: Readonly<Model>) => m.has(this.slot);
  async run(m: Model, r: Real): Promise<void> {
    const d = m.get(this.slot)!;
    const doc = d.text;
    const line = this.a % doc.lineCount;
    const position = { line, character: this.b % (lineText(doc, line).length + 1) };
    const textDocument = { uri: uriOf(r, this.slot) };
    const where = (method: string) => `${method} at ${line}:${position.character} of slot ${this.slot} v${doc.version} (${describeModel(m)})`;
    const expected = answersOf(d);
    switch (this.what % 4) {
      case 0: {
        const method = 'textDocument/hover';
        const got = await withTimeout(method, r.client.request<Hover | null>(method, { textDocument, position }));
        assertHover(got, expected.hover(position), where(method));
        break;
      }
      case 1: {
        const method = 'textDocument/codeAction';
        // Half the time the range starts on the line of a fixable finding (few rows of a large document have one).
        const fixable = this.a & 1 ? expected.fixableLines() : [];
        const from = fixable.length > 0 ? fixable[this.b % fixable.length] : Math.max(0, line - ((this.a >> 4) % 3));
        const range = from <= line ? { start: { line: from, character: 0 }, end: position } : { start: position, end: { line: from, character: 1 } };
        // Fix-all's rounds over a large document are left out (fixAll.test.ts tests them).
        const only = d.big ? { only: ['quickfix'] } : {};
        const got = await withTimeout(method, r.client.request<CodeAction[]>(method, { textDocument, range, context: { diagnostics: [], ...only } }));
        assertQuickFixes(got, expected.quickFixes(range), doc, textDocument.uri, `${where(method)} for ${JSON.stringify(range)}`);
        break;
      }
      case 2: {
        const method = 'textDocument/documentHighlight';
        const got = await withTimeout(method, r.client.request<DocumentHighlight[] | null>(method, { textDocument, position }));
        assert.ok(got === null || got.every((h) => h.kind === 1), `${where(method)}: text highlights`);
        assert.deepEqual(got && got.map((h) => h.range), expected.highlights(position), `${where(method)}: the ranges a fresh parse gives`);
        break;
      }
      default: {
        const method = 'textDocument/references';
        const includeDeclaration = (this.a >> 4) % 2 === 0;
        const got = await withTimeout(method, r.client.request<Location[] | null>(method, { textDocument, position, context: { includeDeclaration } }));
        assert.ok(got === null || got.every((l) => l.uri === textDocument.uri), `${where(method)}: locations in the document`);
        assert.deepEqual(got && got.map((l) => l.range), expected.references(position, includeDeclaration), `${where(method)}${includeDeclaration ? '' : ' without the declaration'}: the ranges a fresh parse gives`);
      }
    }
  }
  toString = () => `ask(${this.slot}, ${this.what}, ${this.a}, ${this.b})`;
}

/** The hover is the fresh parse's cell: its range, and its field and value described (the deadline may come later). */
function assertHover(got: Hover | null, expected: ReturnType<AnswersOfText['hover']>, what: string): void {
  if (!expected || !got) {
    assert.deepEqual(got, expected, `${what}: ${expected ? 'no hover on the cell a fresh parse has there' : 'a hover where a fresh parse has no cell'}`);
    return;
  }
  assert.deepEqual(got.range, expected.range, `${what}: the range of the cell a fresh parse has there`);
  const value = (got.contents as MarkupContent).value;
  if (!expected.contents.includes(value)) assert.equal(value, expected.contents[0], `${what}: the field and value of the cell a fresh parse has there`);
}

/**
 * The quick fixes offered are the fresh parse's (compared as keys, in any order), and each one's edit applied to the
 * client's text gives the text the core's fix gives. A source.fixAll action is left to the fix-all tests.
 */
function assertQuickFixes(got: readonly CodeAction[], expected: QuickFixKey[], doc: TextDocument, uri: string, what: string): void {
  const quick = got.filter((a) => a.kind === 'quickfix');
  assert.ok(got.every((a) => a.kind === 'quickfix' || a.kind === 'source.fixAll'), `${what}: quick fixes and fix-all only`);
  const keyOf = (k: QuickFixKey) => JSON.stringify(k);
  const keys = quick.map((a) => keyOf({
    title: a.title,
    isPreferred: a.isPreferred ?? false,
    ...(a.diagnostics?.length ? { diagnostic: { code: String(a.diagnostics[0].code), range: a.diagnostics[0].range } } : {}),
    edits: a.edit?.changes?.[uri] ?? [],
  }));
  assert.deepEqual([...keys].sort(), expected.map(keyOf).sort(), `${what}: the quick fixes of a fresh parse's findings in the range`);
  // Each edit is for the text the client has: applied, as the client applies it, it gives what the core's does.
  for (const [i, action] of quick.slice(0, 3).entries()) {
    const theirs = TextDocument.applyEdits(doc, action.edit!.changes![uri]);
    const core = TextDocument.applyEdits(doc, expected.find((k) => keyOf(k) === keys[i])!.edits);
    assert.ok(theirs === core, `${what}: "${action.title}" applied gives the text the core's fix gives`);
  }
}

/** Edits, then a request sent right after them: answered for the text the edits made, on rows they moved or left. */
class EditThenAsk implements fc.AsyncCommand<Model, Real> {
  constructor(readonly slot: number, readonly edits: [number, number, number][], readonly what: number, readonly a: number, readonly b: number) {}
  check = (m: Readonly<Model>) => m.has(this.slot);
  async run(m: Model, r: Real): Promise<void> {
    await new Edit(this.slot, this.edits).run(m, r);
    await new Ask(this.slot, this.what, this.a, this.b).run(m, r);
  }
  toString = () => `editThenAsk(${this.slot}, ${JSON.stringify(this.edits)}, ${this.what}, ${this.a}, ${this.b})`;
}

class Diagnostics implements fc.AsyncCommand<Model, Real> {
  constructor(readonly slot: number) {}
  check = (m: Readonly<Model>) => m.has(this.slot);
  async run(m: Model, r: Real): Promise<void> {
    const d = m.get(this.slot)!;
    const got = await diagnosticsOf(r, uriOf(r, this.slot));
    assertSameDiagnostics(got, findingKeys(answersOf(d).findings), r.max, `slot ${this.slot} at v${d.text.version} (${describeModel(m)})`);
  }
  toString = () => `diagnostics(${this.slot})`;
}

/**
 * A large document's rows shared with the worker thread (on its open, on a full-text change of every line, or on a
 * settings change, which validates every row again), then edits sent back to back after `ms`: while the two
 * threads share the rows, some chunks answered by the worker, some not.
 */
class SharedThenEdits implements fc.AsyncCommand<Model, Real> {
  constructor(readonly slot: number, readonly how: 'open' | 'rewrite' | 'settings', readonly defects: number[], readonly ms: number, readonly edits: [number, number, number][][]) {}
  check = (m: Readonly<Model>) => this.how === 'open' || m.get(this.slot)?.big === true;
  async run(m: Model, r: Real): Promise<void> {
    if (this.how === 'rewrite') await new FullText(this.slot, 1, 0).run(m, r);
    else if (this.how === 'settings') await new Settings().run(m, r);
    else await new Open(this.slot, true, this.defects.length, this.defects).run(m, r);
    if (this.ms > 0) await new Promise((resolve) => setTimeout(resolve, this.ms));
    for (const e of this.edits) await new Edit(this.slot, e).run(m, r);
  }
  toString = () => `sharedThenEdits(${this.slot}, ${this.how}, [${this.defects}], ${this.ms}, ${JSON.stringify(this.edits)})`;
}

/** Lets the server run on (the worker answer some chunks) before the next command. */
class Pause implements fc.AsyncCommand<Model, Real> {
  constructor(readonly ms: number) {}
  check = () => true;
  async run(): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, this.ms));
  }
  toString = () => `pause(${this.ms})`;
}

/** Settings that validate alike: every open document is validated again (asked for over workspace/configuration). */
class Settings implements fc.AsyncCommand<Model, Real> {
  check = () => true;
  async run(_m: Model, r: Real): Promise<void> {
    const asked = r.client.configurationRequests.length;
    await r.client.changeSettings({ ...r.client.settings });
    // Answered: the server validates every document again before it reads the next message.
    await withTimeout('workspace/configuration', r.client.waitFor(() => (r.client.configurationRequests.length > asked ? true : undefined), ANSWER_MS));
  }
  toString = () => 'settings()';
}

const slot = fc.nat(SLOTS - 1);
const n = fc.nat(1_000_000);
const edits = fc.array(fc.tuple(fc.nat(12), n, n), { minLength: 1, maxLength: 3 });
const sharedThenEdits = fc
  .tuple(slot, fc.constantFrom('open' as const, 'rewrite' as const, 'settings' as const), fc.array(n, { minLength: 1, maxLength: 6 }), fc.integer({ min: 0, max: 700 }), fc.array(edits, { minLength: 1, maxLength: 4 }))
  .map(([s, how, d, ms, e]) => new SharedThenEdits(s, how, d, ms, e));
const ask = fc.tuple(slot, fc.nat(3), n, n).map(([s, w, a, b]) => new Ask(s, w, a, b));
/** Asked of each document still open at the end of a run: each kind of request once, at random places. */
const lastAsks = fc.array(fc.tuple(n, n), { minLength: 4, maxLength: 4 });
const commands = fc.commands(
  [
    fc.tuple(slot, fc.nat(511), fc.boolean()).map(([s, v, w]) => new Open(s, false, v, [], w)),
    fc.tuple(slot, fc.nat(3), fc.array(n, { minLength: 2, maxLength: 8 }), fc.boolean()).map(([s, v, d, w]) => new Open(s, true, v, d, w)),
    fc.integer({ min: 1, max: 400 }).map((ms) => new Pause(ms)),
    sharedThenEdits,
    sharedThenEdits,
    fc.constant(new Settings()),
    fc.tuple(slot, edits).map(([s, e]) => new Edit(s, e)),
    fc.tuple(slot, edits).map(([s, e]) => new Edit(s, e)),
    fc.tuple(slot, fc.nat(3), n).map(([s, k, a]) => new FullText(s, k, a)),
    slot.map((s) => new Close(s)),
    ask,
    fc.tuple(slot, edits, fc.nat(3), n, n).map(([s, e, w, a, b]) => new EditThenAsk(s, e, w, a, b)),
    fc.tuple(slot, edits, fc.nat(3), n, n).map(([s, e, w, a, b]) => new EditThenAsk(s, e, w, a, b)),
    slot.map((s) => new Diagnostics(s)),
    slot.map((s) => new Diagnostics(s)),
  ],
  { maxCommands: 14 },
);

async function fuzz(pull: boolean, max: number): Promise<void> {
  const client = await LspClient.start({ pull, settings: { ...SETTINGS, maxDiagnostics: max } });
  let run = 0;
  try {
    await fc.assert(
      fc.asyncProperty(commands, lastAsks, async (cmds, asks) => {
        const real: Real = { client, pull, max, run: ++run };
        const model: Model = new Map();
        await fc.asyncModelRun(() => ({ model, real }), cmds);
        // Every document still open ends with the core's diagnostics and answers, then is closed.
        for (const s of [...model.keys()]) {
          await new Diagnostics(s).run(model, real);
          for (const [what, [a, b]] of asks.entries()) await new Ask(s, what, a, b).run(model, real);
          await close(real, uriOf(real, s));
        }
      }),
      { seed: SEED, numRuns: RUNS, verbose: 1, endOnFailure: !SHRINK },
    );
  } catch (e) {
    throw new Error(`stateful fuzz (${pull ? 'pull' : 'push'}) failed; replay with NHI_IMAGING_FUZZ_SEED=${SEED}\n${(e as Error).message}\n${String(((e as Error).cause as Error)?.stack ?? (e as Error).cause)}`);
  } finally {
    await client.stop();
  }
}

describe('language server over stdio: model-based fuzzing of the incremental state', function () {
  this.timeout(600_000);

  it('pulled diagnostics always are the core\'s for the text the client has, the most severe 250 of them', async () => {
    await fuzz(true, 250);
  });

  it('pushed diagnostics always equal the core\'s for the text the client has', async () => {
    await fuzz(false, 1_000_000);
  });
});
