const MASK = '***';

/**
 * Replaces every known secret value in text. Values are added as they are
 * learnt (secretVars first, then sensitive values found in the plan and the
 * outputs); each is also matched in its JSON-escaped form, because Terraform
 * prints values inside quoted strings, and line by line when it spans
 * lines, because the log is redacted one line at a time.
 */
export class Redactor {
  private readonly values = new Set<string>();
  private pattern?: RegExp;

  /** Longest secret: a cut line must also lose this many trailing characters. */
  maxLength = 0;

  /** Adds explicit secrets, whatever their length. */
  add(...secrets: Array<string | undefined>) {
    for (const secret of secrets) {
      if (!secret) continue;
      this.addForm(secret);
      const escaped = JSON.stringify(secret).slice(1, -1);
      if (escaped !== secret) this.addForm(escaped);
      if (secret.includes('\n')) {
        for (const line of secret.split(/\r?\n/)) {
          if (line.trim().length >= 4) this.addForm(line);
        }
      }
    }
  }

  /**
   * Adds values that were found marked sensitive (a plan attribute, an
   * output): short or boolean-like ones are skipped, since masking every
   * `true` or `80` would ruin the log without protecting anything.
   */
  addDerived(value: unknown) {
    visitStrings(value, s => {
      if (s.length >= 6 && !/^(true|false|null|\d+)$/.test(s)) this.add(s);
    });
  }

  get size(): number {
    return this.values.size;
  }

  redact(text: string): string {
    if (!this.pattern || text.length === 0) return text;
    return text.replace(this.pattern, MASK);
  }

  /** A deep copy of a JSON value with every string redacted. */
  redactValue<T>(value: T): T {
    if (!this.pattern) return value;
    return mapStrings(value, s => this.redact(s)) as T;
  }

  /**
   * The error with its message and stack redacted, for rethrowing: the
   * scaffolder stores and shows both. The same object when nothing matched.
   */
  redactError(e: unknown): Error {
    const error = e instanceof Error ? e : new Error(String(e));
    const redacted = this.redact(error.message);
    if (redacted !== error.message) {
      error.message = redacted;
      if (error.stack) error.stack = this.redact(error.stack);
    }
    return error;
  }

  private addForm(form: string) {
    if (this.values.has(form)) return;
    this.values.add(form);
    this.maxLength = Math.max(this.maxLength, form.length);
    // Longest first, so a secret containing another is masked whole.
    const sorted = [...this.values].sort((a, b) => b.length - a.length);
    this.pattern = new RegExp(
      sorted.map(v => v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'),
      'g',
    );
  }
}

function visitStrings(value: unknown, visit: (s: string) => void) {
  if (typeof value === 'string') visit(value);
  else if (Array.isArray(value)) value.forEach(v => visitStrings(v, visit));
  else if (value && typeof value === 'object') {
    for (const v of Object.values(value)) visitStrings(v, visit);
  }
}

function mapStrings(value: unknown, map: (s: string) => string): unknown {
  if (typeof value === 'string') return map(value);
  if (Array.isArray(value)) return value.map(v => mapStrings(v, map));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value))
      out[map(k)] = mapStrings(v, map);
    return out;
  }
  return value;
}
