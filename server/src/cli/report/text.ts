import type { Finding } from '../../core/types';
import type { Output } from '../output';
import type { Reporter, ReporterSettings, RunTotals } from './reporter';
import { counted } from '../../core/counted';

const SEVERITY_WORDS = {
  'zh-TW': { error: '錯誤', warning: '警告', information: '資訊', hint: '提示' },
  en: { error: 'error', warning: 'warning', information: 'information', hint: 'hint' },
} as const;

/** `path:line:column: severity code: message`, one finding a line (1-based), then a summary line. */
export class TextReporter implements Reporter {
  private path = '';

  constructor(private readonly out: Output, private readonly settings: ReporterSettings) {}

  begin(): void {}

  beginFile(path: string): void {
    this.path = path;
  }

  finding(f: Finding): void {
    const { line, character } = f.range.start;
    const message = f.message[this.settings.lang].replace(/\r?\n/g, ' ');
    this.out.write(`${this.path}:${line + 1}:${character + 1}: ${f.severity} ${f.ruleId}: ${message}\n`);
  }

  endFile(): void {}

  end(t: RunTotals): void {
    this.out.write(summaryLine(t, this.settings.lang) + '\n');
  }
}

export function summaryLine(t: RunTotals, lang: 'zh-TW' | 'en'): string {
  if (lang === 'zh-TW') {
    const w = SEVERITY_WORDS['zh-TW'];
    const unread = t.unreadable ? `，${t.unreadable} 個無法讀取` : '';
    return `檢查 ${t.files} 個檔案${unread}：${w.error} ${t.error}、${w.warning} ${t.warning}、${w.information} ${t.information}。`;
  }
  const unread = t.unreadable ? ` (${t.unreadable} unreadable)` : '';
  return `${counted(t.files, 'file')} checked${unread}: ${counted(t.error, 'error')}, ${counted(t.warning, 'warning')}, ${t.information} information.`;
}
