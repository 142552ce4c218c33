/**
 * Names Windows keeps for devices: a file or folder called `CON`, `NUL`, `COM1`… (any case, with any
 * extension: `con.jpg` too) opens the device instead, so an archive entry named so cannot be unpacked
 * there, and a folder named so cannot be made. Microsoft, "Naming Files, Paths, and Namespaces".
 */
const DEVICE_NAME = /^(CON|PRN|AUX|NUL|COM[0-9]|LPT[0-9]) *(\.|$)/i;

/** Whether one part of a path (no separators) is a name Windows reserves for a device. */
export function isWindowsDeviceName(part: string): boolean {
  return DEVICE_NAME.test(part);
}
