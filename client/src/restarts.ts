import type { LanguageClient } from 'vscode-languageclient/node';

/** The restart of each client under way (Restart Language Server), from the stop of its server to the start of the next. */
const underWay = new WeakMap<LanguageClient, Promise<void>>();

/**
 * Runs `restart` unless one is under way, whose promise is answered instead: started itself, a second restart (a
 * double click, a keybinding held) would find the client stopping, which refuses to start. Commands run meanwhile
 * wait for it (restartUnderWay, serverReady): while the old server stops, the client says it is stopped.
 */
export function restartOnce(client: LanguageClient, restart: () => Promise<void>): Promise<void> {
  let running = underWay.get(client);
  if (!running) {
    running = restart().finally(() => underWay.delete(client));
    underWay.set(client, running);
  }
  return running;
}

export function restartUnderWay(client: LanguageClient): Promise<void> | undefined {
  return underWay.get(client);
}
