/**
 * Values written into Terraform code as data. `hclLiteral` gives the HCL
 * native-syntax expression that evaluates to exactly the given JSON value,
 * whatever it holds: a string can never open an interpolation (`${`), a
 * directive (`%{`), end its quotes or start a new line of code.
 */

/** What `hclLiteral` writes: JSON's values. */
export type HclLiteralValue =
  | string
  | number
  | boolean
  | null
  | HclLiteralValue[]
  | { [key: string]: HclLiteralValue | undefined };

// C0 and C1 controls, DEL, and the Unicode line and paragraph separators:
// written as escapes so that the file shows them and no editor or terminal
// acts on them. \n, \r and \t have their own short escapes.
const CONTROL =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029]/g;

const LONE_SURROGATE =
  /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * A quoted HCL string holding `value` literally.
 *
 * In a quoted template HCL reads `${` and `%{` as the start of an
 * interpolation and a directive, and `$${` and `%%{` as the literal
 * characters `${` and `%{`; a `$` or `%` not followed by `{` is itself
 * (hashicorp/hcl, hclsyntax scan_tokens.rl and ParseStringLiteralToken, and
 * hclwrite's own escaping). So doubling the `$` or `%` right before each `{`
 * is enough, and it stays right for values that already hold `$${`: `$${x}`
 * is written `$$${x}`, which HCL reads as `$` then the escaped `${`.
 */
function hclString(value: string): string {
  if (LONE_SURROGATE.test(value)) {
    throw new TypeError(
      'hclLiteral: the string holds a lone UTF-16 surrogate, which UTF-8 (and so a .tf file) cannot hold',
    );
  }
  const escaped = value
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t')
    .replace(
      CONTROL,
      c => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`,
    )
    .replace(/([$%])\{/g, '$1$1{');
  return `"${escaped}"`;
}

function render(value: unknown, where: string): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return hclString(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) {
        throw new TypeError(
          `hclLiteral: ${where} is ${value}; Terraform numbers are finite`,
        );
      }
      // JavaScript writes numbers as HCL reads them (1e+21, -5, 0.1); -0 is 0.
      return Object.is(value, -0) ? '0' : String(value);
    case 'object':
      if (Array.isArray(value)) {
        return `[${value
          .map((v, i) => render(v === undefined ? null : v, `${where}[${i}]`))
          .join(', ')}]`;
      }
      {
        // Maps, Sets, Dates and class instances have no JSON meaning here.
        const proto = Object.getPrototypeOf(value);
        if (proto !== Object.prototype && proto !== null) {
          throw new TypeError(
            `hclLiteral: ${where} is not a JSON value (${
              (value as object).constructor?.name ?? 'object'
            })`,
          );
        }
        // Every key quoted (and escaped like any string): a bare key would be
        // read as a reference, and `__proto__` is just another key.
        const items = Object.keys(value)
          .filter(k => (value as Record<string, unknown>)[k] !== undefined)
          .map(
            k =>
              `${hclString(k)} = ${render(
                (value as Record<string, unknown>)[k],
                `${where}.${k}`,
              )}`,
          );
        return items.length ? `{ ${items.join(', ')} }` : '{}';
      }
    default:
      throw new TypeError(
        `hclLiteral: ${where} is a ${typeof value}, not a JSON value`,
      );
  }
}

/**
 * The HCL native-syntax expression for a JSON value: strings quoted and
 * escaped, finite numbers, booleans, `null`, arrays as tuples
 * (`["a", 1]`), objects as `{ "key" = value }` with every key quoted.
 * `undefined` is `null` (a value that is not there), as in a JSON array.
 * Throws a TypeError for what JSON cannot hold: non-finite numbers,
 * functions, symbols, bigints, Maps, Sets and strings that are not valid
 * Unicode.
 *
 *   hclLiteral('x${file("/etc/passwd")}')  // "x$${file(\"/etc/passwd\")}"
 *   hclLiteral({ Owner: 'group:default/payments' })
 *   // { "Owner" = "group:default/payments" }
 */
export function hclLiteral(value: HclLiteralValue | undefined): string {
  return render(value === undefined ? null : value, 'the value');
}
