// English plurals of counted things, for the messages of the CLI, the server and the extension alike (no imports,
// so that the extension's bundle takes nothing else with it).

/** A count with its English noun, plural unless it is one: "1 row", "3 rows", "0 errors" (`plural` when not noun + s). */
export function counted(n: number, noun: string, plural = `${noun}s`): string {
  return `${n} ${agreeing(n, noun, plural)}`;
}

/**
 * The word or words that agree in number with a count of `n`: `singular` for one, else `plural`
 * ("1 file is", "3 files are", "0 files are"), for a verb or pronoun written apart from `counted`.
 */
export function agreeing(n: number, singular: string, plural: string): string {
  return n === 1 ? singular : plural;
}
