import { isConformingJpgName } from '../rules/archive-name';
import { isWindowsDeviceName } from '../windows-names';

/**
 * Entry names for the JPG files of an ATT archive, in the order given: a conforming source path is kept as
 * it is; any other (Chinese, spaces, symbols, a Windows device name such as `CON.jpg`, which Windows cannot
 * unpack) becomes `{stem}_{NNN}.jpg`. Names are unique within the
 * archive regardless of letter case, as archive readers on Windows compare them.
 */
export function jpgEntryNames(relativePaths: readonly string[], stem: string): string[] {
  const taken = new Set<string>();
  const kept = relativePaths.map((p) => {
    if (!isConformingJpgName(p) || p.split('/').some(isWindowsDeviceName) || taken.has(p.toLowerCase())) return undefined;
    taken.add(p.toLowerCase());
    return p;
  });
  let counter = 0;
  return kept.map((name) => {
    if (name !== undefined) return name;
    let made: string;
    do made = `${stem}_${String(++counter).padStart(3, '0')}.jpg`;
    while (taken.has(made.toLowerCase()));
    taken.add(made.toLowerCase());
    return made;
  });
}
