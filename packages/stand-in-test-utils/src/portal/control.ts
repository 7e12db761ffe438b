/**
 * The stand-ins program's control endpoint: what a test in another process
 * needs to play the world outside the portal where no real API can, such as
 * a workload turning Degraded in a cluster Argo CD watches. It is not part of
 * any stand-in's contract (nothing the portal calls), listens on loopback
 * only, and answers only this run's random token.
 *
 *   POST /argocd/applications/{name}/rollout  { steps, namespace? }
 *     the steps the app plays from its next read on (`setRollout`)
 *   POST /argocd/next-rollout                 { steps }
 *     the steps the next created or changed app, sync or rollback plays
 *     (`nextRollout`)
 *   POST /github/repos/{owner}/{repo}/push    { branch, files, message }
 *     a commit someone outside the portal pushes, such as CI's deploy job
 *     pinning a new image in the dev overlay (`files`: path → text, or
 *     null to delete)
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ArgoCdStandIn, RolloutStep } from '../argocd';
import type { HostedRepos } from '../github/hostedRepos';

const SYNC = ['Synced', 'OutOfSync', 'Unknown'];
const HEALTH = [
  'Healthy',
  'Progressing',
  'Degraded',
  'Suspended',
  'Missing',
  'Unknown',
];
const PHASES = ['Running', 'Terminating', 'Failed', 'Error', 'Succeeded'];

class ControlError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

/** Steps as a test sends them, held to the values Argo CD reports. */
function parseSteps(value: unknown): RolloutStep[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new ControlError(
      400,
      'steps must be a non-empty array of { sync, health, healthMessage?, phase?, operationMessage? }.',
    );
  }
  return value.map((step, i) => {
    const s = step as Partial<RolloutStep>;
    const bad = [
      !SYNC.includes(s?.sync as string) && `sync (one of ${SYNC.join(', ')})`,
      !HEALTH.includes(s?.health as string) &&
        `health (one of ${HEALTH.join(', ')})`,
      s?.phase !== undefined &&
        !PHASES.includes(s.phase) &&
        `phase (one of ${PHASES.join(', ')})`,
    ].filter(Boolean);
    if (bad.length > 0) {
      throw new ControlError(400, `steps[${i}]: bad ${bad.join(', ')}.`);
    }
    return {
      sync: s.sync!,
      health: s.health!,
      ...(typeof s.healthMessage === 'string' && {
        healthMessage: s.healthMessage,
      }),
      ...(s.phase && { phase: s.phase }),
      ...(typeof s.operationMessage === 'string' && {
        operationMessage: s.operationMessage,
      }),
    };
  });
}

async function readJson(req: http.IncomingMessage): Promise<any> {
  let body = '';
  for await (const chunk of req) {
    body += chunk;
    if (body.length > 100_000) throw new ControlError(413, 'Body too large.');
  }
  try {
    return body ? JSON.parse(body) : {};
  } catch {
    throw new ControlError(400, 'The body must be JSON.');
  }
}

export interface ControlEndpoint {
  url: string;
  token: string;
  stop(): Promise<void>;
}

/** A push as a test sends it: text files only, under a branch that exists. */
function parsePush(value: any): {
  branch: string;
  files: Record<string, string | null>;
  message: string;
} {
  const files = value?.files;
  const bad = [
    (typeof value?.branch !== 'string' || !value.branch) && 'branch',
    (typeof value?.message !== 'string' || !value.message) && 'message',
    (!files ||
      typeof files !== 'object' ||
      Array.isArray(files) ||
      Object.keys(files).length === 0 ||
      Object.entries(files).some(
        ([path, text]) =>
          !path ||
          path.startsWith('/') ||
          path.split('/').includes('..') ||
          (text !== null && typeof text !== 'string'),
      )) &&
      'files (relative path → text or null)',
  ].filter(Boolean);
  if (bad.length > 0)
    throw new ControlError(400, `push: bad ${bad.join(', ')}.`);
  return { branch: value.branch, files, message: value.message };
}

export async function startControl(options: {
  argocd: ArgoCdStandIn;
  /** The GitHub stand-in's repositories, for pushes from outside the portal. */
  repos?: HostedRepos;
}): Promise<ControlEndpoint> {
  const token = randomBytes(24).toString('hex');
  const expected = Buffer.from(`Bearer ${token}`);
  const server = http.createServer(async (req, res) => {
    const answer = (status: number, body: object) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    try {
      const given = Buffer.from(req.headers.authorization ?? '');
      if (given.length !== expected.length || !timingSafeEqual(given, expected))
        throw new ControlError(401, 'Unknown token.');
      const url = new URL(req.url ?? '/', 'http://control');
      const rollout = url.pathname.match(
        /^\/argocd\/applications\/([^/]+)\/rollout$/,
      );
      if (req.method === 'POST' && rollout) {
        const body = await readJson(req);
        const steps = parseSteps(body.steps);
        try {
          options.argocd.setRollout(
            decodeURIComponent(rollout[1]),
            steps,
            ...(typeof body.namespace === 'string' ? [body.namespace] : []),
          );
        } catch (error) {
          throw new ControlError(404, (error as Error).message);
        }
        answer(200, { steps });
        return;
      }
      const push = url.pathname.match(
        /^\/github\/repos\/([^/]+)\/([^/]+)\/push$/,
      );
      if (req.method === 'POST' && push && options.repos) {
        const { branch, files, message } = parsePush(await readJson(req));
        const [owner, repo] = push.slice(1).map(decodeURIComponent);
        if (
          !options.repos.repo(owner, repo) ||
          !options.repos.branchHead(owner, repo, branch)
        ) {
          throw new ControlError(
            404,
            `No branch ${branch} in ${owner}/${repo}.`,
          );
        }
        const commit = options.repos.push(owner, repo, branch, files, message);
        answer(200, { sha: commit.sha });
        return;
      }
      if (req.method === 'POST' && url.pathname === '/argocd/next-rollout') {
        const steps = parseSteps((await readJson(req)).steps);
        options.argocd.nextRollout(steps);
        answer(200, { steps });
        return;
      }
      throw new ControlError(
        404,
        `No control at ${req.method} ${url.pathname}.`,
      );
    } catch (error) {
      const status = error instanceof ControlError ? error.status : 500;
      answer(status, { error: (error as Error).message });
    }
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    token,
    stop: () =>
      new Promise<void>(resolve => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
