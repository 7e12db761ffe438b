/** Why a document could not be read as a plan. */
export type PlanErrorKind =
  | 'empty'
  | 'too-large'
  | 'not-json'
  | 'truncated'
  | 'not-a-plan'
  | 'unsupported-version';

/**
 * Thrown when input is not a plan the engine can read. The message names
 * what was found and what to do, because it is shown to the user as is.
 */
export class PlanParseError extends Error {
  readonly kind: PlanErrorKind;

  constructor(kind: PlanErrorKind, message: string) {
    super(message);
    this.name = 'PlanParseError';
    this.kind = kind;
  }
}
