/**
 * Folder settings as people write them: `~/NHI/archives`, `${workspaceFolder}/archives`,
 * `${env:NHI_ARCHIVES}`, and on Windows `%USERPROFILE%\NHI` (what Explorer's address bar and cmd.exe
 * accept). The names follow VS Code's own variables (tasks, launch configurations); nothing in
 * VS Code expands them in an extension's settings.
 */
export interface PathVariables {
  platform: NodeJS.Platform;
  home: string;
  env: Readonly<Record<string, string | undefined>>;
  /** The file-system path of the document's workspace folder, when it has one. */
  workspaceFolder?: string;
}

/**
 * `text` with its variables replaced. One that names nothing known (`${workspaceFolder}` outside a
 * workspace, `${foo}`, `%NOT_SET%`) is left as typed, as cmd.exe leaves an unset `%NAME%`, so that the
 * folder looked in shows what was not understood; `${env:NAME}` of an unset variable is empty, as in VS Code.
 */
export function expandPathVariables(text: string, vars: PathVariables): string {
  const braced = text.replace(/\$\{([^}]*)\}/g, (whole, name: string) => bracedValue(name, vars) ?? whole);
  const percent = vars.platform === 'win32' ? braced.replace(/%([^%\\/]+)%/g, (whole, name: string) => envValue(name, vars) ?? whole) : braced;
  return percent.replace(/^~(?=$|[\\/])/, () => vars.home);
}

function bracedValue(name: string, vars: PathVariables): string | undefined {
  if (name === 'userHome') return vars.home;
  if (name === 'workspaceFolder') return vars.workspaceFolder;
  if (name.startsWith('env:')) return envValue(name.slice(4), vars) ?? '';
  return undefined;
}

/** Windows's environment names ignore letter case (`%UserProfile%`). */
function envValue(name: string, vars: PathVariables): string | undefined {
  if (vars.platform !== 'win32') return vars.env[name];
  const upper = name.toUpperCase();
  for (const [key, value] of Object.entries(vars.env)) if (key.toUpperCase() === upper && value !== undefined) return value;
  return undefined;
}
