/**
 * Files that operating systems and viewers leave in image folders: Windows' thumbnail caches and folder settings
 * (Thumbs.db, ehthumbs.db, desktop.ini) and dot files (macOS's .DS_Store and its ._ AppleDouble twins). The build
 * leaves them out of an archive; the archive check names them as such.
 */
const LEFTOVER = /^(\..*|thumbs\.db|desktop\.ini|ehthumbs\.db)$/i;

/** True for the name (the last part of a path, `/` or `\` separated) of a file the system left in a folder. */
export function isFolderLeftover(path: string): boolean {
  const name = path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
  return LEFTOVER.test(name);
}
