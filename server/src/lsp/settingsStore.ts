import type { Connection } from 'vscode-languageserver';
import type { Lang } from '../core/types';
import { INITIAL_SETTINGS_TIMEOUT_MS } from './options';
import { defaultSettings, normalizeSettings, resolveLanguage, SETTINGS_SECTION, type Settings } from '../shared/settings';

/**
 * The current `nhiImaging` settings. Pulled through workspace/configuration when the client
 * offers it, otherwise taken from didChangeConfiguration's payload (editors that push settings).
 */
export class SettingsStore {
  private current: Settings = { ...defaultSettings, severity: {} };
  private readonly listeners: (() => void)[] = [];
  private loaded!: () => void;
  /** Settles once the first pull has been answered (or failed); at once for a client that cannot be asked. */
  readonly firstPull: Promise<void> = new Promise((resolve) => (this.loaded = resolve));
  /** The pull a didChangeConfiguration started, until it is answered. */
  private changing: Promise<void> = Promise.resolve();

  constructor(
    private readonly clientLocale: string | undefined,
    private readonly canPull: boolean,
  ) {
    if (!canPull) this.loaded();
  }

  /**
   * Settles when the settings asked for have arrived (the first ones, and those of the latest
   * change), or after INITIAL_SETTINGS_TIMEOUT_MS: a request right after start-up (a restart
   * re-sending its work) or right after a change may come before the client answered.
   */
  ready(): Promise<void> {
    const answered = Promise.all([this.firstPull, this.changing]).then(() => undefined);
    return Promise.race([answered, new Promise<void>((resolve) => setTimeout(resolve, INITIAL_SETTINGS_TIMEOUT_MS).unref())]);
  }

  get(): Settings {
    return this.current;
  }

  /** The message language after resolving "auto" against the client's locale. */
  lang(): Lang {
    return resolveLanguage(this.current.language, this.clientLocale);
  }

  onDidChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  listen(connection: Connection): void {
    connection.onDidChangeConfiguration(async (params) => {
      const pushed = (params.settings as Record<string, unknown> | null | undefined)?.[SETTINGS_SECTION];
      if (this.canPull) await (this.changing = this.pull(connection));
      else if (pushed !== undefined) this.current = normalizeSettings(pushed);
      else return;
      for (const l of this.listeners) l();
    });
  }

  /** Fetches the settings from the client; keeps the previous ones if the client fails to answer. */
  async pull(connection: Connection): Promise<void> {
    if (!this.canPull) return;
    try {
      const [raw] = await connection.workspace.getConfiguration([{ section: SETTINGS_SECTION }]);
      this.current = normalizeSettings(raw);
    } catch (e) {
      connection.console.warn(`nhi-imaging: could not read settings: ${String(e)}`);
    }
    this.loaded();
  }
}
