import { hclLiteral } from '@groundwork/plugin-groundwork-common';

/**
 * Just enough HCL to write Terraform that `terraform fmt` would leave
 * alone: blocks with labels, attributes aligned on `=`, strings written by
 * the suite's one escaper (`hclLiteral`), so that no input can open an
 * interpolation (`${`) or a directive (`%{`), or leave its quotes.
 */

class HclExpression {
  constructor(readonly text: string) {}
}

/** A Terraform expression written as is (a reference, a function call). */
export function hclExpr(text: string): HclExpression {
  return new HclExpression(text);
}

type HclValue = string | number | boolean | HclExpression | HclValue[];

export interface HclBlock {
  type: string;
  labels?: string[];
  body: Array<HclAttribute | HclBlock>;
}

type HclAttribute = [name: string, value: HclValue];

function renderValue(value: HclValue): string {
  if (value instanceof HclExpression) return value.text;
  if (Array.isArray(value)) return `[${value.map(renderValue).join(', ')}]`;
  return hclLiteral(value);
}

/** A Terraform identifier from arbitrary parts: `ada-l`, `dev` → `ada_l_dev`. */
export function hclIdentifier(...parts: string[]): string {
  const id = parts
    .join('_')
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')
    .replace(/_+/g, '_')
    .replace(/^_|_$/g, '');
  return /^[a-z_]/.test(id) ? id : `_${id}`;
}

function renderBlock(block: HclBlock, indent: string): string {
  const labels = (block.labels ?? []).map(l => ` ${hclLiteral(l)}`).join('');
  if (block.body.length === 0) return `${indent}${block.type}${labels} {}`;
  const inner = `${indent}  `;
  const lines: string[] = [];
  // terraform fmt aligns `=` across a run of consecutive attributes.
  let run: HclAttribute[] = [];
  const flush = () => {
    const width = Math.max(...run.map(([name]) => name.length));
    for (const [name, value] of run) {
      lines.push(`${inner}${name.padEnd(width)} = ${renderValue(value)}`);
    }
    run = [];
  };
  block.body.forEach((item, i) => {
    if (Array.isArray(item)) {
      run.push(item);
      return;
    }
    if (run.length) flush();
    if (i > 0) lines.push('');
    lines.push(renderBlock(item, inner));
  });
  if (run.length) flush();
  return `${indent}${block.type}${labels} {\n${lines.join('\n')}\n${indent}}`;
}

/** A Terraform file: a header comment, then the blocks. */
export function renderHcl(header: string[], blocks: HclBlock[]): string {
  const comment = header
    .map(line => `# ${line.replace(/[\r\n]+/g, ' ')}`.trimEnd())
    .join('\n');
  return `${comment}\n\n${blocks.map(b => renderBlock(b, '')).join('\n\n')}\n`;
}
