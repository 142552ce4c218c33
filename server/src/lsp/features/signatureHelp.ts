import type { ParameterInformation, SignatureHelp } from 'vscode-languageserver';
import { describeCell } from '../../core/describe';
import { FIELDS, FIELD_COUNT } from '../../core/spec/fields';
import type { Lang } from '../../core/types';
import type { ServerContext } from '../context';
import { cellUnder, cellValues } from '../cells';
import { markupKindFor, renderMarkup, type MarkupBlock } from '../markdown';

/**
 * The row as a call of 17 parameters, the field under the cursor the active one: typing a row by hand, each comma
 * shows which field comes next and what it holds (VS Code's parameter hints, eldoc in Emacs, Neovim's signature
 * help). On an empty line a row starts: field 1.
 */
export function register(ctx: ServerContext): void {
  ctx.capabilities.signatureHelpProvider = { triggerCharacters: [','], retriggerCharacters: [] };
  const signatureInformation = ctx.clientCapabilities.textDocument?.signatureHelp?.signatureInformation;
  const kind = markupKindFor(signatureInformation?.documentationFormat);
  // A label offset pair needs the client's say-so (LSP 3.14); otherwise each parameter is named by its text.
  const offsets = signatureInformation?.parameterInformation?.labelOffsetSupport === true;
  // The signature's own activeParameter (LSP 3.16) too; without it the one of SignatureHelp says the same.
  const ownActive = signatureInformation?.activeParameterSupport === true;
  const signatures = new Map<Lang, { label: string; parameters: ParameterInformation[] }>();
  const signatureIn = (lang: Lang) => {
    let s = signatures.get(lang);
    if (!s) signatures.set(lang, (s = rowSignature(lang, offsets)));
    return s;
  };

  ctx.connection.onSignatureHelp(async ({ textDocument, position: asked }): Promise<SignatureHelp | null> => {
    // Asked right after the document opens, the language setting may still be on its way.
    await ctx.settings.ready();
    const doc = ctx.documents.get(textDocument.uri);
    if (!doc) return null;
    const lang = ctx.lang();
    const at = cellUnder(doc, asked);
    let field = 1;
    let cells: readonly string[] = [];
    if (at) {
      field = at.field;
      cells = cellValues(at.fields);
      // Past the 17th field no parameter is active: LSP reads an activeParameter out of range as the first.
      if (field === 0 || field > FIELD_COUNT) return null;
    }
    const { label, parameters } = signatureIn(lang);
    const d = describeCell(cells, field, lang);
    const blocks: MarkupBlock[] = [{ heading: d.heading }, { paragraph: d.explanation }];
    if (d.decoded.length > 0) blocks.push({ list: d.decoded });
    const documentation = renderMarkup(blocks, kind);
    return {
      signatures: [{ label, parameters: parameters.map((p, i) => (i === field - 1 ? { ...p, documentation } : p)), ...(ownActive ? { activeParameter: field - 1 } : {}) }],
      activeSignature: 0,
      activeParameter: field - 1,
    };
  });
}

/** `序號1 醫事機構代碼, 序號2 醫事類別, …`: the 17 fields of Table 2 as parameters. */
function rowSignature(lang: Lang, offsets: boolean): { label: string; parameters: ParameterInformation[] } {
  const names = FIELDS.slice(0, FIELD_COUNT).map((f) => (lang === 'zh-TW' ? `${f.number} ${f.name['zh-TW']}` : `${f.number} ${f.name.en}`));
  const parameters: ParameterInformation[] = [];
  let at = 0;
  for (const name of names) {
    parameters.push({ label: offsets ? [at, at + name.length] : name });
    at += name.length + 2;
  }
  return { label: names.join(', '), parameters };
}
