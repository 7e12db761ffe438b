import {
  LineSplitter,
  MAX_LINE_LENGTH,
} from '@groundwork/plugin-groundwork-node';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Redactor } from './redact';

// Shared with platform-status's drift checks (same process handling).
export { LineSplitter, MAX_LINE_LENGTH };

/** Terraform's line for one resource change completed during apply. */
export const APPLIED_LINE =
  /: (Creation|Modifications|Destruction) complete after /;

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
