export * from './types';
export { ArchiveError, type ArchiveErrorCode } from './errors';
export { detectArchiveKind, kindFromFileName, DETECT_BYTES } from './detect';
export { openArchive, detectArchiveKindOfFile } from './open';
