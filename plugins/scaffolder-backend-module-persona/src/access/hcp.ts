import { ConflictError, ResponseError } from '@backstage/errors';
import { AccessReconcileConfig } from './config';

const JSON_API = 'application/vnd.api+json';

export type HcpSettings = NonNullable<AccessReconcileConfig['terraform']>;

/** What ensuring one IAM workspace did. */
export interface WorkspaceOutcome {
  cloud: string;
  workspace: string;
  workingDirectory: string;
  status: 'created' | 'unchanged';
  /** The first run, queued when the workspace was created. */
  runId?: string;
}

async function call<T>(
  settings: HcpSettings,
  method: string,
  path: string,
  body?: unknown,
  signal?: AbortSignal,
): Promise<{ status: number; data?: T }> {
  const response = await fetch(`${settings.baseUrl}/api/v2${path}`, {
    method,
    headers: {
      authorization: `Bearer ${settings.token}`,
      accept: JSON_API,
      ...(body !== undefined && { 'content-type': JSON_API }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal,
  });
  if (response.status === 404 && method === 'GET') {
    await response.body?.cancel();
    return { status: 404 };
  }
  if (!response.ok) throw await ResponseError.fromResponse(response);
  const text = await response.text();
  return { status: response.status, data: text ? JSON.parse(text) : undefined };
}

/**
 * One HCP Terraform workspace per cloud folder (`iam/aws`, …) of the access
 * repository, connected to it (VCS-driven): HCP Terraform runs on every
 * merge that changes the folder, and applies with `autoApply` (the pull
 * request was the review). A new workspace gets its first run queued here,
 * since connecting a repository starts none. An existing workspace of that
 * name connected elsewhere is someone else's: refused, never changed.
 */
export async function ensureIamWorkspace(options: {
  settings: HcpSettings;
  cloud: string;
  identifier: string;
  branch: string;
  signal?: AbortSignal;
}): Promise<WorkspaceOutcome> {
  const { settings, cloud, identifier, branch, signal } = options;
  const name = settings.workspaceName.replace('{cloud}', cloud);
  const workingDirectory = `iam/${cloud}`;
  const org = encodeURIComponent(settings.organization);
  const existing = await call<any>(
    settings,
    'GET',
    `/organizations/${org}/workspaces/${encodeURIComponent(name)}`,
    undefined,
    signal,
  );
  if (existing.data) {
    const attributes = existing.data.data.attributes;
    const vcs = attributes['vcs-repo'];
    if (
      vcs?.identifier !== identifier ||
      (attributes['working-directory'] ?? '') !== workingDirectory
    ) {
      throw new ConflictError(
        `HCP Terraform workspace ${settings.organization}/${name} exists but is not connected to ${identifier} with working directory ${workingDirectory}; connect it so (Settings → Version Control), or set groundwork.persona.access.terraform.workspaceName to a free name.`,
      );
    }
    return { cloud, workspace: name, workingDirectory, status: 'unchanged' };
  }
  const created = await call<any>(
    settings,
    'POST',
    `/organizations/${org}/workspaces`,
    {
      data: {
        type: 'workspaces',
        attributes: {
          name,
          description: `Access as code: ${workingDirectory} of ${identifier}, applied on merge`,
          'auto-apply': settings.autoApply,
          'execution-mode': 'remote',
          'working-directory': workingDirectory,
          'file-triggers-enabled': true,
          'trigger-prefixes': [workingDirectory],
          'vcs-repo': {
            identifier,
            branch,
            ...(settings.vcs.oauthTokenId && {
              'oauth-token-id': settings.vcs.oauthTokenId,
            }),
            ...(settings.vcs.githubAppInstallationId && {
              'github-app-installation-id':
                settings.vcs.githubAppInstallationId,
            }),
          },
        },
      },
    },
    signal,
  );
  const workspaceId = created.data.data.id;
  const run = await call<any>(
    settings,
    'POST',
    '/runs',
    {
      data: {
        type: 'runs',
        attributes: {
          message: `Groundwork: first apply of ${workingDirectory} from ${identifier}@${branch}`,
        },
        relationships: {
          workspace: { data: { type: 'workspaces', id: workspaceId } },
        },
      },
    },
    signal,
  );
  return {
    cloud,
    workspace: name,
    workingDirectory,
    status: 'created',
    runId: run.data?.data?.id,
  };
}
