/**
 * Every feature of the language server, one line each; server.ts registers them all.
 * Add yours as `export { register as <name> } from '<module>';`.
 */
export { register as diagnostics } from './diagnostics';
export { register as status } from './status';
export { register as hover } from './hover';
export { register as completion } from './completion';
export { register as signatureHelp } from './signatureHelp';
export { register as fieldAt } from './fieldAt';
export { register as deadlines } from './deadlines';
export { register as codeActions } from './codeActions';
export { register as inlayHints } from './inlayHints';
export { register as symbols } from './symbols';
export { register as selectionRange } from './selectionRange';
export { register as documentHighlight } from './documentHighlight';
export { register as references } from './references';
export { register as archives } from '../archives';
export { register as drafts } from '../drafts';
export { register as fileCheck } from '../fileCheck';
export { register as storedEncoding } from '../storedEncoding';
