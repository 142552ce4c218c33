import * as vscode from 'vscode';
import type { Bilingual } from '../../server/src/core/types';
import { resolveLanguage, SETTINGS_SECTION } from '../../server/src/shared/settings';

export type DisplayLang = 'zh-TW' | 'en';

/** The extension's name where it names itself (the Output channel, the language client), as package.nls.*.json's command category. */
export const EXTENSION_NAME: Bilingual = { 'zh-TW': '健保影像上傳', en: 'NHI Imaging' };

/** The language of the extension's own texts: nhiImaging.language, or with "auto" VS Code's display language. */
export function displayLang(): DisplayLang {
  // Unchecked: settings.json may hold any value here ("fr", 1), which resolveLanguage takes as "auto".
  const setting = vscode.workspace.getConfiguration(SETTINGS_SECTION).get<unknown>('language', 'auto');
  return resolveLanguage(setting, vscode.env.language);
}

export function pick(text: Bilingual): string {
  return text[displayLang()];
}
