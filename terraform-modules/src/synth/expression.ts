/**
 * A parser for the HCL expression language as Terraform uses it, limited to
 * what plan synthesis needs: literals, templates, traversals with splats,
 * operators, conditionals, function calls, and `for` expressions.
 * Template directives (`%{ if }`) are refused with a clear error rather than
 * misread.
 */

export type Expr =
  | { kind: 'literal'; value: null | boolean | number | string }
  | { kind: 'template'; parts: Array<string | Expr> }
  | { kind: 'tuple'; items: Expr[] }
  | { kind: 'object'; items: Array<{ key: Expr | string; value: Expr }> }
  | { kind: 'variable'; name: string }
  | { kind: 'getAttr'; target: Expr; name: string }
  | { kind: 'index'; target: Expr; key: Expr }
  | { kind: 'splat'; target: Expr; each: Expr }
  | { kind: 'splatItem' }
  | { kind: 'call'; name: string; args: Expr[]; expandFinal: boolean }
  | { kind: 'unary'; op: '!' | '-'; operand: Expr }
  | { kind: 'binary'; op: string; left: Expr; right: Expr }
  | { kind: 'conditional'; cond: Expr; then: Expr; else: Expr }
  | {
      kind: 'for';
      keyVar?: string;
      valueVar: string;
      collection: Expr;
      keyExpr?: Expr;
      valueExpr: Expr;
      cond?: Expr;
      grouping: boolean;
      object: boolean;
    };

export class HclSyntaxError extends Error {
  constructor(message: string, readonly source: string, readonly at: number) {
    super(`${message} at offset ${at} in: ${source}`);
    this.name = 'HclSyntaxError';
  }
}

const BINARY_LEVELS: string[][] = [
  ['||'],
  ['&&'],
  ['==', '!='],
  ['<=', '>=', '<', '>'],
  ['+', '-'],
  ['*', '/', '%'],
];

class Parser {
  private pos = 0;

  constructor(private readonly src: string) {}

  error(message: string): never {
    throw new HclSyntaxError(message, this.src, this.pos);
  }

