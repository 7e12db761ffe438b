/**
 * Whether `text` matches `pattern`, where `*` matches any run of characters
 * and `?` one character. No regular expression is built from the pattern
 * (it is user input), and the greedy two-pointer walk never backtracks more
 * than once per star, so a hostile pattern costs at most text × pattern steps.
 */
export function globMatches(pattern: string, text: string): boolean {
  let p = 0;
  let t = 0;
  let star = -1;
  let resume = 0;
  while (t < text.length) {
    if (p < pattern.length && (pattern[p] === '?' || pattern[p] === text[t])) {
      p++;
      t++;
    } else if (p < pattern.length && pattern[p] === '*') {
      star = p++;
      resume = t;
    } else if (star >= 0) {
      p = star + 1;
      t = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.length && pattern[p] === '*') p++;
  return p === pattern.length;
}
