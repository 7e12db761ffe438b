/**
 * Just enough of HCL's template and expression syntax to find, without
 * evaluating anything, the calls that read files and whether their path is
 * a literal. Strings here are templates as HashiCorp's parser prints them
 * (`${...}` around every expression, `$${` for a literal `${`), which is
 * also what Terraform's JSON syntax takes. Where the text cannot be
 * understood the answer is "not a literal": unknown means refused.
 */

/** Terraform functions that read the portal's file system. */
const FILE_FUNCTIONS = [
  'file',
  'fileexists',
  'fileset',
  'filebase64',
  'templatefile',
  'filemd5',
  'filesha1',
  'filesha256',
  'filesha512',
  'filebase64sha256',
  'filebase64sha512',
] as const;

// Not preceded by what would make it another name (`my_file(`,
// `provider::x::file(`, `a.file`).
const CALL = new RegExp(
  `(?<![A-Za-z0-9_.:-])(${FILE_FUNCTIONS.join('|')})\\s*\\(`,
  'g',
);

/** Index just after the `}` closing an interpolation opened before `start`. */
function skipInterpolation(text: string, start: number): number {
  let depth = 0;
  for (let k = start; k < text.length; k++) {
    const c = text[k];
    if (c === '"') {
      k = skipString(text, k) - 1;
    } else if (c === '{') {
      depth++;
    } else if (c === '}') {
      if (depth === 0) return k + 1;
      depth--;
    }
  }
  return text.length;
}

/** Index just after the quoted string that starts at `start`. */
function skipString(text: string, start: number): number {
  for (let m = start + 1; m < text.length; m++) {
    const c = text[m];
    if (c === '\\') m++;
    else if (text.startsWith('$${', m) || text.startsWith('%%{', m)) m += 2;
    else if (text.startsWith('${', m) || text.startsWith('%{', m)) {
      m = skipInterpolation(text, m + 2) - 1;
    } else if (c === '"') return m + 1;
  }
  return text.length;
}

/** The expressions of a template: the insides of its `${...}` and `%{...}`. */
export function templateExpressions(template: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < template.length; i++) {
    if (template.startsWith('$${', i) || template.startsWith('%%{', i)) {
      i += 2;
    } else if (template.startsWith('${', i) || template.startsWith('%{', i)) {
      const end = skipInterpolation(template, i + 2);
      out.push(template.slice(i + 2, end - 1));
      i = end - 1;
    }
  }
  return out;
}

/** A call of a file function, with its arguments' source text. */
interface FileCall {
  fn: (typeof FILE_FUNCTIONS)[number];
  /** The call as written (shortened), for messages. */
  text: string;
  /** Undefined when the arguments could not be read. */
  args?: string[];
}

/** Arguments of the call whose `(` is at `open`; undefined when unbalanced. */
function callArguments(
  text: string,
  open: number,
): { args: string[]; end: number } | undefined {
  const args: string[] = [];
  let depth = 0;
  let from = open + 1;
  for (let k = open + 1; k < text.length; k++) {
    const c = text[k];
    if (c === '"') {
      k = skipString(text, k) - 1;
    } else if (c === '(' || c === '[' || c === '{') {
      depth++;
    } else if (c === ']' || c === '}') {
      depth--;
    } else if (c === ')') {
      if (depth === 0) {
        const last = text.slice(from, k);
        if (last.trim() || args.length > 0) args.push(last);
        return { args, end: k + 1 };
      }
      depth--;
    } else if (c === ',' && depth === 0) {
      args.push(text.slice(from, k));
      from = k + 1;
    } else if (c === '<' && text.startsWith('<<', k)) {
      // A heredoc inside an argument: too much to follow here.
      return undefined;
    }
  }
  return undefined;
}

/** Every call of a file function in an expression, nested ones included. */
export function fileCalls(expression: string): FileCall[] {
  const out: FileCall[] = [];
  for (const match of expression.matchAll(CALL)) {
    const open = match.index! + match[0].length - 1;
    const parsed = callArguments(expression, open);
    const end = parsed?.end ?? expression.length;
    const text = expression.slice(match.index, end).replace(/\s+/g, ' ');
    out.push({
      fn: match[1] as FileCall['fn'],
      text: text.length > 120 ? `${text.slice(0, 117)}...` : text,
      args: parsed?.args,
    });
  }
  return out;
}

/** What `path.module`, `path.root` and `path.cwd` stand for where a path is read. */
export interface PathContext {
  module: string;
  root: string;
}

const PATH_REFERENCE = /^\s*path\.(module|root|cwd)\s*$/;

function pathValue(reference: string, where: PathContext): string | undefined {
  const m = PATH_REFERENCE.exec(reference);
  if (!m) return undefined;
  return m[1] === 'module' ? where.module : where.root;
}

/**
 * The value of a template whose only interpolations are `path.module`,
 * `path.root` or `path.cwd`; undefined for anything else (a variable, a
 * function, a directive). `raw` says that backslash escapes are still
 * written out (a string inside an expression) rather than already read.
 */
export function literalTemplate(
  content: string,
  where: PathContext,
  raw = false,
): string | undefined {
  let out = '';
  for (let i = 0; i < content.length; i++) {
    const c = content[i];
    if (content.startsWith('$${', i) || content.startsWith('%%{', i)) {
      out += content.slice(i + 1, i + 3);
      i += 2;
    } else if (content.startsWith('${', i)) {
      const end = skipInterpolation(content, i + 2);
      const value = pathValue(content.slice(i + 2, end - 1), where);
      if (value === undefined) return undefined;
      out += value;
      i = end - 1;
    } else if (content.startsWith('%{', i)) {
      return undefined;
    } else if (raw && c === '\\') {
      const next = content[i + 1];
      if (next !== '\\' && next !== '"') return undefined;
      out += next;
      i++;
    } else {
      out += c;
    }
  }
  return out;
}

/**
 * The path an argument names when it is a literal: a quoted string (with
 * at most `path.module`-style interpolations) or a bare `path.module`.
 */
export function literalArgument(
  argument: string,
  where: PathContext,
): string | undefined {
  const text = argument.trim();
  const bare = pathValue(text, where);
  if (bare !== undefined) return bare;
  if (!text.startsWith('"') || skipString(text, 0) !== text.length) {
    return undefined;
  }
  return literalTemplate(text.slice(1, -1), where, true);
}
