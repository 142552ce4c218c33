/**
 * Windows PowerShell 5.1 passes a quoted argument that ends in a backslash (what its tab completion gives
 * for a folder: `'.\NHI Upload\'`) as `".\NHI Upload\"`, which every Windows program reads back as
 * `.\NHI Upload"`: the backslash escapes the closing quote. A Windows name never holds `"`, so such an
 * argument is read as the folder it was meant to be.
 */
export function repairWindowsArgument(arg: string): string {
  return arg.endsWith('"') && arg.indexOf('"') === arg.length - 1 && arg.length > 1 ? arg.slice(0, -1) + '\\' : arg;
}