  private skipSpace() {
    for (;;) {
      const c = this.src[this.pos];
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
        this.pos++;
      } else if (c === '#' || (c === '/' && this.src[this.pos + 1] === '/')) {
        while (this.pos < this.src.length && this.src[this.pos] !== '\n')
          this.pos++;
      } else if (c === '/' && this.src[this.pos + 1] === '*') {
        const end = this.src.indexOf('*/', this.pos + 2);
        if (end < 0) this.error('Unterminated comment');
        this.pos = end + 2;
      } else {
        return;
      }
    }
  }

  private peek(token: string): boolean {
    this.skipSpace();
    return this.src.startsWith(token, this.pos);
  }

  private eat(token: string): boolean {
    if (!this.peek(token)) return false;
    this.pos += token.length;
    return true;
  }

  private expect(token: string) {
    if (!this.eat(token)) this.error(`Expected "${token}"`);
  }

  private identifier(): string | undefined {
    this.skipSpace();
    const m = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(this.src.slice(this.pos));
    if (!m) return undefined;
    this.pos += m[0].length;
    return m[0];
  }

  /** A keyword only when followed by a non-identifier character. */
  private peekKeyword(word: string): boolean {
    this.skipSpace();
    if (!this.src.startsWith(word, this.pos)) return false;
    const next = this.src[this.pos + word.length];
    return next === undefined || !/[A-Za-z0-9_-]/.test(next);
  }

  parseEnd(): void {
    this.skipSpace();
    if (this.pos !== this.src.length) this.error('Unexpected input');
  }

  expression(): Expr {
    const cond = this.binary(0);
    if (this.eat('?')) {
      const then = this.expression();
      this.expect(':');
      const otherwise = this.expression();
      return { kind: 'conditional', cond, then, else: otherwise };
    }
    return cond;
  }

  private binary(level: number): Expr {
    if (level >= BINARY_LEVELS.length) return this.unary();
    let left = this.binary(level + 1);
    for (;;) {
      this.skipSpace();
      const op = BINARY_LEVELS[level].find(
        o =>
          this.src.startsWith(o, this.pos) &&
          // `=>` and `==` must not be read as `=`; `<=` before `<`.
          !(o === '<' && this.src[this.pos + 1] === '=') &&
          !(o === '>' && this.src[this.pos + 1] === '='),
      );
      if (!op) return left;
      this.pos += op.length;
      const right = this.binary(level + 1);
      left = { kind: 'binary', op, left, right };
    }
  }

  private unary(): Expr {
    if (this.eat('!')) return { kind: 'unary', op: '!', operand: this.unary() };
    this.skipSpace();
    if (this.src[this.pos] === '-' && !/[0-9]/.test(this.src[this.pos + 1])) {
      this.pos++;
      return { kind: 'unary', op: '-', operand: this.unary() };
    }
    return this.postfix(this.primary());
  }

  private postfix(start: Expr): Expr {
    let expr = start;
    for (;;) {
      if (this.peek('[*]')) {
        this.pos += 3;
        expr = { kind: 'splat', target: expr, each: this.splatChain() };
      } else if (this.peek('.*')) {
        this.pos += 2;
        expr = { kind: 'splat', target: expr, each: this.splatChain() };
      } else if (this.peek('[')) {
        this.pos++;
        const key = this.expression();
        this.expect(']');
        expr = { kind: 'index', target: expr, key };
      } else if (this.peek('.') && !this.peek('...')) {
        this.pos++;
        this.skipSpace();
        const num = /^[0-9]+/.exec(this.src.slice(this.pos));
        if (num) {
          this.pos += num[0].length;
          expr = {
            kind: 'index',
            target: expr,
            key: { kind: 'literal', value: Number(num[0]) },
          };
        } else {
          const name = this.identifier();
          if (!name) this.error('Expected an attribute name');
          expr = { kind: 'getAttr', target: expr, name };
        }
      } else {
        return expr;
      }
    }
  }

  /** The traversal applied to each element after a splat operator. */
  private splatChain(): Expr {
    let each: Expr = { kind: 'splatItem' };
    for (;;) {
      if (this.peek('.') && !this.peek('...')) {
        this.pos++;
        const name = this.identifier();
        if (!name) this.error('Expected an attribute name after a splat');
        each = { kind: 'getAttr', target: each, name };
      } else if (this.peek('[') && !this.peek('[*]')) {
        this.pos++;
        const key = this.expression();
        this.expect(']');
        each = { kind: 'index', target: each, key };
      } else {
        return each;
      }
    }
  }

  private primary(): Expr {
    this.skipSpace();
    const c = this.src[this.pos];
    if (c === undefined) this.error('Unexpected end of expression');
    if (c === '(') {
      this.pos++;
      const inner = this.expression();
      this.expect(')');
      return inner;
    }
    if (c === '"') {
      this.pos++;
      return this.template('"');
    }
    if (c === '[') return this.tupleOrFor();
    if (c === '{') return this.objectOrFor();
    const num = /^-?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(
      this.src.slice(this.pos),
    );
    if (num) {
      this.pos += num[0].length;
      return { kind: 'literal', value: Number(num[0]) };
    }
    const name = this.identifier();
    if (!name) this.error(`Unexpected character "${c}"`);
    if (name === 'true') return { kind: 'literal', value: true };
    if (name === 'false') return { kind: 'literal', value: false };
    if (name === 'null') return { kind: 'literal', value: null };
    if (this.peek('(')) {
      this.pos++;
      const args: Expr[] = [];
      let expandFinal = false;
      while (!this.eat(')')) {
        args.push(this.expression());
        if (this.eat('...')) expandFinal = true;
        if (!this.eat(',') && !this.peek(')'))
          this.error('Expected "," or ")"');
      }
      return { kind: 'call', name, args, expandFinal };
    }
    return { kind: 'variable', name };
  }

  private tupleOrFor(): Expr {
    this.expect('[');
    if (this.peekKeyword('for')) return this.forExpr(false);
    const items: Expr[] = [];
    while (!this.eat(']')) {
      items.push(this.expression());
      if (!this.eat(',') && !this.peek(']')) this.error('Expected "," or "]"');
    }
    return { kind: 'tuple', items };
  }

  private objectOrFor(): Expr {
    this.expect('{');
    if (this.peekKeyword('for')) return this.forExpr(true);
    const items: Array<{ key: Expr | string; value: Expr }> = [];
    while (!this.eat('}')) {
      let key: Expr | string;
      this.skipSpace();
      if (this.src[this.pos] === '(') {
        this.pos++;
        key = this.expression();
        this.expect(')');
      } else if (this.src[this.pos] === '"') {
        this.pos++;
        key = this.template('"');
      } else {
        const name = this.identifier();
        if (!name) this.error('Expected an object key');
        key = name;
      }
      if (!this.eat('=') && !this.eat(':')) this.error('Expected "=" or ":"');
      items.push({ key, value: this.expression() });
      this.eat(',');
    }
    return { kind: 'object', items };
  }

  private forExpr(object: boolean): Expr {
    this.identifier(); // for
    const first = this.identifier();
    if (!first) this.error('Expected a variable name after "for"');
    let keyVar: string | undefined;
    let valueVar = first;
    if (this.eat(',')) {
      keyVar = first;
      const second = this.identifier();
      if (!second) this.error('Expected a second variable name');
      valueVar = second;
    }
    if (this.identifier() !== 'in') this.error('Expected "in"');
    const collection = this.expression();
    this.expect(':');
    let keyExpr: Expr | undefined;
    let valueExpr: Expr;
    if (object) {
      keyExpr = this.expression();
      this.expect('=>');
      valueExpr = this.expression();
    } else {
      valueExpr = this.expression();
    }
    const grouping = this.eat('...');
    let cond: Expr | undefined;
    if (this.peekKeyword('if')) {
      this.identifier();
      cond = this.expression();
    }
    this.expect(object ? '}' : ']');
    return {
      kind: 'for',
      keyVar,
      valueVar,
      collection,
      keyExpr,
      valueExpr,
      cond,
      grouping,
      object,
    };
  }

  /**
   * A template up to `terminator` (a closing quote, or the end of input for
   * hcl2json's already-unquoted strings).
   */
  template(terminator: '"' | 'end'): Expr {
    const parts: Array<string | Expr> = [];
    let text = '';
    for (;;) {
      if (this.pos >= this.src.length) {
        if (terminator === 'end') break;
        this.error('Unterminated string');
      }
      const c = this.src[this.pos];
      if (terminator === '"' && c === '"') {
        this.pos++;
        break;
      }
      if (
        c === '$' &&
        this.src[this.pos + 1] === '$' &&
        this.src[this.pos + 2] === '{'
      ) {
        text += '${';
        this.pos += 3;
      } else if (
        c === '%' &&
        this.src[this.pos + 1] === '%' &&
        this.src[this.pos + 2] === '{'
      ) {
        text += '%{';
        this.pos += 3;
      } else if (c === '$' && this.src[this.pos + 1] === '{') {
        this.pos += 2;
        if (text) parts.push(text);
        text = '';
        this.eat('~');
        parts.push(this.expression());
        this.eat('~');
        this.expect('}');
      } else if (c === '%' && this.src[this.pos + 1] === '{') {
        this.error(
          'Template directives (%{ ... }) are not supported by the plan synthesizer',
        );
      } else if (terminator === '"' && c === '\\') {
        const next = this.src[this.pos + 1];
        const escapes: Record<string, string> = {
          n: '\n',
          t: '\t',
          r: '\r',
          '"': '"',
          '\\': '\\',
        };
        if (next === 'u') {
          text += String.fromCharCode(
            parseInt(this.src.slice(this.pos + 2, this.pos + 6), 16),
          );
          this.pos += 6;
        } else if (next in escapes) {
          text += escapes[next];
          this.pos += 2;
        } else {
          this.error(`Unknown escape "\\${next}"`);
        }
      } else {
        text += c;
        this.pos++;
      }
    }
    if (text || parts.length === 0) parts.push(text);
    return { kind: 'template', parts };
  }
}

