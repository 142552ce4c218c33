/**
 * An Authenticode signature of a cabinet (signtool, osslsigncode): the PKCS#7 blob is stored after cbCabinet, and
 * the header reserve (cbCFHeader = 20) says where: a 4-byte marker, the blob's offset and its length (padded to a
 * multiple of 8 bytes), then 8 zero bytes. Such bytes belong to the file, not to a second archive or a stray tail.
 */

export const SIGNATURE_RESERVE_SIZE = 20;
/** The first byte of the PKCS#7 blob: its DER is a SEQUENCE. */
export const DER_SEQUENCE = 0x30;
/** The reserve's first four bytes in a signed cabinet (00 00 10 00). */
const SIGNATURE_MARKER = 0x00100000;

export interface CabSignatureArea {
  offset: number;
  length: number;
}

/** The signature area the header reserve names; undefined when the reserve is not a signature's. */
export function cabSignatureArea(reserve: Uint8Array): CabSignatureArea | undefined {
  if (reserve.length !== SIGNATURE_RESERVE_SIZE) return undefined;
  const dv = new DataView(reserve.buffer, reserve.byteOffset, reserve.byteLength);
  if (dv.getUint32(0, true) !== SIGNATURE_MARKER) return undefined;
  const length = dv.getUint32(8, true);
  if (length === 0) return undefined;
  return { offset: dv.getUint32(4, true), length };
}
