/**
 * Secret detection shared by the Lambda, user-data and variable rules.
 * Functions return what kind of secret was seen, never the value: findings
 * end up in CI logs and PR comments.
 */

/** Names that say "this holds a credential". */
const SECRET_NAME =
  /(^|[_\-.])(pass(word|wd|phrase)?|pwd|secret|token|api[_-]?key|apikey|private[_-]?key|access[_-]?key|secret[_-]?key|credentials?|auth[_-]?key|client[_-]?secret|connection[_-]?string)($|[_\-.])|password|secret|token|apikey/i;

/** Names that match SECRET_NAME but hold no credential. */
const NOT_SECRET_NAME =
  /(_arn|_id|_name|_length|_version|_policy|_rotation|_ttl|_expiry|_file|_path|_type)$/i;

const VALUE_PATTERNS: ReadonlyArray<{ kind: string; re: RegExp }> = [
  { kind: 'AWS access key id', re: /\b(AKIA|ASIA)[0-9A-Z]{16}\b/ },
  {
    kind: 'AWS secret access key',
    re: /aws_?secret_?access_?key\s*[=:]\s*["']?[A-Za-z0-9/+=]{40}/i,
  },
  { kind: 'private key', re: /-----BEGIN ([A-Z]+ )?PRIVATE KEY-----/ },
  { kind: 'GitHub token', re: /\bgh[pousr]_[A-Za-z0-9]{36,}\b/ },
  { kind: 'Slack token', re: /\bxox[baprs]-[A-Za-z0-9-]{10,}/ },
  {
    kind: 'password assignment',
    re: /\b(password|passwd|pwd|secret|token)\s*[=:]\s*["']?(?!\$\{|\$\(|\$[A-Z_])[^\s"'$]{6,}/i,
  },
];

/** Values that reference a secret store rather than being one. */
const REFERENCE_VALUE =
  /^(arn:aws[a-z-]*:(secretsmanager|ssm|kms):|\{\{resolve:|\$\{)/;

export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name) && !NOT_SECRET_NAME.test(name);
}

/** Kinds of secrets found in free text (scripts, templates). */
export function secretKindsInText(text: string): string[] {
  return VALUE_PATTERNS.filter(p => p.re.test(text)).map(p => p.kind);
}

/**
 * Whether a name/value pair is a literal credential: a secret-looking name
 * with a literal value, or a value that matches a credential pattern.
 */
export function secretKindOfPair(
  name: string,
  value: string,
): string | undefined {
  const v = value.trim();
  if (v === '' || REFERENCE_VALUE.test(v)) return undefined;
  // The first matching pattern, as secretKindsInText(v)[0], without its lists.
  for (let i = 0; i < VALUE_PATTERNS.length; i++)
    if (VALUE_PATTERNS[i].re.test(v)) return VALUE_PATTERNS[i].kind;
  return isSecretName(name)
    ? 'literal value for a secret-named key'
    : undefined;
}
