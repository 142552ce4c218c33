/** Files stored on disk as other software saves them, for the tests of how the server reads them. */

/** `text` (CRLF rows) saved in Big5 (CP950) with 雙胞胎 in field 16 of its second row. */
export function big5WithChinese(text: string): Buffer {
  const [first, second, ...rest] = text.split('\r\n');
  const cells = second.split(',');
  cells[15] = '\u0000';
  const [before, after] = cells.join(',').split('\u0000');
  return Buffer.concat([Buffer.from(`${first}\r\n${before}`), Buffer.from('c2f9ad4dad4c', 'hex'), Buffer.from(`${after}\r\n${rest.join('\r\n')}`)]);
}
