/**
 * Plan bytes to text. `terraform show -json > plan.json` in Windows
 * PowerShell 5 writes UTF-16LE with a byte order mark, and some editors
 * add a UTF-8 BOM; JSON.parse accepts neither, so both are decoded here
 * instead of being reported as "not JSON".
 */
export function decodePlanBytes(input: Uint8Array): string {
  const bytes = Buffer.isBuffer(input)
    ? input
    : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    return bytes.subarray(2).toString('utf16le');
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    // Big-endian: swap into a copy, never into the caller's buffer.
    const swapped = Buffer.from(bytes.subarray(2));
    swapped.swap16();
    return swapped.toString('utf16le');
  }
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return bytes.subarray(3).toString('utf8');
  }
  return bytes.toString('utf8');
}

/** Drops a leading byte order mark from text that was decoded elsewhere. */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
