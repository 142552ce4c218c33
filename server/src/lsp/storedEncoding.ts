/**
 * How an open CSV is stored on disk, which its text in the editor does not show. Editors decode a file before the
 * server sees it: VS Code drops a UTF-8 BOM, decodes Notepad's UTF-16 "Unicode", and with files.autoGuessEncoding
 * Big5, so the text looks right while the bytes NHI receives are not UTF-8 (and are saved again as they were).
 * Findings (source "stored-encoding"): the file's FILE-encoding error as `nhi-imaging check` gives it, and a BOM
 * or lines ending in a lone CR on disk that the text does not hold (VS Code turns a file's lone CRs into its
 * dominant line break when it opens the file, and writes that only when the file is saved). Read on open and on
 * save; trusted workspaces only.
 */
import { readStoredEncoding } from '../core/csv/stored-encoding';
import { bi } from '../core/i18n';
import { emit } from '../core/rules/emit';
import { emitLineEnds } from '../core/rules/line-ends';
import type { ValidationOptions } from '../core/options';
import { rangeOf, type Finding } from '../core/types';
import type { ServerContext } from './context';
import { localPathOf } from './localPath';

export const STORED_ENCODING_SOURCE = 'stored-encoding';

/** What the editor's text holds that its own rules flag: U+FEFF at its start, a lone CR. */
export interface TextHas {
  bom: boolean;
  loneCr: boolean;
}

/** The findings about how `path` is stored, but for what the editor's text holds too (its own rules flag that). */
export async function storedEncodingFindings(path: string, textHas: TextHas, options: ValidationOptions): Promise<Finding[]> {
  const stored = await readStoredEncoding(path);
  if (!stored) return [];
  const found: Finding[] = stored.encoding ? [stored.encoding] : [];
  if (!textHas.loneCr) emitLineEnds(found, options, stored.lineEnds, undefined, true);
  const bom = stored.bom;
  if (bom && !textHas.bom && !stored.encoding) {
    emit(found, options, 'FILE-bom', rangeOf(0, 0, 0), null, null, bi(
      '磁碟上的檔案開頭有 UTF-8 BOM（U+FEFF），編輯器未顯示；請以不含 BOM 的 UTF-8 儲存（VS Code：用其快速修正，或按狀態列的「UTF-8 with BOM」，再以編碼儲存 → UTF-8）',
      'the file on disk starts with a UTF-8 byte order mark (U+FEFF) that the editor does not show; save it as UTF-8 without BOM (VS Code: its quick fix, or a click on "UTF-8 with BOM" in the status bar; then Save with Encoding → UTF-8)',
    ));
  }
  return found;
}

export function register(ctx: ServerContext): void {
  const generation = new Map<string, number>();

  async function refresh(uri: string): Promise<void> {
    const doc = ctx.documents.get(uri);
    const path = localPathOf(uri);
    if (!doc || path === undefined || !ctx.trusted()) return;
    const mine = (generation.get(uri) ?? 0) + 1;
    generation.set(uri, mine);
    try {
      const textHas = { bom: doc.text.firstCharCode() === 0xfeff, loneCr: doc.text.lineEnds().cr > 0 };
      const findings = await storedEncodingFindings(path, textHas, ctx.optionsFor(uri));
      if (generation.get(uri) === mine && ctx.documents.get(uri)) ctx.findings.set(uri, STORED_ENCODING_SOURCE, findings);
    } catch (e) {
      ctx.log(`reading how ${uri} is stored failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  ctx.documents.onDidOpen((doc) => void refresh(doc.uri));
  ctx.connection.onDidSaveTextDocument(({ textDocument }) => void refresh(textDocument.uri));
  ctx.documents.onDidClose((uri) => generation.delete(uri));
  ctx.onTrustChange((trusted) => {
    for (const doc of ctx.documents.all()) {
      if (trusted) void refresh(doc.uri);
      else ctx.findings.set(doc.uri, STORED_ENCODING_SOURCE, []);
    }
  });
}
