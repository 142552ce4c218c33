/** Escapes the characters Markdown would read as formatting (`*`, `_`, brackets, backticks…). */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]<>#|]/g, (c) => '\\' + c);
}
