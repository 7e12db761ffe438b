/**
 * Groundwork's suite-wide vocabulary: the permissions its plugins ask the
 * permission framework about, `hclLiteral`, the one way a value is
 * written into Terraform code, the persona catalogue's response, and how
 * the portal writes times.
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
export * from './time';
