/**
 * The core's facade: its public API in one place, every rule list registered with the catalogue (tests, scripts).
 * The adapters (LSP, CLI, client) import the modules they use instead, so that a command loads only its own.
 */
export * from './types';
export * from './options';
export type { CsvModel, Row, Cell, SyntaxProblem } from './csv/model';
export { parseCsv } from './csv/parse';
// Spec as data, rule catalogue, ROC dates, validators.
export * from './spec';
export * from './roc';
export * from './written-dates';
export * from './validate';
export { validateCsvFile, type ValidateFileHooks } from './validateFile';
export { bi, fieldName } from './i18n';
// Rule lists register themselves with the catalogue on import: import them all so allRules() is complete.
import './csv/rules';
import './archive/rules';
import './build/rules';
import './rules/case-numbers-across-batches';
// Linked-archive checks (field 14): DICOM/DICOMDIR/JPEG inside each row's 7z/CAB.
export { checkLinkedArchives, ARCHIVE_SIZE_LIMIT, ARCHIVE_SIZE_WARNING } from './archive/check';
export type { ArchiveCheckOptions, ArchiveCheckResult, ArchiveSummary, ArchiveProgress } from './archive/check';
export { ARCHIVE_RULES } from './archive/rules';
export { archiveReport } from './images/report';
// Archive layer: 7z/CAB reading (openArchive, verify, caps) and atomic writers for the batch builder.
export { openArchive, detectArchiveKind, detectArchiveKindOfFile, kindFromFileName, ArchiveError, DEFAULT_LIMITS } from './archive';
export type { ArchiveReader, ArchiveEntry, ArchiveKind, ArchiveLimits, ArchiveErrorCode, VerifyResult, VerifyProgress } from './archive';
export { write7z, writeCab } from './archive/write';
export type { ArchiveInput, WriteProgress, WriteResult, SevenZipWriteOptions, CabWriteOptions } from './archive/write';
// Batch builder, ledger and re-sends (drafts → upload-ready batches).
export { buildBatch, highestSequenceIn, type BuildOptions, type RowImageProblem } from './build/batch';
export { resendRows, selectSentRows, type ResendOptions } from './build/resend';
export { BuildError, type BuildProgress, type BuildSummary, type BuiltRow, type BuildErrorReason } from './build/types';
export { findLedger, readLedger, parseLedger, rowKey, reserve, type LedgerState, type RowRecord, type ArchiveFormat } from './build/ledger';
export { checkDraftRows, checkAgainstLedger } from './build/draft-check';
export { BUILD_RULES } from './build/rules';
export { buildDicomdir, planDirectory } from './dicom/dicomdir-build';
