import { CodeActionKind, CodeActionTriggerKind, ErrorCodes, ResponseError, type CancellationToken, type CodeAction, type CodeActionParams, type Command, type Range, type TextEdit, type WorkspaceEdit } from 'vscode-languageserver';
import { fixAllTitle, NOT_IN_FIX_ALL } from '../../core/fixKinds';
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
  // file take seconds.
  // The action carries what it is for in `data`, which only a client that declares dataSupport gives back.
  const codeAction = ctx.clientCapabilities.textDocument?.codeAction;
  const resolved: unknown = codeAction?.resolveSupport?.properties;
  const resolvesEdits = literals && Array.isArray(resolved) && resolved.includes('edit') && codeAction?.dataSupport === true;
  ctx.capabilities.codeActionProvider = { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.SourceFixAll], resolveProvider: resolvesEdits };
  if (resolvesEdits) ctx.connection.onCodeActionResolve((action, token) => resolveFixAll(ctx, action, token));
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
    const doc = await settledOpen(ctx.documents, params.textDocument.uri, token, true);
    // Edited or reopened while waiting: the client asks again for the text it now has.
    if (!doc || doc !== asked || doc.version !== version) return [];
    const actions = codeActions(ctx, doc, params, resolvesEdits);
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

function codeActions(ctx: ServerContext, doc: CsvDocument, { range, context }: CodeActionParams, resolvesEdits: boolean): CodeAction[] {
  const lang = ctx.lang();
  const findings = shownFixableFindings(ctx, doc);
  const wants = (kind: string): boolean => !context.only || context.only.some((k) => kind === k || kind.startsWith(k + '.'));
  const actions: CodeAction[] = [];
  if (wants(CodeActionKind.QuickFix)) actions.push(...quickFixes(ctx, doc, fixesOf(ctx, doc, findings).decided.findings, range, lang));
  // Asked on its own (the cursor moved) for no kind in particular, an editor shows no source actions (VS Code's
  // light bulb): fix-all's rounds, which parse the whole text again, are left for when it is asked for.
  const unasked = context.triggerKind === CodeActionTriggerKind.Automatic && !context.only;
  if (wants(CodeActionKind.SourceFixAll) && !unasked) {
    const fixAll = fixAllAction(ctx, doc, findings, lang, resolvesEdits);
    if (fixAll) actions.push(fixAll);
  }
  return actions;
}

/** What a source.fixAll action to be resolved carries: the text it is for. */
interface FixAllData {
  fixAllOf: { uri: string; version: number };
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

/** A source.fixAll action with its edits, when its text is still the document's; any other action as it came. */
async function resolveFixAll(ctx: ServerContext, action: CodeAction, token: CancellationToken): Promise<CodeAction> {
  const of = (action?.data as Partial<FixAllData> | undefined)?.fixAllOf;
  if (typeof of?.uri !== 'string' || typeof of.version !== 'number') return action;
  const doc = await settledOpen(ctx.documents, of.uri, token, true);
  // Edited since: the edits would be for a text that is gone, and the client asks again for the one it has.
  if (!doc || doc.version !== of.version) return action;
  return { ...action, edit: { changes: { [of.uri]: fixesOf(ctx, doc, shownFixableFindings(ctx, doc)).fixAllEdits } } };
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

function quickFixes(ctx: ServerContext, doc: CsvDocument, findings: readonly Finding[], range: Range, lang: Lang): CodeAction[] {
  const uri = doc.uri;
  const here = findings.filter((f) => f.fixes && f.fixes.length > 0 && overlaps(f.range, range));
  const actions: CodeAction[] = [];
  const kindsDone = new Set<string>();
  // A deleted line takes the blank lines beside it, as in source.fixAll; the text's lines are indexed only for such a fix.
  let lines: LineIndex | undefined;
  const withBlankLines = (fixes: Fix[]): Fix[] => (fixes.some(deletesLines) ? withBlankLinesBeside(fixes, (lines ??= new LineIndex(doc.text.getText()))) : fixes);
  for (const f of here) {
    const diagnostic = toDiagnostic(ctx, f, lang);
    f.fixes!.forEach((fix, i) => {
      actions.push({
        title: fix.title[lang],
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        // Preferred fixes are what Auto Fix (Shift+Alt+.) applies unasked: never a reading a person has to choose.
        isPreferred: i === 0 && !NOT_IN_FIX_ALL.has(fix.kind),
        edit: { changes: { [uri]: withBlankLines([fix])[0].edits } },
      });
    });
  }
  for (const f of here) {
    for (const fix of f.fixes!) {
      if (kindsDone.has(fix.kind)) continue;
      kindsDone.add(fix.kind);
      // Fixes offered as a choice (several of one kind on a finding) are applied one by one.
      if (f.fixes!.some((other) => other !== fix && other.kind === fix.kind)) continue;
      // One fix of the kind (a fix of many edits, such as the line ends'): its quick fix above is the same action.
      const ofKind = fixesOfKind(findings, fix.kind);
      if (ofKind.length < 2) continue;
      // The places it changes (a fix of any kind but the line ends' is one edit), counted after combining: two findings
      // proposing the same edit make one place, and a fix overlapping another is left for a later run.
      const edits = combineFixes(withBlankLines(ofKind));
      if (edits.length < 2) continue;
      actions.push({
        title: fixAllTitle(fix.kind, edits.length)[lang],
        kind: CodeActionKind.QuickFix,
        edit: { changes: { [uri]: edits } },
      });
    }
  }
  return actions;
}
