import type { TextDocumentContentChangeEvent, TextDocumentItem, WorkspaceFolder } from 'vscode-languageserver';
import { pathToFileURL } from 'node:url';
import { BUILD_REQUEST, isBuildParams, LEDGER_ROWS_REQUEST, RESEND_REQUEST } from '../shared/build';
import { DEADLINES_REQUEST, FIELD_AT_REQUEST } from '../shared/protocol';
import { CHECK_FILE_REQUEST } from '../shared/fileCheck';
import { ARCHIVE_REPORT_REQUEST, CHECK_ARCHIVES_REQUEST } from '../shared/archives';

/**
 * What clients send, against the structures of LSP 3.17. A text-sync notification of another shape (a text that is
 * no string, a position of negative or fractional numbers) is refused as a whole: a document made of it would fail
 * later, in validation, where no handler catches it and the server would stop. A request of another shape is
 * answered InvalidParams (lifecycle.ts) before its handler reads it as typed.
 */
export function isTextDocumentItem(value: unknown): value is TextDocumentItem {
  const item = value as Partial<TextDocumentItem> | null | undefined;
  return typeof item?.uri === 'string' && typeof item.text === 'string' && Number.isInteger(item.version);
}

/** Content changes: each a text, with a range or (a whole new text) without one; null stands for none, as the server always read it. */
export function areContentChanges(value: unknown): value is TextDocumentContentChangeEvent[] {
  return Array.isArray(value) && value.every((change: { text?: unknown; range?: unknown } | null) => typeof change?.text === 'string' && (change.range == null || isRange(change.range)));
}

/**
 * The workspace folders in `value` (initialize's workspaceFolders, a change's added or removed): those with a URI,
 * named by it where they have no name; none for anything but an array (null: no folder is open).
 */
export function workspaceFoldersIn(value: unknown): WorkspaceFolder[] {
  if (!Array.isArray(value)) return [];
  return value
    .filter((f: Partial<WorkspaceFolder> | null) => typeof f?.uri === 'string')
    .map((f: WorkspaceFolder) => ({ uri: f.uri, name: typeof f.name === 'string' ? f.name : f.uri }));
}

/**
 * The folders open when the server starts: initialize's workspaceFolders, or, from a client that does not send
 * them (workspaceFolders absent, not null), its rootUri (else rootPath) as the one folder, as LSP 3.6 defines it.
 */
export function initialWorkspaceFolders(params: { workspaceFolders?: unknown; rootUri?: unknown; rootPath?: unknown }): WorkspaceFolder[] {
  if (params.workspaceFolders !== undefined) return workspaceFoldersIn(params.workspaceFolders);
  const root = typeof params.rootUri === 'string' ? params.rootUri : typeof params.rootPath === 'string' && params.rootPath !== '' ? pathToFileURL(params.rootPath).href : undefined;
  return root === undefined ? [] : [{ uri: root, name: root }];
}

/**
 * The client's capabilities with every property of the value null left out: null is how some clients write an
 * absent one (Emacs's JSON encoder writes nil as null; lsp-mode sends `inlineCompletion: null`), and the server reads
 * capabilities with `?.`, which stops at undefined and null alike but not at a property of null's parent read as an
 * object. Arrays keep their elements but null.
 */
export function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.filter((v) => v !== null).map(withoutNulls);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) if (v !== null) out[key] = withoutNulls(v);
  return out;
}

type Params = Record<string, unknown> | null | undefined;

const inDocument = (p: Params): boolean => typeof (p?.textDocument as Params)?.uri === 'string';
const atPosition = (p: Params): boolean => inDocument(p) && isPosition(p?.position);
const inRange = (p: Params): boolean => inDocument(p) && isRange(p?.range);
/** The server's own requests name a document by `uri`; those that report progress take LSP's workDoneToken (null: none). */
const ofUri = (p: Params): boolean => typeof p?.uri === 'string' && (p.workDoneToken == null || isProgressToken(p.workDoneToken));

