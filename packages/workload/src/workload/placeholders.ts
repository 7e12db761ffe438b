/** One piece of a variable's value: text, or an output of a resource. */
export type ValuePart =
  | { kind: 'text'; text: string }
  | { kind: 'output'; resource: string; output: string };

/**
 * Splits a Score variable value into text and `${resources.<id>.<output>}`
 * references. `${metadata.name}` becomes the workload's name; `$${` is
 * Score's escape for a literal `${`. Anything else inside `${...}` is a
 * mistake, reported with what the placeholder may name.
 */
export function parsePlaceholders(
  value: string,
  workloadName: string,
): { parts: ValuePart[]; problems: string[] } {
  const parts: ValuePart[] = [];
  const problems: string[] = [];
  let text = '';
  let i = 0;
  while (i < value.length) {
    if (value.startsWith('$${', i)) {
      text += '${';
      i += 3;
      continue;
    }
    if (!value.startsWith('${', i)) {
      text += value[i];
      i += 1;
      continue;
    }
    const end = value.indexOf('}', i + 2);
    if (end < 0) {
      problems.push(
        `"${value}" opens a placeholder with \${ that never closes; write $\${ for a literal \${`,
      );
      break;
    }
    const ref = value.slice(i + 2, end).split('.');
    if (ref.length === 2 && ref[0] === 'metadata' && ref[1] === 'name') {
      text += workloadName;
    } else if (ref.length === 3 && ref[0] === 'resources') {
      if (text) parts.push({ kind: 'text', text });
      text = '';
      parts.push({ kind: 'output', resource: ref[1], output: ref[2] });
    } else {
      problems.push(
        `\${${ref.join(
          '.',
        )}} is not a placeholder Groundwork resolves: use \${metadata.name} or \${resources.<resource>.<output>}`,
      );
    }
    i = end + 1;
  }
  if (text) parts.push({ kind: 'text', text });
  return { parts, problems };
}
