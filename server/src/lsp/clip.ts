/** The start of what a client sent, as JSON, for the log; a value nested too deeply to be written out is said to be so. */
export function clip(value: unknown): string {
  try {
    return String(JSON.stringify(value)).slice(0, 200);
  } catch {
    return '(nested too deeply to be shown)';
  }
}