/** The parameters of the standard requests the server answers, and of its own it checks before its handler, by method. */
const REQUEST_PARAMS: Record<string, (p: Params) => boolean> = {
  // vscode-languageserver reads the client's capabilities before the server's handler runs.
  initialize: (p) => typeof p?.capabilities === 'object' && p.capabilities !== null,
  'textDocument/hover': atPosition,
  'textDocument/completion': atPosition,
  'textDocument/signatureHelp': atPosition,
  'textDocument/documentSymbol': inDocument,
  'textDocument/formatting': inDocument,
  'textDocument/selectionRange': (p) => inDocument(p) && Array.isArray(p?.positions) && (p.positions as unknown[]).every(isPosition),
  'textDocument/documentHighlight': atPosition,
  'textDocument/references': (p) => atPosition(p) && typeof (p?.context as Params)?.includeDeclaration === 'boolean',
  'textDocument/diagnostic': inDocument,
  'textDocument/inlayHint': inRange,
  'textDocument/codeAction': (p) => inRange(p) && Array.isArray((p?.context as Params)?.diagnostics),
  'codeAction/resolve': (p) => typeof p?.title === 'string',
  'workspace/executeCommand': (p) => typeof p?.command === 'string',
  // The server's own: a build at a level 7-Zip is not asked for (the CLI's --level takes 0, 1, 3, 5; CAB only 0).
  [BUILD_REQUEST]: (p) => isBuildParams(p) && ofUri(p),
  [RESEND_REQUEST]: (p) => ofUri(p) && Array.isArray(p?.keys),
  [CHECK_FILE_REQUEST]: ofUri,
  [CHECK_ARCHIVES_REQUEST]: ofUri,
  [ARCHIVE_REPORT_REQUEST]: ofUri,
  [LEDGER_ROWS_REQUEST]: ofUri,
  [FIELD_AT_REQUEST]: atPosition,
  [DEADLINES_REQUEST]: (p) => typeof p?.uri === 'string' && (p.limit === undefined || (Number.isSafeInteger(p.limit) && (p.limit as number) >= 0)),
};

function isProgressToken(value: unknown): boolean {
  return Number.isInteger(value) || typeof value === 'string';
}

/** The work-done progress token of a request's parameters (checked by ofUri): none for null. */
export function workDoneTokenOf(params: { workDoneToken?: string | number | null }): string | number | undefined {
  return params.workDoneToken ?? undefined;
}

/**
 * The parameters of the standard notifications whose handlers read them unchecked, by method (didOpen, didChange,
 * didClose and the settings and folder changes check their own).
 */
const NOTIFICATION_PARAMS: Record<string, (p: Params) => boolean> = {
  'textDocument/didSave': inDocument,
  '$/setTrace': (p) => typeof p?.value === 'string',
  '$/progress': (p) => isProgressToken(p?.token),
  'window/workDoneProgress/cancel': (p) => isProgressToken(p?.token),
};

/** Whether a notification's parameters have the shape LSP gives them (any, for a method not listed). */
export function hasNotificationParams(method: string, params: unknown): boolean {
  const check = NOTIFICATION_PARAMS[method];
  return check === undefined || check(params as Params);
}

/** Whether a request's parameters have the shape LSP gives them (any, for a method not listed). */
export function hasRequestParams(method: string, params: unknown): boolean {
  const check = REQUEST_PARAMS[method];
  return check === undefined || check(params as Params);
}

function isRange(value: unknown): boolean {
  const range = value as Params;
  return isPosition(range?.start) && isPosition(range?.end);
}

function isPosition(value: unknown): boolean {
  const p = value as Params;
  return isUinteger(p?.line) && isUinteger(p?.character);
}

function isUinteger(value: unknown): boolean {
  return Number.isInteger(value) && (value as number) >= 0;
}
