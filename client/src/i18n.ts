import * as vscode from 'vscode';
import type { Bilingual } from '../../server/src/core/types';

export type DisplayLang = 'zh-TW' | 'en';

/** The language of messages shown by the extension itself: Chinese for any zh-* display language, English otherwise. */
export function displayLang(language: string = vscode.env.language): DisplayLang {
  return language.toLowerCase().startsWith('zh') ? 'zh-TW' : 'en';
}

export function pick(text: Bilingual): string {
  return text[displayLang()];
}
