import { asStringList, maskHidesAnyAt } from '../../../../plan/values';
import { fail, hiddenUntilApply, pass, resourceRule } from '../../helpers';
import { expectValue, tfDoc } from '../identityAudit/support';

const DOCS = [tfDoc('aws_transfer_server')];
const server = (body: string) =>
  `resource "aws_transfer_server" "sftp" {\n${body}\n}`;
const VPC_SERVER = server(
  '  endpoint_type        = "VPC"\n  protocols            = ["SFTP"]\n  security_policy_name = "TransferSecurityPolicy-2024-01"\n  endpoint_details {\n    vpc_id     = var.vpc_id\n    subnet_ids = var.private_subnet_ids\n  }',
);

export const transferNotPublic = resourceRule(
  {
    id: 'GW-AWS-327',
    title: 'Transfer Family servers use a VPC endpoint',
    severity: 'high',
    resourceTypes: ['aws_transfer_server'],
    rationale:
      'A PUBLIC endpoint cannot carry security groups, so any address on the internet can try logins; ' +
      'a VPC endpoint (internal, or internet-facing with Elastic IPs) is filtered by security groups.',
    remediation: {
      text: 'Set endpoint_type = "VPC" with endpoint_details.',
      terraform: VPC_SERVER,
    },
    references: { checkov: ['CKV_AWS_164'], docs: DOCS },
  },
  (s, ctx) =>
    expectValue(ctx, s, ['endpoint_type'], {
      label: 'endpoint_type',
      compliant: v => v !== 'PUBLIC',
      providerDefault: 'PUBLIC',
      passMessage: 'endpoint_type is not PUBLIC',
      failMessage:
        'endpoint_type is PUBLIC; set it to "VPC" with endpoint_details',
    }),
);

export const transferSecureProtocols = resourceRule(
  {
    id: 'GW-AWS-328',
    title: 'Transfer Family servers do not offer plain FTP',
    severity: 'high',
    resourceTypes: ['aws_transfer_server'],
    rationale:
      'FTP sends passwords and files unencrypted; SFTP and FTPS protect both.',
    remediation: {
      text: 'Set protocols to ["SFTP"] or ["FTPS"].',
      terraform: VPC_SERVER,
    },
    references: { checkov: ['CKV_AWS_357'], docs: DOCS },
  },
  (s, ctx) => {
    const read = ctx.read(s, ['protocols']);
    if (read.state === 'unknown') {
      if (read.configured) return hiddenUntilApply('protocols');
      return pass('protocols is SFTP (provider default)');
    }
    // protocols = [var.protocol]: the list is known, its element is not.
    if (maskHidesAnyAt(s.afterUnknown, ['protocols']))
      return hiddenUntilApply('protocols');
    const protocols = asStringList(read.value);
    if (protocols.length === 0)
      return pass('protocols is SFTP (provider default)');
    return protocols.some(p => p.toUpperCase() === 'FTP')
      ? fail('protocols includes FTP; use SFTP or FTPS')
      : pass(`protocols are ${protocols.join(', ')}`);
  },
);

/**
 * The oldest security policy date accepted: the 2024-01 policies dropped
 * the SHA-1 and CBC algorithms the 2018–2022 policies still offer.
 */
const OLDEST_ACCEPTED = 2024 * 12 + 1;

function policyMonth(name: string): number | undefined {
  const m = /-(\d{4})-(\d{2})(?:-|$)/.exec(name);
  return m ? Number(m[1]) * 12 + Number(m[2]) : undefined;
}

export const transferSecurityPolicy = resourceRule(
  {
    id: 'GW-AWS-329',
    title: 'Transfer Family servers use a current security policy',
    severity: 'medium',
    resourceTypes: ['aws_transfer_server'],
    rationale:
      'The security policy fixes the SSH and TLS algorithms the server accepts; the default ' +
      'TransferSecurityPolicy-2018-11 still allows SHA-1 and CBC ciphers.',
    remediation: {
      text: 'Set security_policy_name to TransferSecurityPolicy-2024-01 or a later (or FIPS) policy.',
      terraform: VPC_SERVER,
    },
    references: { checkov: ['CKV_AWS_380'], docs: DOCS },
  },
  (s, ctx) =>
    expectValue(ctx, s, ['security_policy_name'], {
      label: 'security_policy_name',
      compliant: v =>
        typeof v === 'string' && (policyMonth(v) ?? 0) >= OLDEST_ACCEPTED,
      providerDefault: 'TransferSecurityPolicy-2018-11',
      passMessage: 'security_policy_name is dated 2024-01 or later',
      failMessage:
        'security_policy_name is older than TransferSecurityPolicy-2024-01; use 2024-01 or later',
    }),
);