/** Parses one expression (the inside of `${ ... }`). */
export function parseExpression(source: string): Expr {
  const parser = new Parser(source);
  const expr = parser.expression();
  parser.parseEnd();
  return expr;
}

/**
 * Parses a string as hcl2json hands it over: a template whose only part may
 * be a single interpolation (`"${var.x}"`, which yields the value itself, not
 * its string form).
 */
export function parseTemplateString(source: string): Expr {
  const parser = new Parser(source);
  const tpl = parser.template('end');
  if (
    tpl.kind === 'template' &&
    tpl.parts.length === 1 &&
    typeof tpl.parts[0] !== 'string'
  ) {
    return tpl.parts[0];
  }
  return tpl;
}

/** True when a value from hcl2json holds an expression anywhere. */
export function hasExpression(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('${');
  if (Array.isArray(value)) return value.some(hasExpression);
  if (value && typeof value === 'object')
    return Object.values(value).some(hasExpression);
  return false;
}

/**
 * Terraform's shortest useful reference from a root: var.x, local.x,
 * module.m, data.t.n, t.n; roots like each and count are never listed.
 */
function minimumReferenceLength(root: string): number {
  if (['each', 'count', 'path', 'terraform', 'self'].includes(root))
    return Infinity;
  return root === 'data' ? 3 : 2;
}

