export { writeCab, type CabWriteOptions } from './cab/writer';
export { write7zStore } from './sevenzip/writer-store';
export type { ArchiveInput, WriteProgress, WriteResult } from './inputs';
