import type { Connection, WorkspaceFolder } from 'vscode-languageserver';
import type { Lang } from '../core/types';
import { INITIAL_SETTINGS_TIMEOUT_MS } from './options';
import { defaultSettings, normalizeSettings, resolveLanguage, SETTINGS_SECTION, type Settings } from '../shared/settings';
import { workspaceFolderOf } from './workspaceFolderOf';

/**
 * The current `nhiImaging` settings. Pulled through workspace/configuration when the client
 * offers it, otherwise taken from didChangeConfiguration's payload (editors that push settings).
 * Pulled once without a scope (documents outside every workspace folder, and the window-scoped
 * language) and once per workspace folder with its URI as `scopeUri`: in a multi-root workspace
 * each folder may set its own archive folder, severities, reference time and limit.
 */
export class SettingsStore {
  private current: Settings = { ...defaultSettings, severity: {} };
  /** The settings of each workspace folder, by folder URI, as last pulled. */
  private byFolder = new Map<string, Settings>();
  private readonly listeners: (() => void)[] = [];
  private loaded!: () => void;
  /** Settles once the first pull has been answered (or failed); at once for a client that cannot be asked. */
  readonly firstPull: Promise<void> = new Promise((resolve) => (this.loaded = resolve));
  /** The pull a didChangeConfiguration started, until it is answered. */
  private changing: Promise<void> = Promise.resolve();

  constructor(
    private readonly clientLocale: string | undefined,
    private readonly canPull: boolean,
    private readonly folders: () => readonly WorkspaceFolder[] = () => [],
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

  /** The settings that apply to a document: those of its workspace folder, or without a folder the unscoped ones. */
  get(uri?: string): Settings {
    if (uri === undefined || this.byFolder.size === 0) return this.current;
    const folder = workspaceFolderOf(uri, this.folders());
    return (folder && this.byFolder.get(folder.uri)) ?? this.current;
  }

  /** Every set of settings some document may get (the unscoped ones and each folder's). */
  all(): Settings[] {
    return [this.current, ...this.byFolder.values()];
  }

  /** The message language after resolving "auto" against the client's locale (a window setting: never per folder). */
  lang(): Lang {
    return resolveLanguage(this.current.language, this.clientLocale);
  }

  onDidChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  listen(connection: Connection): void {
    connection.onDidChangeConfiguration(async (params) => {
      const pushed = (params?.settings as Record<string, unknown> | null | undefined)?.[SETTINGS_SECTION];
      if (this.canPull) return this.reload(connection);
      if (pushed === undefined) return;
      this.current = normalizeSettings(pushed);
      for (const l of this.listeners) l();
    });
  }

  /** Pulls the settings again and tells the listeners (settings changed, or workspace folders came or went). */
  async reload(connection: Connection): Promise<void> {
    if (!this.canPull) return;
    await (this.changing = this.pull(connection));
    for (const l of this.listeners) l();
  }

  /** Fetches the settings from the client; keeps the previous ones if the client fails to answer. */
  async pull(connection: Connection): Promise<void> {
    if (!this.canPull) return;
    const folders = [...this.folders()];
    try {
      const raw: unknown[] = await connection.workspace.getConfiguration([
        { section: SETTINGS_SECTION },
        ...folders.map((f) => ({ scopeUri: f.uri, section: SETTINGS_SECTION })),
      ]);
      this.current = normalizeSettings(raw[0]);
      this.byFolder = new Map(folders.map((f, i) => [f.uri, normalizeSettings(raw[i + 1] ?? raw[0])]));
    } catch (e) {
      connection.console.warn(`nhi-imaging: could not read settings: ${String(e)}`);
    }
    this.loaded();
  }
}
