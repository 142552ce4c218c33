// Entry of dist/server.js: `node dist/server.js --stdio` or `--node-ipc`.
import { logUnhandledRejections } from './process';
import { startLanguageServer } from './server';

logUnhandledRejections();
startLanguageServer();
