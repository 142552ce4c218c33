/** The commands of `nhi-imaging`: main.ts runs them; launch.ts, which cannot load main.ts before it loads the bundle, keeps a code cache for each. */
export const COMMAND_NAMES = ['check', 'fix', 'build', 'resend', 'lsp'] as const;
export type CommandName = (typeof COMMAND_NAMES)[number];

export function isCommandName(word: string | undefined): word is CommandName {
  return (COMMAND_NAMES as readonly (string | undefined)[]).includes(word);
}
