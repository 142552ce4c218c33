/** The start of what a client sent, as JSON, for the log. */
export function clip(value: unknown): string {
  return String(JSON.stringify(value)).slice(0, 200);
}
