import { parse } from '@cdktf/hcl2json';
import { hclLiteral } from './hcl';

/**
 * Checked against HashiCorp's own parser (hashicorp/hcl compiled to
 * WebAssembly in @cdktf/hcl2json). hcl2json hands a literal string back as
 * Terraform's JSON syntax writes it, where `${` and `%{` open an
 * interpolation and a directive and `$${` and `%%{` are the escaped
 * characters: so a string that parsed as pure data comes back as the value
 * with each `$` or `%` before a `{` doubled, and anything that parsed as an
 * interpolation or a directive comes back with a single one.
 */
const asTerraformJson = (value: string) => value.replace(/([$%])\{/g, '$1$1{');

async function parsedAttribute(source: string): Promise<unknown> {
  return (await parse('test.tf', `a = ${source}\n`)).a;
}

const HOSTILE = [
  '${file("/etc/hostname")}',
  'x${file("/etc/hostname")}y',
  '%{ if true }x%{ endif }',
  '%{ for k in ["a"] }${k}%{ endfor }',
  '"',
  '\\',
  '\\"',
  '"\n}\nresource "null_resource" "x" {\n  a = "',
  'a\nb',
  'a\r\nb',
  '\t',
  '__proto__',
  '$${x}',
  '$$${x}',
  '$$$${x}',
  '%%{x}',
  '%%%{x}',
  '$',
  'a$',
  '$$',
  '%',
  'a%',
  '${',
  '%{',
  '$${',
  '\\${x}',
  '\\$${x}',
  '${~ x ~}',
  '%{~ if true ~}x%{~ endif ~}',
  '#',
  '// comment',
  '/* comment',
  '<<EOT\nx\nEOT',
  '\u0000\u0001\u001f\u007f\u0085\u009f',
  'line\u2028separator\u2029',
  'Zoë Ñandú 李小龍 👩‍💻',
  '',
];

describe('hclLiteral', () => {
  it.each(HOSTILE.map(v => [JSON.stringify(v), v]))(
    'writes %s so that HCL reads it back as exactly that string, and nothing else',
    async (_label, value) => {
      expect(await parsedAttribute(hclLiteral(value))).toBe(
        asTerraformJson(value),
      );
    },
  );

  it('would have let the same values become code if they were pasted between quotes', async () => {
    // The proof that the check above can fail: HCL reads the pasted value
    // as an interpolation or a directive (a single `$` or `%` before `{`
    // in hcl2json's answer), or does not parse at all.
    for (const value of [
      '${file("/etc/hostname")}',
      '%{ if true }x%{ endif }',
      'a"b',
      'a\nb',
    ]) {
      const pasted = await parsedAttribute(`"${value}"`).catch(() => 'error');
      expect([value, pasted]).not.toEqual([value, asTerraformJson(value)]);
    }
  });

  it('keeps values that already hold escapes as they are: `$${` stays `$${`', async () => {
    expect(hclLiteral('$${x}')).toBe('"$$${x}"');
    expect(hclLiteral('%%{x}')).toBe('"%%%{x}"');
    expect(hclLiteral('a$')).toBe('"a$"');
    expect(await parsedAttribute(hclLiteral('$${x}'))).toBe('$$${x}');
  });

  it('writes control characters as \\u escapes, and \\n, \\r, \\t short', () => {
    expect(hclLiteral('a\u0000b\u001b[31m\u007f\u0085\u2028')).toBe(
      '"a\\u0000b\\u001B[31m\\u007F\\u0085\\u2028"',
    );
    expect(hclLiteral('\n\r\t')).toBe('"\\n\\r\\t"');
    expect(hclLiteral('a\nb')).not.toContain('\n');
  });

  it('holds up against random strings made of the characters that matter', async () => {
    const alphabet = ['$', '%', '{', '}', '\\', '"', '\n', '\r', '~', 'a', ' '];
    // A fixed-seed generator, so a failure can be replayed.
    let seed = 13;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed;
    };
    for (let i = 0; i < 400; i++) {
      const value = Array.from(
        { length: 1 + (next() % 12) },
        () => alphabet[next() % alphabet.length],
      ).join('');
      expect([value, await parsedAttribute(hclLiteral(value))]).toEqual([
        value,
        asTerraformJson(value),
      ]);
    }
  });

  it('writes numbers, booleans and null as HCL reads them', async () => {
    for (const value of [0, 1, -5, 0.1, 1e21, 1.5e-7, 2 ** 53, true, false]) {
      expect(await parsedAttribute(hclLiteral(value))).toBe(value);
    }
    expect(await parsedAttribute(hclLiteral(null))).toBe(null);
    expect(hclLiteral(-0)).toBe('0');
    expect(hclLiteral(undefined)).toBe('null');
  });

  it('writes arrays as tuples and objects with every key quoted, __proto__ included', async () => {
    const value = JSON.parse(
      '{"__proto__": {"x": "${y}"}, "a b": [1, "%{z}", null, true], "${k}": {}, "constructor": "c"}',
    );
    const written = hclLiteral(value);
    expect(written).toBe(
      '{ "__proto__" = { "x" = "$${y}" }, "a b" = [1, "%%{z}", null, true], "$${k}" = {}, "constructor" = "c" }',
    );
    expect(await parsedAttribute(written)).toEqual(
      JSON.parse(
        '{"__proto__": {"x": "$${y}"}, "a b": [1, "%%{z}", null, true], "$${k}": {}, "constructor": "c"}',
      ),
    );
    expect(hclLiteral([])).toBe('[]');
    expect(hclLiteral({ a: undefined, b: 1 })).toBe('{ "b" = 1 }');
    expect(hclLiteral([undefined as any])).toBe('[null]');
  });

  it('refuses what JSON cannot hold, saying where', () => {
    expect(() => hclLiteral(NaN)).toThrow(/the value is NaN/);
    expect(() => hclLiteral({ a: [Infinity] })).toThrow(
      /the value\.a\[0\] is Infinity/,
    );
    expect(() => hclLiteral((() => 1) as any)).toThrow(/function/);
    expect(() => hclLiteral(new Map() as any)).toThrow(/Map/);
    expect(() => hclLiteral(10n as any)).toThrow(/bigint/);
    expect(() => hclLiteral('\uD800')).toThrow(/lone UTF-16 surrogate/);
    expect(hclLiteral('\uD83D\uDE00')).toBe('"😀"');
  });
});
