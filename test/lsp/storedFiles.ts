/** Files stored on disk as other software saves them, for the tests of how the server reads them. */

/** `text` (CRLF rows) saved in Big5 (CP950) with 雙胞胎 in field 16 of its second row. */
export function big5WithChinese(text: string): Buffer {
  const [first, second, ...rest] = text.split('\r\n');
  const cells = second.split(',');
  cells[15] = '\u0000';
  const [before, after] = cells.join(',').split('\u0000');
  return Buffer.concat([Buffer.from(`${first}\r\n${before}`), Buffer.from('c2f9ad4dad4c', 'hex'), Buffer.from(`${after}\r\n${rest.join('\r\n')}`)]);
}

/** Asks again until `done` (the disk is read after the text is checked), for at most 10 s. */
export async function until<T>(ask: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const value = await ask();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
}
