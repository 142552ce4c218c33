/**
 * Checks of the server's answers against the LSP 3.17 structures, as a strict client reads them (no extra
 * tolerance for null or a wrong type), with positions counted in UTF-16 code units of the client's text.
 */
import * as assert from 'node:assert/strict';

type Json = Record<string, unknown>;

/** The client's text, by lines (without their line breaks), to check that positions fall on it. */
export type Lines = readonly string[];

export function linesOf(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

function isUinteger(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 2 ** 31 - 1;
}

function object(v: unknown, what: string): Json {
  assert.ok(typeof v === 'object' && v !== null && !Array.isArray(v), `${what}: an object, not ${JSON.stringify(v)}`);
  return v as Json;
}

function optionalString(o: Json, key: string, what: string): void {
  if (key in o) assert.equal(typeof o[key], 'string', `${what}.${key}`);
}

/** A Position on `lines`: integers ≥ 0, the character at most the line's length and not inside a surrogate pair. */
export function checkPosition(v: unknown, lines: Lines | undefined, what: string): void {
  const p = object(v, what);
  assert.ok(isUinteger(p.line) && isUinteger(p.character), `${what}: integer line and character ≥ 0, not ${JSON.stringify(p)}`);
  if (!lines) return;
  const line = p.line as number;
  const character = p.character as number;
  assert.ok(line < lines.length || (line === lines.length && character === 0), `${what}: line ${line} of ${lines.length}`);
  const text = lines[line] ?? '';
  assert.ok(character <= text.length, `${what}: character ${character} past the end of line ${line} (${text.length} UTF-16 code units)`);
  const code = text.charCodeAt(character - 1);
  assert.ok(!(code >= 0xd800 && code <= 0xdbff), `${what}: character ${character} splits a surrogate pair on line ${line}`);
}

export function checkRange(v: unknown, lines: Lines | undefined, what: string): void {
  const r = object(v, what);
  checkPosition(r.start, lines, `${what}.start`);
  checkPosition(r.end, lines, `${what}.end`);
  const s = r.start as { line: number; character: number };
  const e = r.end as { line: number; character: number };
  assert.ok(s.line < e.line || (s.line === e.line && s.character <= e.character), `${what}: start after end ${JSON.stringify(r)}`);
}

function checkUri(v: unknown, what: string): void {
  assert.equal(typeof v, 'string', what);
  assert.doesNotThrow(() => new URL(v as string), `${what}: a URI, not ${JSON.stringify(v)}`);
  assert.match(v as string, /^[a-z][a-z0-9+.-]*:[^\s#]*(#[^\s#]*)?$/i, `${what}: a URI (no white space, one fragment at the most), not ${JSON.stringify(v)}`);
}

export function checkDiagnostic(v: unknown, lines: Lines | undefined, what = 'Diagnostic'): void {
  const d = object(v, what);
  checkRange(d.range, lines, `${what}.range`);
  if ('severity' in d) assert.ok([1, 2, 3, 4].includes(d.severity as number), `${what}.severity ${String(d.severity)}`);
  if ('code' in d) assert.ok(typeof d.code === 'string' || Number.isInteger(d.code), `${what}.code: string or integer`);
  if ('codeDescription' in d) checkUri(object(d.codeDescription, `${what}.codeDescription`).href, `${what}.codeDescription.href`);
  optionalString(d, 'source', what);
  assert.equal(typeof d.message, 'string', `${what}.message`);
  assert.ok((d.message as string).length > 0, `${what}.message is empty`);
  if ('tags' in d) assert.ok(Array.isArray(d.tags) && d.tags.every((t) => t === 1 || t === 2), `${what}.tags`);
  if ('relatedInformation' in d) assert.ok(Array.isArray(d.relatedInformation), `${what}.relatedInformation`);
}

export function checkMarkupContent(v: unknown, what: string): void {
  const m = object(v, what);
  assert.ok(m.kind === 'plaintext' || m.kind === 'markdown', `${what}.kind ${String(m.kind)}`);
  assert.equal(typeof m.value, 'string', `${what}.value`);
}

/** A Hover or null. */
export function checkHover(v: unknown, lines: Lines | undefined, what = 'Hover'): void {
  if (v === null) return;
  const h = object(v, what);
  checkMarkupContent(h.contents, `${what}.contents`);
  if ('range' in h) checkRange(h.range, lines, `${what}.range`);
}

export function checkTextEdit(v: unknown, lines: Lines | undefined, what: string): void {
  const e = object(v, what);
  checkRange(e.range, lines, `${what}.range`);
  assert.equal(typeof e.newText, 'string', `${what}.newText`);
}

export function checkWorkspaceEdit(v: unknown, uri: string, lines: Lines | undefined, what: string): void {
  const w = object(v, what);
  const changes = object(w.changes, `${what}.changes`);
  for (const [key, edits] of Object.entries(changes)) {
    checkUri(key, `${what}.changes key`);
    assert.ok(Array.isArray(edits), `${what}.changes[${key}]`);
    edits.forEach((e, i) => checkTextEdit(e, key === uri ? lines : undefined, `${what}.changes[${key}][${i}]`));
  }
}

/** CompletionItem[] | CompletionList | null; each textEdit on one line, around `asked` (where completion was asked). */
export function checkCompletion(v: unknown, lines: Lines | undefined, asked: { line: number; character: number }, what = 'Completion'): void {
  if (v === null) return;
  const items = Array.isArray(v) ? v : (object(v, what).items as unknown[]);
  assert.ok(Array.isArray(items), `${what}: items`);
  items.forEach((raw, i) => {
    const item = object(raw, `${what}[${i}]`);
    assert.equal(typeof item.label, 'string', `${what}[${i}].label`);
    if ('kind' in item) assert.ok(isUinteger(item.kind) && (item.kind as number) >= 1 && (item.kind as number) <= 25, `${what}[${i}].kind`);
    optionalString(item, 'detail', `${what}[${i}]`);
    optionalString(item, 'sortText', `${what}[${i}]`);
    if ('insertTextFormat' in item) assert.ok(item.insertTextFormat === 1 || item.insertTextFormat === 2, `${what}[${i}].insertTextFormat`);
    if (!('textEdit' in item)) return;
    checkTextEdit(item.textEdit, lines, `${what}[${i}].textEdit`);
    const { start, end } = (item.textEdit as { range: { start: typeof asked; end: typeof asked } }).range;
    assert.ok(start.line === asked.line && end.line === asked.line, `${what}[${i}].textEdit: a range on the line asked (${asked.line}), not ${JSON.stringify({ start, end })}`);
    assert.ok(start.character <= asked.character && asked.character <= end.character, `${what}[${i}].textEdit: a range around the position asked`);
  });
}

/** InlayHint[] | null. */
export function checkInlayHints(v: unknown, lines: Lines | undefined, what = 'InlayHint'): void {
  if (v === null) return;
  assert.ok(Array.isArray(v), what);
  v.forEach((raw, i) => {
    const h = object(raw, `${what}[${i}]`);
    checkPosition(h.position, lines, `${what}[${i}].position`);
    assert.ok(typeof h.label === 'string' || Array.isArray(h.label), `${what}[${i}].label`);
    if ('kind' in h) assert.ok(h.kind === 1 || h.kind === 2, `${what}[${i}].kind`);
  });
}

/** DocumentSymbol[] | SymbolInformation[] | null (not a mix of both). */
export function checkDocumentSymbols(v: unknown, uri: string, lines: Lines | undefined, what = 'DocumentSymbol'): void {
  if (v === null) return;
  assert.ok(Array.isArray(v), what);
  const kinds = new Set(v.map((s) => ('location' in object(s, what) ? 'information' : 'symbol')));
  assert.ok(kinds.size <= 1, `${what}: DocumentSymbol and SymbolInformation mixed`);
  v.forEach((raw, i) => {
    const s = object(raw, `${what}[${i}]`);
    assert.ok(typeof s.name === 'string' && s.name.length > 0, `${what}[${i}].name`);
    assert.ok(isUinteger(s.kind) && (s.kind as number) >= 1 && (s.kind as number) <= 26, `${what}[${i}].kind`);
    if ('location' in s) {
      const location = object(s.location, `${what}[${i}].location`);
      assert.equal(location.uri, uri, `${what}[${i}].location.uri`);
      checkRange(location.range, lines, `${what}[${i}].location.range`);
    } else {
      checkRange(s.range, lines, `${what}[${i}].range`);
      checkRange(s.selectionRange, lines, `${what}[${i}].selectionRange`);
    }
  });
}

/** (Command | CodeAction)[] | null; `commandsOnly` for a client without codeActionLiteralSupport. */
export function checkCodeActions(v: unknown, uri: string, lines: Lines | undefined, commandsOnly: boolean, what = 'CodeAction'): void {
  if (v === null) return;
  assert.ok(Array.isArray(v), what);
  v.forEach((raw, i) => {
    const a = object(raw, `${what}[${i}]`);
    assert.ok(typeof a.title === 'string' && a.title.length > 0, `${what}[${i}].title`);
    if (commandsOnly || typeof a.command === 'string') {
      assert.equal(typeof a.command, 'string', `${what}[${i}]: a Command`);
      if ('arguments' in a) assert.ok(Array.isArray(a.arguments), `${what}[${i}].arguments`);
      return;
    }
    optionalString(a, 'kind', `${what}[${i}]`);
    if ('diagnostics' in a) (a.diagnostics as unknown[]).forEach((d, j) => checkDiagnostic(d, lines, `${what}[${i}].diagnostics[${j}]`));
    if ('edit' in a) checkWorkspaceEdit(a.edit, uri, lines, `${what}[${i}].edit`);
    if ('isPreferred' in a) assert.equal(typeof a.isPreferred, 'boolean', `${what}[${i}].isPreferred`);
  });
}
