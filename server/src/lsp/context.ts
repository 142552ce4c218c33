import type { ClientCapabilities, Connection, MarkupKind, ServerCapabilities, WorkspaceFolder } from 'vscode-languageserver';
import type { Lang } from '../core/types';
import type { ValidationOptions } from '../core/options';
import type { CsvDocuments } from './documents';
import { markupKindFor } from './markdown';
import type { FindingsSources } from './findingsSources';
import type { SettingsStore } from './settingsStore';
import type { InitializationOptions } from '../shared/protocol';

/** What every feature module gets in `register(ctx)`. */
export interface ServerContext {
  connection: Connection;
  clientCapabilities: ClientCapabilities;
  /** What the client passed in `initializationOptions` (any field may be missing or of the wrong type). */
  initializationOptions: InitializationOptions;
  /** Add the capabilities your feature provides here during `register` (before the initialize answer). */
  capabilities: ServerCapabilities;
  documents: CsvDocuments;
  settings: SettingsStore;
  /** Findings from outside the text, merged into each document's diagnostics, code actions and hovers. */
  findings: FindingsSources;
  workspaceFolders(): WorkspaceFolder[];
  /** False in an untrusted workspace: do text validation only, no file or archive access. */
  trusted(): boolean;
  onTrustChange(listener: (trusted: boolean) => void): void;
  /** Runs after the client's `initialized` notification (dynamic registrations, first requests to the client). */
  onInitialized(listener: () => void): void;
  /** True once the client has sent `shutdown`: it has let go of the server, which then sends it nothing but answers. */
  shuttingDown(): boolean;
  /** The validation options for a document (settings, reference time, language, file name). */
  optionsFor(uri: string): ValidationOptions;
  lang(): Lang;
  /** URL of a rule's entry in the rule reference. */
  ruleDocUrl(ruleId: string): string;
  log(message: string): void;
}

/** A feature module: `export function register(ctx: ServerContext): void`. */
export type RegisterFeature = (ctx: ServerContext) => void;

/** The format of hover contents the client declared it renders (textDocument.hover.contentFormat). */
export function hoverMarkupKind(ctx: ServerContext): MarkupKind {
  return markupKindFor(ctx.clientCapabilities.textDocument?.hover?.contentFormat);
}

/**
 * Whether the client takes a diagnostic's `codeDescription` (the link to the rule's entry, `codeDescriptionSupport`)
 * or its `data` (`dataSupport`): declared in textDocument.publishDiagnostics, which is where VS Code declares them for
 * pulled diagnostics too; a client that pulls may instead declare them in textDocument.diagnostic (LSP 3.18).
 */
export function diagnosticSupport(ctx: ServerContext, property: 'codeDescriptionSupport' | 'dataSupport'): boolean {
  const td = ctx.clientCapabilities.textDocument;
  if (td?.publishDiagnostics?.[property] === true) return true;
  return td?.diagnostic !== undefined && (td.diagnostic as Record<string, unknown>)[property] === true;
}
