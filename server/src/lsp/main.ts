// Entry of dist/server.js: `node dist/server.js --stdio`, `--node-ipc`, `--socket=PORT` or `--pipe=NAME`.
import { hasTransportFlag, logUnhandledRejections, NO_TRANSPORT } from './process';
import { startLanguageServer } from './server';

if (hasTransportFlag(process.argv.slice(2))) {
  logUnhandledRejections();
  startLanguageServer();
} else {
  // No language is known before initialize, so both are said.
  process.stderr.write(`dist/server.js: ${NO_TRANSPORT['zh-TW']}\ndist/server.js: ${NO_TRANSPORT.en}\n`);
  process.exitCode = 2;
}
