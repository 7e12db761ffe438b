import { LineSplitter } from '../../run/lines';
import type { HcpClient } from './HcpClient';

/** What one read asks for; a full chunk means more may be waiting. */
const CHUNK_BYTES = 64 * 1024;
const STX = 0x02;
const ETX = 0x03;

/**
 * A plan's or apply's log, read from its log-read-url as it grows and
 * passed on line by line. HCP Terraform frames the log with STX at its
 * start and ETX at its end: after ETX there is nothing more to read.
 */
export class HcpLogStream {
  /** Known once the run has a plan or apply; nothing is read before. */
  url?: string;
  private offset = 0;
  private finished = false;
  private readonly splitter: LineSplitter;

  constructor(
    private readonly client: HcpClient,
    onLine: (line: string, truncated: boolean) => void,
  ) {
    this.splitter = new LineSplitter(onLine);
  }

  /** Reads everything written since the last read. */
  async pump() {
    if (!this.url || this.finished) return;
    for (;;) {
      const chunk = await this.client.readLog(
        this.url,
        this.offset,
        CHUNK_BYTES,
      );
      if (chunk.length === 0) return;
      this.offset += chunk.length;
      let bytes = chunk;
      if (this.offset === chunk.length && bytes[0] === STX)
        bytes = bytes.subarray(1);
      const etx = bytes.indexOf(ETX);
      if (etx >= 0) {
        this.splitter.write(bytes.subarray(0, etx));
        this.finished = true;
        return;
      }
      this.splitter.write(bytes);
      if (chunk.length < CHUNK_BYTES) return;
    }
  }

  /** Passes on a last line without a newline. */
  end() {
    this.splitter.end();
  }
}
