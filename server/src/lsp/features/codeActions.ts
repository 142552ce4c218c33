import { CodeActionKind, CodeActionTriggerKind, ErrorCodes, ResponseError, type CancellationToken, type CodeAction, type CodeActionContext, type CodeActionParams, type Command, type TextEdit, type WorkspaceEdit } from 'vscode-languageserver';
import { FIX_ALL_TITLES, fixAllTitle, fixAllUncountedTitle, NOT_IN_FIX_ALL, type FixKind } from '../../core/fixKinds';
import { say } from '../../core/i18n';
import type { Finding, Fix, Lang } from '../../core/types';
import type { ServerContext } from '../context';
import type { CsvDocument } from '../csvDocument';
import { settledOpen } from '../settled';
import { overlaps } from '../cells';
import { combineFixes, fixesOfKind } from '../../core/fix/fixes';
import { FixesOfText } from '../fixesOfText';
import { toDiagnostic } from '../report';
import { shownFixableFindings } from '../misdecoded';
import { LineIndex } from '../../core/fix/line-index';
import { deletesLines, withBlankLinesBeside } from '../../core/fix/blank-lines-beside';

/**
 * Code actions from the core's fixes: one quick fix per fix of each finding in the range,
 * "fix all of this kind" across the document, and source.fixAll for every mechanical fix; document
 * formatting, which applies source.fixAll's edits.
 */
export function register(ctx: ServerContext): void {
  // Formatting a document (Format Document, Neovim's vim.lsp.buf.format, eglot-format-buffer) applies what
  // source.fixAll applies: the text in the form the NHI reads. VS Code does not format it on save unasked
  // (package.json: configurationDefaults).
  ctx.capabilities.documentFormattingProvider = true;
  ctx.connection.onDocumentFormatting(async ({ textDocument }, token): Promise<TextEdit[] | null> => {
    const asked = ctx.documents.get(textDocument.uri);
    const version = asked?.version;
    const doc = await settledOpen(ctx.documents, textDocument.uri, token, true);
    if (!doc || doc !== asked || doc.version !== version) return null;
    return fixesOf(ctx, doc, shownFixableFindings(ctx, doc)).fixAllEdits;
  });
  // A client without code action literals takes commands only: each action becomes a command that has
  // the server ask the client to apply its edit (registered only for such clients, so VS Code sees no extra command).
  const literals = ctx.clientCapabilities.textDocument?.codeAction?.codeActionLiteralSupport !== undefined;
  // Such a command works through workspace/applyEdit: a client that takes neither literals nor that request gets no code actions.
  if (!literals && ctx.clientCapabilities.workspace?.applyEdit !== true) return;
  // A client that resolves an action's edit gets source.fixAll without it, made when the action is chosen: some
  // clients (Emacs lsp-mode) ask for code actions at every stop of the cursor, and fix-all's rounds on a large
  // file take seconds. So does "fix all of this kind" while a large open's findings are being built.
  // The action carries what it is for in `data`, which only a client that declares dataSupport gives back.
  const codeAction = ctx.clientCapabilities.textDocument?.codeAction;
  const resolved: unknown = codeAction?.resolveSupport?.properties;
  const resolvesEdits = literals && Array.isArray(resolved) && resolved.includes('edit') && codeAction?.dataSupport === true;
  ctx.capabilities.codeActionProvider = { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.SourceFixAll], resolveProvider: resolvesEdits };
  if (resolvesEdits) ctx.connection.onCodeActionResolve((action, token) => resolveAction(ctx, action, token));
  if (!literals) {
    ctx.capabilities.executeCommandProvider = { commands: [APPLY_EDIT_COMMAND] };
    ctx.connection.onExecuteCommand(async ({ command, arguments: args }) => {
      // Answered null, a command the server does not have would read as one that ran.
      if (command !== APPLY_EDIT_COMMAND) {
        throw new ResponseError(ErrorCodes.InvalidParams, say(ctx.lang(), `伺服器沒有此命令：${command}`, `The server has no command ${command}`));
      }
      // The client hands back what the command came with; anything else is no edit to ask it to apply.
      const edit: unknown = args?.[0];
      if (!isEditOfChanges(edit)) {
        throw new ResponseError(ErrorCodes.InvalidParams, say(ctx.lang(), '此命令的引數不是工作區編輯', 'The argument of this command is no workspace edit'));
      }
      await ctx.connection.workspace.applyEdit(edit);
    });
  }
  ctx.connection.onCodeAction(async (params, token): Promise<(CodeAction | Command)[]> => {
    // Fixes come from a fully validated text: before that, findings of the file and across rows are the
    // previous text's (a header row's deletion would delete the first data row), and edited rows have none.
    const asked = ctx.documents.get(params.textDocument.uri);
    const version = asked?.version;
    const current = (doc: CsvDocument | null | undefined): doc is CsvDocument => !!doc && doc === asked && doc.version === version;
    // A client that resolves edits is answered quick fixes of the range from its rows' findings alone (a large open's
    // rows have theirs built while the server is idle, for seconds); source.fixAll, whose title counts the file's, waits for all.
    const ofRange = resolvesEdits && !wantsFixAll(params.context);
    let doc = await settledOpen(ctx.documents, params.textDocument.uri, token, !ofRange);
    // Edited or reopened while waiting: the client asks again for the text it now has.
    if (!current(doc)) return [];
    let actions = ofRange && doc.hasUnbuilt ? quickFixesOfRange(ctx, doc, params) : undefined;
    if (!actions) {
      doc = await settledOpen(ctx.documents, params.textDocument.uri, token, true);
      if (!current(doc)) return [];
      actions = codeActions(ctx, doc, params, resolvesEdits);
    }
    return literals ? actions : actions.map(asCommand);
  });
}

