import { isConformingJpgName } from '../rules/archive-name';
import { isWindowsDeviceName } from '../windows-names';

/**
 * Entry names for the JPG files of an ATT archive, in the order given. ATT holds 「JPG 格式檔案」 (四、(二)1.(2)E(a))
 * and the text gives them no naming scheme beyond half-width letters, digits and underscores (四、(二)2), so every
 * entry is given the `.jpg` extension that names a JPG file to any reader (docs/decisions/jpg-entry-names.md):
 * a conforming name ending in `.jpg` (any letter case) is kept as it is; one with another JPEG extension (`.jpeg`,
 * `.jpe`, `.jfif`) ends in `.jpg` instead, one without an extension gets it, and one with another extension keeps
 * that extension in its name (`IMG.0001` → `IMG_0001.jpg`); any other (Chinese, spaces, symbols, a Windows device
 * name such as `CON.jpg`, which Windows cannot unpack) becomes `{stem}_{NNN}.jpg`. Names are unique within the
 * archive regardless of letter case, as archive readers on Windows compare them.
 */
export function jpgEntryNames(relativePaths: readonly string[], stem: string): string[] {
  const taken = new Set<string>();
  const kept = relativePaths.map((p) => {
    const name = isConformingJpgName(p) ? withJpgExtension(p) : undefined;
    if (name === undefined || name.split('/').some(isWindowsDeviceName) || taken.has(name.toLowerCase())) return undefined;
    taken.add(name.toLowerCase());
    return name;
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

/** Extensions other programs give JPEG files (JFIF's own among them), spelt `.jpg` in the archive. */
const OTHER_JPEG_EXTENSIONS = new Set(['jpeg', 'jpe', 'jfif', 'jfi', 'jif']);

/** A conforming path with its last part ending in `.jpg`, as described above. */
function withJpgExtension(path: string): string {
  const slash = path.lastIndexOf('/') + 1;
  const name = path.slice(slash);
  const dot = name.lastIndexOf('.');
  if (dot < 0) return `${path}.jpg`;
  const extension = name.slice(dot + 1);
  if (extension.toLowerCase() === 'jpg') return path;
  const base = path.slice(0, slash + dot);
  return OTHER_JPEG_EXTENSIONS.has(extension.toLowerCase()) ? `${base}.jpg` : `${base}_${extension}.jpg`;
}
