/**
 * Groundwork's suite-wide vocabulary: the permissions its plugins ask the
 * permission framework about, `hclLiteral`, the one way a value is
 * written into Terraform code, and the persona catalogue's response.
 *
 * @packageDocumentation
 */
export * from './permissions';
export * from './hcl';
export * from './personas';
export * from './environments';
export * from './annotations';
export * from './argocdLabels';
export * from './expiry';
export * from './previewTeardown';
