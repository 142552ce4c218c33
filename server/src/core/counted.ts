// English plurals of counted things, for the messages of the CLI, the server and the extension alike (no imports,
// so that the extension's bundle takes nothing else with it).

/** A count with its English noun, plural unless it is one: "1 row", "3 rows", "0 errors" (`plural` when not noun + s). */
export function counted(n: number, noun: string, plural = `${noun}s`): string {
  return `${n} ${n === 1 ? noun : plural}`;
}
