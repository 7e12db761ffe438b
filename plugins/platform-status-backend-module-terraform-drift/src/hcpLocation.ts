/** `hcp:<organization>/<workspace>`, as `groundwork.dev/terraform-state` names an HCP Terraform workspace. */
const HCP_LOCATION = /^hcp:([A-Za-z0-9_-]+)\/([A-Za-z0-9_-]+)$/;

export function parseHcpLocation(
  location: string,
): { organization: string; workspace: string } | undefined {
  const m = HCP_LOCATION.exec(location.trim());
  return m ? { organization: m[1], workspace: m[2] } : undefined;
}
