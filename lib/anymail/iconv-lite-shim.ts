// The .msg reader (@kenjiuno/msgreader) decodes 8-bit strings through iconv-lite, which needs
// Node's Buffer and is not bundled for extension pages (wxt.config.ts aliases it here). The
// browser's TextDecoder knows the same code pages; the reader never encodes when reading.

export function decode(bytes: Uint8Array, encoding: string): string {
  return new TextDecoder(encoding).decode(bytes);
}

export function encode(): never {
  throw new Error('encoding is not used when reading .msg files');
}

export default { decode, encode };