/** The command a code action becomes for a client that takes commands only. */
export const APPLY_EDIT_COMMAND = 'nhiImaging.server.applyEdit';

/** A WorkspaceEdit of text edits by URI, the only kind asCommand puts in a command. */
function isEditOfChanges(value: unknown): value is WorkspaceEdit {
  const changes = (value as WorkspaceEdit | null | undefined)?.changes;
  return typeof changes === 'object' && changes !== null && Object.values(changes).every(Array.isArray);
}

function asCommand(action: CodeAction): Command {
  return { title: action.title, command: APPLY_EDIT_COMMAND, arguments: [action.edit] };
}

/** Whether the code action kind `kind` is among those asked for. */
function wants({ only }: CodeActionContext, kind: string): boolean {
  return !only || only.some((k) => kind === k || kind.startsWith(k + '.'));
}

/**
 * Whether source.fixAll is to be offered: asked on its own (the cursor moved) for no kind in particular, an editor shows
 * no source actions (VS Code's light bulb), and fix-all's rounds, which parse the whole text again, are left for when it is asked for.
 */
function wantsFixAll(context: CodeActionContext): boolean {
  const unasked = context.triggerKind === CodeActionTriggerKind.Automatic && !context.only;
  return wants(context, CodeActionKind.SourceFixAll) && !unasked;
}

function codeActions(ctx: ServerContext, doc: CsvDocument, { range, context }: CodeActionParams, resolvesEdits: boolean): CodeAction[] {
  const lang = ctx.lang();
  const findings = shownFixableFindings(ctx, doc);
  const actions: CodeAction[] = [];
  if (wants(context, CodeActionKind.QuickFix)) {
    const decided = fixesOf(ctx, doc, findings).decided.findings;
    actions.push(...quickFixes(ctx, doc, decided.filter((f) => overlaps(f.range, range)), (kind, lines) => fixOfKindAction(doc, decided, kind, lines, lang)));
  }
  if (wantsFixAll(context)) {
    const fixAll = fixAllAction(ctx, doc, findings, lang, resolvesEdits);
    if (fixAll) actions.push(fixAll);
  }
  return actions;
}

/**
 * The quick fixes of the range made of the findings of its rows, with "fix all of this kind" offered without its
 * count and resolved with its edits; undefined when they need the file's findings: the order of month and day of a
 * date in the range is decided by the file's dates (date-orders.ts).
 */
function quickFixesOfRange(ctx: ServerContext, doc: CsvDocument, { range, context }: CodeActionParams): CodeAction[] | undefined {
  if (!wants(context, CodeActionKind.QuickFix)) return [];
  const here = shownFixableFindings(ctx, doc, range);
  if (here.some((f) => f.fixes!.some((fix) => fix.kind === 'date-order-choice' && fix.dateOrder))) return undefined;
  const lang = ctx.lang();
  return quickFixes(ctx, doc, here, (kind) => ({
    title: fixAllUncountedTitle(kind)[lang],
    kind: CodeActionKind.QuickFix,
    data: { fixKindOf: { uri: doc.uri, version: doc.version, kind } } satisfies FixKindData,
  }));
}

/** What a source.fixAll action to be resolved carries: the text it is for. */
interface FixAllData {
  fixAllOf: { uri: string; version: number };
}

/** What a "fix all of this kind" action to be resolved carries: the text it is for and the kind. */
interface FixKindData {
  fixKindOf: { uri: string; version: number; kind: FixKind };
}

/**
 * source.fixAll, when the file has problems it fixes: with its edits, or for a client that resolves them, with the
 * text it is for. The title counts the problems (the fixes of the first round).
 */
function fixAllAction(ctx: ServerContext, doc: CsvDocument, findings: readonly Finding[], lang: Lang, lazily: boolean): CodeAction | undefined {
  const count = fixesOf(ctx, doc, findings).fixAllCount;
  if (count === 0) return undefined;
  const action: CodeAction = {
    title: lang === 'zh-TW' ? `修正所有可自動修正的問題（本檔 ${count} 處）` : `Fix all auto-fixable problems (${count} in this file)`,
    kind: CodeActionKind.SourceFixAll,
  };
  if (lazily) return { ...action, data: { fixAllOf: { uri: doc.uri, version: doc.version } } satisfies FixAllData };
  const edits = fixesOf(ctx, doc, findings).fixAllEdits;
  return edits.length > 0 ? { ...action, edit: { changes: { [doc.uri]: edits } } } : undefined;
}

