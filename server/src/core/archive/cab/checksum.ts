/**
 * The cabinet checksum (MS-CAB 2.5, as libmspack computes it): XOR of little-endian 32-bit words, the
 * 1-3 trailing bytes packed with the first of them in the highest position used.
 */
export function cabChecksum(data: Uint8Array, seed: number): number {
  let sum = seed | 0;
  const words = data.length >>> 2;
  let i = 0;
  if ((data.byteOffset & 3) === 0) {
    const w = new Int32Array(data.buffer, data.byteOffset, words);
    for (let k = 0; k < words; k++) sum ^= w[k];
    i = words << 2;
  } else {
    for (let k = 0; k < words; k++, i += 4) {
      sum ^= data[i] | (data[i + 1] << 8) | (data[i + 2] << 16) | (data[i + 3] << 24);
    }
  }
  let tail = 0;
  switch (data.length & 3) {
    case 3:
      tail |= data[i++] << 16;
    // falls through
    case 2:
      tail |= data[i++] << 8;
    // falls through
    case 1:
      tail |= data[i];
  }
  return (sum ^ tail) >>> 0;
}

/**
 * The checksum stored in CFDATA.csum: over the data (with any reserved bytes before it, as MS-CAB and 7-Zip
 * have it; libmspack leaves them out), then over cbData and cbUncomp.
 */
export function cfdataChecksum(sizes: Uint8Array, reserveAndData: Uint8Array): number {
  return cabChecksum(sizes, cabChecksum(reserveAndData, 0));
}
