import { StringDecoder } from 'node:string_decoder';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Redactor } from './redact';

/** Terraform's line for one resource change completed during apply. */
export const APPLIED_LINE =
  /: (Creation|Modifications|Destruction) complete after /;

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

/**
 * The task log as Terraform's output goes into it: every line redacted,
 * lines grouped into one log entry per `flushMs` (or `maxLines`) so that a
 * 100,000-line apply does not become 100,000 rows of task events, and the
 * last lines kept for error messages.
 */
export class TaskLog {
  private batch: string[] = [];
  private timer?: NodeJS.Timeout;
  private readonly tail: string[] = [];
  lines = 0;

  constructor(
    private readonly logger: LoggerService,
    private readonly redactor: Redactor,
    private readonly options: {
      flushMs?: number;
      maxLines?: number;
      tailLines?: number;
    } = {},
  ) {}

  /** One line of Terraform output; `truncated` when it was cut. */
  line(raw: string, truncated = false) {
    let text = this.redactor.redact(raw);
    if (truncated) {
      // A secret may straddle the cut: drop as many characters as the
      // longest secret before marking the cut.
      text = `${text.slice(
        0,
        Math.max(0, text.length - this.redactor.maxLength),
      )} … [line cut at ${MAX_LINE_LENGTH} characters]`;
    }
    this.lines++;
    this.tail.push(text);
    if (this.tail.length > (this.options.tailLines ?? 40)) this.tail.shift();
    this.batch.push(text);
    if (this.batch.length >= (this.options.maxLines ?? 200)) this.flush();
    else if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), this.options.flushMs ?? 250);
      this.timer.unref?.();
    }
  }

  /** A message of the action itself, after any pending Terraform output. */
  info(message: string) {
    this.flush();
    this.logger.info(this.redactor.redact(message));
  }

  warn(message: string) {
    this.flush();
    this.logger.warn(this.redactor.redact(message));
  }

  error(message: string) {
    this.flush();
    this.logger.error(this.redactor.redact(message));
  }

  flush() {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.batch.length === 0) return;
    const text = this.batch.join('\n');
    this.batch = [];
    this.logger.info(text);
  }

  /** The last lines (redacted), for an error message. */
  lastLines(count = 15): string {
    return this.tail
      .slice(-count)
      .filter(l => l.trim().length > 0)
      .join('\n');
  }

  clearTail() {
    this.tail.length = 0;
  }
}