/** A source.fixAll or "fix all of this kind" action with its edits, when its text is still the document's; any other action as it came. */
async function resolveAction(ctx: ServerContext, action: CodeAction, token: CancellationToken): Promise<CodeAction> {
  const data = action?.data as Partial<FixAllData & FixKindData> | undefined;
  const of = data?.fixAllOf ?? data?.fixKindOf;
  if (typeof of?.uri !== 'string' || typeof of.version !== 'number') return action;
  const kind = data?.fixKindOf?.kind;
  if (data?.fixKindOf && !(typeof kind === 'string' && Object.hasOwn(FIX_ALL_TITLES, kind))) return action;
  const doc = await settledOpen(ctx.documents, of.uri, token, true);
  // Edited since: the edits would be for a text that is gone, and the client asks again for the one it has.
  if (!doc || doc.version !== of.version) return action;
  const fixes = fixesOf(ctx, doc, shownFixableFindings(ctx, doc));
  const edits = kind === undefined ? fixes.fixAllEdits : editsOfKind(fixes.decided.findings, kind, new LinesOf(doc));
  return { ...action, edit: { changes: { [of.uri]: edits } } };
}

const fixesMade = new WeakMap<CsvDocument, { key: string; fixes: FixesOfText }>();

/** The fixes made of the document's text and findings, made again only when either has changed. */
function fixesOf(ctx: ServerContext, doc: CsvDocument, findings: readonly Finding[]): FixesOfText {
  const key = `${doc.version}|${doc.generation}|${ctx.findings.version(doc.uri)}`;
  const hit = fixesMade.get(doc);
  if (hit && hit.key === key) return hit.fixes;
  const fixes = new FixesOfText(() => doc.text.getText(), findings, doc.getOptions());
  fixesMade.set(doc, { key, fixes });
  return fixes;
}

/** The text's lines indexed once asked for: only fixes that delete lines need them (withBlankLinesBeside). */
class LinesOf {
  private made: LineIndex | undefined;
  constructor(private readonly doc: CsvDocument) {}

  /** `fixes`, a deleted line taking the blank lines beside it, as in source.fixAll. */
  withBlankLines(fixes: Fix[]): Fix[] {
    return fixes.some(deletesLines) ? withBlankLinesBeside(fixes, (this.made ??= new LineIndex(this.doc.text.getText()))) : fixes;
  }
}

/**
 * The places every fix of `kind` among the findings changes, combined: two findings proposing the same edit make one
 * place, and a fix overlapping another is left for a later run.
 */
function editsOfKind(findings: readonly Finding[], kind: FixKind, lines: LinesOf): TextEdit[] {
  return combineFixes(lines.withBlankLines(fixesOfKind(findings, kind)));
}

/** "Fix all of this kind" with its edits, when the file has two places or more to fix so (one is its quick fix). */
function fixOfKindAction(doc: CsvDocument, findings: readonly Finding[], kind: FixKind, lines: LinesOf, lang: Lang): CodeAction | undefined {
  // One fix of the kind (a fix of many edits, such as the line ends'): its quick fix is the same action.
  if (fixesOfKind(findings, kind).length < 2) return undefined;
  const edits = editsOfKind(findings, kind, lines);
  if (edits.length < 2) return undefined;
  return { title: fixAllTitle(kind, edits.length)[lang], kind: CodeActionKind.QuickFix, edit: { changes: { [doc.uri]: edits } } };
}

/** A quick fix of each fix of the findings `here`, then for each kind of fix among them what `ofKind` offers for all of the kind. */
function quickFixes(
  ctx: ServerContext, doc: CsvDocument, here: readonly Finding[], ofKind: (kind: FixKind, lines: LinesOf) => CodeAction | undefined,
): CodeAction[] {
  const uri = doc.uri;
  const lang = ctx.lang();
  const actions: CodeAction[] = [];
  const kindsDone = new Set<string>();
  const lines = new LinesOf(doc);
  for (const f of here) {
    const diagnostic = toDiagnostic(ctx, f, lang);
    f.fixes!.forEach((fix, i) => {
      actions.push({
        title: fix.title[lang],
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        // Preferred fixes are what Auto Fix (Shift+Alt+.) applies unasked: never a reading a person has to choose.
        isPreferred: i === 0 && !NOT_IN_FIX_ALL.has(fix.kind),
        edit: { changes: { [uri]: lines.withBlankLines([fix])[0].edits } },
      });
    });
  }
  for (const f of here) {
    for (const fix of f.fixes!) {
      if (kindsDone.has(fix.kind)) continue;
      kindsDone.add(fix.kind);
      // Fixes offered as a choice (several of one kind on a finding) are applied one by one.
      if (f.fixes!.some((other) => other !== fix && other.kind === fix.kind)) continue;
      const action = ofKind(fix.kind, lines);
      if (action) actions.push(action);
    }
  }
  return actions;
}
