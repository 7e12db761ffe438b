import { parse } from '@cdktf/hcl2json';

/**
 * Reading rendered Terraform back with HashiCorp's parser (hashicorp/hcl in
 * @cdktf/hcl2json) to tell data from code.
 *
 * hcl2json hands every string back in Terraform's JSON syntax: a literal
 * holds `$${` and `%%{` where the value holds `${` and `%{`, and an
 * interpolation or a directive shows as `${...}` or `%{...}`. HCL's scanner
 * reads a `$` or `%` as the start of one only when a `{` follows at once
 * (hclsyntax scan_tokens.rl: TemplateNotInterp, TemplateNotControl), and a
 * doubled one before `{` as the escaped characters. So a string is pure
 * data when, read left to right that way, no single `$` or `%` meets a `{`.
 */

type Scan = { literal: true; value: string } | { literal: false };

function scan(text: string): Scan {
  let value = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if ((c === '$' || c === '%') && text[i + 1] === c && text[i + 2] === '{') {
      value += `${c}{`;
      i += 2;
    } else if ((c === '$' || c === '%') && text[i + 1] === '{') {
      return { literal: false };
    } else {
      value += c;
    }
  }
  return { literal: true, value };
}

/** The value of a string hcl2json returned, or undefined when it holds an interpolation or a directive. */
function literalValue(text: string): string | undefined {
  const s = scan(text);
  return s.literal ? s.value : undefined;
}

export async function parseTf(file: string, text: string): Promise<unknown> {
  return parse(file, text);
}

interface LiteralComparison {
  /** Where the hostile render differs from the benign one other than in a literal's value. */
  problems: string[];
  /** Every string literal of the hostile render whose value depends on the inputs, decoded. */
  valueLiterals: string[];
}

/**
 * Compares two renders of the same Terraform file, one with benign inputs
 * and one with hostile ones: the same blocks, attributes, list lengths and
 * expressions, and every place they differ is a string literal in both. An
 * input that became code (an interpolation, a directive, a new attribute or
 * list element, a broken comment) shows up as a problem.
 */
export function compareRenders(
  benign: unknown,
  hostile: unknown,
): LiteralComparison {
  const problems: string[] = [];
  const valueLiterals: string[] = [];
  const walk = (b: unknown, h: unknown, where: string) => {
    if (typeof b === 'string' && typeof h === 'string') {
      if (b === h) return;
      const hv = literalValue(h);
      if (literalValue(b) === undefined || hv === undefined) {
        problems.push(
          `${where}: depends on the inputs and is not a plain string (${JSON.stringify(
            h,
          )})`,
        );
        return;
      }
      valueLiterals.push(hv);
      return;
    }
    if (Array.isArray(b) && Array.isArray(h)) {
      if (b.length !== h.length) {
        problems.push(`${where}: ${b.length} elements became ${h.length}`);
        return;
      }
      b.forEach((x, i) => walk(x, h[i], `${where}[${i}]`));
      return;
    }
    if (b && h && typeof b === 'object' && typeof h === 'object') {
      const bk = Object.keys(b).sort();
      const hk = Object.keys(h).sort();
      if (JSON.stringify(bk) !== JSON.stringify(hk)) {
        problems.push(
          `${where}: keys ${JSON.stringify(bk)} became ${JSON.stringify(hk)}`,
        );
        return;
      }
      for (const k of bk)
        walk((b as any)[k], (h as any)[k], where ? `${where}.${k}` : k);
      return;
    }
    if (b !== h) {
      problems.push(
        `${where}: ${JSON.stringify(b)} became ${JSON.stringify(h)}`,
      );
    }
  };
  walk(benign, hostile, '');
  return { problems, valueLiterals };
}