/**
 * The references of an expression as Terraform lists them in a plan's
 * `configuration` section: each traversal from its longest form down to the
 * resource, module or variable it starts at.
 */
export function referencesOf(expr: Expr, out: string[] = []): string[] {
  const add = (ref: string) => {
    if (!out.includes(ref)) out.push(ref);
  };
  const traversal = (e: Expr): string[] | undefined => {
    if (e.kind === 'variable') return [e.name];
    if (e.kind === 'getAttr') {
      const t = traversal(e.target);
      return t && [...t, `.${e.name}`];
    }
    if (e.kind === 'index' && e.key.kind === 'literal') {
      const t = traversal(e.target);
      const k = e.key.value;
      return t && [...t, typeof k === 'number' ? `[${k}]` : `["${k}"]`];
    }
    return undefined;
  };
  const visit = (e: Expr) => {
    const steps =
      e.kind === 'getAttr' || e.kind === 'index' || e.kind === 'variable'
        ? traversal(e)
        : undefined;
    if (steps) {
      const root = steps[0];
      // Terraform's minimum useful reference: var.x, local.x, module.m,
      // data.t.n, t.n.
      const minimum = minimumReferenceLength(root);
      for (let n = steps.length; n >= minimum; n--) {
        add(steps.slice(0, n).join(''));
      }
      if (e.kind === 'index') visit(e.key);
      if (steps.length >= minimum || minimum === Infinity) return;
    }
    switch (e.kind) {
      case 'template':
        e.parts.forEach(p => typeof p !== 'string' && visit(p));
        break;
      case 'tuple':
        e.items.forEach(visit);
        break;
      case 'object':
        e.items.forEach(i => {
          if (typeof i.key !== 'string') visit(i.key);
          visit(i.value);
        });
        break;
      case 'getAttr':
        visit(e.target);
        break;
      case 'index':
        visit(e.target);
        visit(e.key);
        break;
      case 'splat':
        visit(e.target);
        break;
      case 'call':
        e.args.forEach(visit);
        break;
      case 'unary':
        visit(e.operand);
        break;
      case 'binary':
        visit(e.left);
        visit(e.right);
        break;
      case 'conditional':
        visit(e.cond);
        visit(e.then);
        visit(e.else);
        break;
      case 'for':
        visit(e.collection);
        if (e.keyExpr) visit(e.keyExpr);
        visit(e.valueExpr);
        if (e.cond) visit(e.cond);
        break;
      default:
        break;
    }
  };
  visit(expr);
  return out;
}
