/**
 * Names Windows keeps for devices: a file or folder called `CON`, `NUL`, `COM1`… (any case, with any
 * extension: `con.jpg` too) opens the device instead, so an archive entry named so cannot be unpacked
 * there, and a folder named so cannot be made. Microsoft, "Naming Files, Paths, and Namespaces".
 */
import type { Bilingual } from './types';
import { bi, shown, shownEn } from './i18n';

const DEVICE_NAME = /^(CON|PRN|AUX|NUL|COM[0-9¹²³]|LPT[0-9¹²³]) *(\.|$)/i;
/** Characters no Windows file name may hold: `<>:"/\|?*` and the controls U+0000–U+001F (same source). */
// eslint-disable-next-line no-control-regex
const FORBIDDEN_CHAR = /[<>:"|?*\u0000-\u001f]/;
/** Windows drops a trailing dot or space from a name, so the stored name is not the name made. */
const TRAILING_DOT_OR_SPACE = /[. ]$/;

/** Whether one part of a path (no separators) is a name Windows reserves for a device. */
export function isWindowsDeviceName(part: string): boolean {
  return DEVICE_NAME.test(part);
}

/** Why Windows cannot make a file or folder of this name (one part of a path, no separators), or null. */
export function windowsNameProblem(part: string): Bilingual | null {
  if (isWindowsDeviceName(part)) return bi(`${shown(part)} 是 Windows 的裝置名稱`, `${shownEn(part)} is a name Windows keeps for a device`);
  const bad = FORBIDDEN_CHAR.exec(part);
  if (bad) return bi(`${shown(part)} 含 Windows 檔名不可用的字元 ${shown(bad[0])}`, `${shownEn(part)} holds ${shownEn(bad[0])}, a character Windows file names cannot hold`);
  if (part !== '.' && part !== '..' && TRAILING_DOT_OR_SPACE.test(part)) {
    return bi(`${shown(part)} 以點或空白結尾，Windows 會將其去除`, `${shownEn(part)} ends with a dot or space, which Windows strips`);
  }
  return null;
}

/**
 * Matches a whole path wherever one of its parts could break a rule above: a device name between separators
 * or at either end, a forbidden character, a dot or space before a separator or at the end. A path it does
 * not match has no problem; one it matches is judged part by part (it also matches the allowed `.` and `..`).
 * An archive check asks this of every entry and every DICOMDIR File ID: one test instead of a split and
 * three tests a part.
 */
// eslint-disable-next-line no-control-regex
const MAYBE_BAD_PATH = /[<>:"|?*\u0000-\u001f]|[. ](?:[\\/]|$)|(?:^|[\\/])(?:CON|PRN|AUX|NUL|COM[0-9¹²³]|LPT[0-9¹²³]) *(?:[.\\/]|$)/i;

/** Why Windows cannot unpack a path (parts separated by `/` or `\`) as stored: the first offending part's reason, or null. */
export function windowsPathProblem(path: string): Bilingual | null {
  if (!MAYBE_BAD_PATH.test(path)) return null;
  for (const part of path.split(/[\\/]/)) {
    const why = part === '' ? null : windowsNameProblem(part);
    if (why) return why;
  }
  return null;
}

/**
 * The folders Windows keeps at the root of every drive: the Recycle Bin (`RECYCLER` before Vista), whose deleted
 * files are no part of what a folder holds, and System Volume Information, which no user may list.
 */
const DRIVE_FOLDER = /^(\$recycle\.bin|recycler|system volume information)$/i;

/** Whether a name in a folder is one of the folders Windows keeps at a drive's root, to be passed over in a walk. */
export function isWindowsDriveFolder(name: string): boolean {
  return DRIVE_FOLDER.test(name);
}
