import { StringDecoder } from 'node:string_decoder';

/** Longest line kept whole; longer ones are cut (minified JSON, base64 blobs). */
export const MAX_LINE_LENGTH = 16 * 1024;

/**
 * Splits a byte stream into lines without holding more than one line (at
 * most MAX_LINE_LENGTH characters) in memory; multi-byte characters split
 * across chunks are kept whole.
 */
export class LineSplitter {
  private readonly decoder = new StringDecoder('utf8');
  private pending = '';
  private skipping = false;

  constructor(
    private readonly onLine: (line: string, truncated: boolean) => void,
    private readonly maxLength = MAX_LINE_LENGTH,
  ) {}

  write(chunk: Buffer) {
    this.consume(this.decoder.write(chunk));
  }

  end() {
    this.consume(this.decoder.end());
    if (this.pending.length > 0 && !this.skipping)
      this.onLine(this.pending, false);
    this.pending = '';
    this.skipping = false;
  }

  private consume(text: string) {
    let start = 0;
    for (;;) {
      const nl = text.indexOf('\n', start);
      if (nl < 0) break;
      const piece = text.slice(start, nl);
      if (!this.skipping) {
        const line = this.pending + piece;
        this.onLine(line.endsWith('\r') ? line.slice(0, -1) : line, false);
      }
      this.pending = '';
      this.skipping = false;
      start = nl + 1;
    }
    if (this.skipping) return;
    this.pending += text.slice(start);
    if (this.pending.length > this.maxLength) {
      this.onLine(this.pending.slice(0, this.maxLength), true);
      this.pending = '';
      this.skipping = true;
    }
  }
}
