// Entry of dist/server.js: `node dist/server.js --stdio` or `--node-ipc`.
import { startLanguageServer } from './server';

startLanguageServer();
