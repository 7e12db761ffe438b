/**
 * Groundwork's suite-wide vocabulary: the permissions its plugins ask the
 * permission framework about, and `hclLiteral`, the one way a value is
 * written into Terraform code.
 *
 * @packageDocumentation
 */
export * from './permissions';
export * from './hcl';
