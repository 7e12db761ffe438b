import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import { Contract } from '../contract/Contract';
import {
  ContractServer,
  StandInRequest,
  StandInResponse,
} from '../contract/ContractServer';
import { HCP_TERRAFORM_API } from './contract';

const JSON_API = 'application/vnd.api+json';

export interface HcpStandInOptions {
  /** Accepted bearer token. */
  token: string;
  /** The plan document every run produces (a fixture or a derived file). */
  planFile: string;
  /** Outputs the state version holds after an apply. */
  outputs?: Record<
    string,
    { value: unknown; sensitive?: boolean; type?: string }
  >;
  /** Polls of a run spent in each working status (planning, applying). */
  pollsPerStatus?: number;
  planFailure?: boolean;
  applyFailure?: boolean;
  /**
   * An organization token: accepted like `token`, but refused (403) where
   * HashiCorp refuses organization tokens (an assessment's JSON output).
   */
  organizationToken?: string;
}

/** A workspace's latest health assessment, as a test sets it. */
export interface HcpAssessment {
  drifted: boolean;
  succeeded: boolean;
  errorMessage?: string;
  createdAt: string;
  resourcesDrifted?: number;
  resourcesUndrifted?: number;
  /** The assessment's JSON plan (`terraform show -json` of a refresh-only plan). */
  jsonPlan?: unknown;
}

export interface HcpRun {
  id: string;
  workspaceId: string;
  cvId: string;
  status: string;
  attributes: Record<string, unknown>;
  planId: string;
  applyId: string;
  /** Every status the run went through. */
  history: string[];
  comments: string[];
  polls: number;
}

interface Workspace {
  id: string;
  org: string;
  name: string;
  attributes: Record<string, unknown>;
  vars: Map<string, { id: string; attributes: Record<string, unknown> }>;
}

const WORKING = ['pending', 'plan_queued', 'planning'];
const APPLYING = ['confirmed', 'apply_queued', 'applying'];

/**
 * A local HCP Terraform: the API (JSON:API, every request checked against
 * HCP_TERRAFORM_API, its content type and token) and an "archivist" server
 * for what the API hands out as pre-signed URLs (configuration upload, logs,
 * plan JSON). Runs move one status per poll, as a real run does between
 * polls, so tests see planning, confirmation, applying and cancellation.
 */
export class HcpStandIn {
  readonly api: ContractServer;
  readonly workspaces = new Map<string, Workspace>();
  readonly runs = new Map<string, HcpRun>();
  readonly uploads = new Map<string, Buffer>();
  /** Requests to the archivist: uploads and log reads, with their headers. */
  readonly archivistCalls: Array<{
    method: string;
    path: string;
    authorization?: string;
  }> = [];
  private archivist?: http.Server;
  private archivistUrl = '';
  private readonly cvs = new Map<
    string,
    {
      id: string;
      workspaceId: string;
      status: string;
      attributes: Record<string, unknown>;
    }
  >();
  private stateVersion?: {
    id: string;
    runId: string;
    outputs: HcpStandInOptions['outputs'];
  };
  private seq = 0;
  /** Latest health assessment per workspace id (absent: assessments off). */
  private readonly assessments = new Map<
    string,
    HcpAssessment & { id: string }
  >();

  constructor(public options: HcpStandInOptions) {
    this.api = new ContractServer({
      contract: new Contract('HCP Terraform', HCP_TERRAFORM_API),
      authenticate: req =>
        req.headers.authorization === `Bearer ${this.options.token}` ||
        (this.options.organizationToken !== undefined &&
          req.headers.authorization ===
            `Bearer ${this.options.organizationToken}`)
          ? undefined
          : this.error(401, 'unauthorized'),
      checkRequest: req => {
        const problems: string[] = [];
        if (req.body !== undefined) {
          const type = String(req.headers['content-type'] ?? '');
          if (!type.startsWith(JSON_API)) {
            problems.push(
              `${req.operationId}: content-type must be ${JSON_API}, got "${type}"`,
            );
          }
        }
        return problems;
      },
      errorBody: (status, message) => ({
        errors: [{ status: String(status), title: message }],
      }),
      handlers: this.handlers(),
    });
  }

  get url(): string {
    return this.api.url;
  }

  async start(): Promise<this> {
    await this.api.start();
    this.archivist = http.createServer((req, res) =>
      this.serveArchivist(req, res),
    );
    await new Promise<void>(r => this.archivist!.listen(0, '127.0.0.1', r));
    this.archivistUrl = `http://127.0.0.1:${
      (this.archivist.address() as AddressInfo).port
    }`;
    return this;
  }

  async stop() {
    await this.api.stop();
    this.archivist?.closeAllConnections();
    await new Promise<void>(r =>
      this.archivist ? this.archivist.close(() => r()) : r(),
    );
  }

  /**
   * Adds a workspace (as if created in the UI), with health assessments off
   * until `setAssessment` gives it one.
   */
  addWorkspace(
    org: string,
    name: string,
    attributes: Record<string, unknown> = {},
  ) {
    const ws: Workspace = {
      id: this.id('ws'),
      org,
      name,
      attributes: {
        'auto-apply': false,
        'execution-mode': 'remote',
        'assessments-enabled': false,
        ...attributes,
      },
      vars: new Map(),
    };
    this.workspaces.set(ws.id, ws);
    return ws;
  }

  /** The workspace's latest health assessment, as HCP Terraform would have run it. */
  setAssessment(org: string, name: string, assessment: HcpAssessment) {
    const ws = [...this.workspaces.values()].find(
      w => w.org === org && w.name === name,
    );
    if (!ws) throw new Error(`No workspace ${org}/${name} in the stand-in`);
    ws.attributes['assessments-enabled'] = true;
    const id = this.id('asmtres');
    this.assessments.set(ws.id, { ...assessment, id });
    return id;
  }

  /** File names inside an uploaded configuration (.tar.gz), to assert on what was sent. */
  uploadedFiles(cvId: string): string[] {
    const archive = this.uploads.get(cvId);
    if (!archive) return [];
    const tar = zlib.gunzipSync(archive);
    const names: string[] = [];
    for (let offset = 0; offset + 512 <= tar.length; ) {
      const header = tar.subarray(offset, offset + 512);
      if (header.every(b => b === 0)) break;
      const name = header
        .subarray(0, 100)
        .toString('utf8')
        .replace(/\0.*$/s, '');
      const prefix = header
        .subarray(345, 500)
        .toString('utf8')
        .replace(/\0.*$/s, '');
      const size = parseInt(
        header.subarray(124, 136).toString('utf8').trim() || '0',
        8,
      );
      const kind = String.fromCharCode(header[156]);
      if (kind === '0' || kind === '\0')
        names.push(prefix ? `${prefix}/${name}` : name);
      offset += 512 + Math.ceil(size / 512) * 512;
    }
    return names.map(n => n.replace(/^\.\//, '')).sort();
  }

  /** The file contents of an uploaded configuration, joined, to search for secrets. */
  uploadedText(cvId: string): string {
    const archive = this.uploads.get(cvId);
    return archive ? zlib.gunzipSync(archive).toString('latin1') : '';
  }

  private id(prefix: string) {
    this.seq++;
    return `${prefix}-${crypto.randomBytes(8).toString('hex').slice(0, 12)}${
      this.seq
    }`;
  }

  private error(status: number, title: string): StandInResponse {
    return { status, body: { errors: [{ status: String(status), title }] } };
  }

  private workspaceDoc(ws: Workspace) {
    return {
      data: {
        id: ws.id,
        type: 'workspaces',
        attributes: { name: ws.name, ...ws.attributes },
        links: {
          self: `/api/v2/organizations/${ws.org}/workspaces/${ws.name}`,
        },
      },
    };
  }

  private runDoc(run: HcpRun) {
    const s = run.status;
    return {
      data: {
        id: run.id,
        type: 'runs',
        attributes: {
          ...run.attributes,
          status: s,
          'has-changes': true,
          actions: {
            'is-cancelable': WORKING.includes(s) || APPLYING.includes(s),
            'is-confirmable': s === 'planned',
            'is-discardable': s === 'planned' || s === 'pending',
            'is-force-cancelable': false,
          },
        },
        relationships: {
          workspace: { data: { id: run.workspaceId, type: 'workspaces' } },
          'configuration-version': {
            data: { id: run.cvId, type: 'configuration-versions' },
          },
          plan: { data: { id: run.planId, type: 'plans' } },
          apply: { data: { id: run.applyId, type: 'applies' } },
        },
        links: { self: `/api/v2/runs/${run.id}` },
      },
    };
  }

  /** One poll moves a run one status on (after pollsPerStatus polls). */
  private advance(run: HcpRun) {
    run.polls++;
    if (run.polls < (this.options.pollsPerStatus ?? 1)) return;
    run.polls = 0;
    const next: Record<string, string | undefined> = {
      pending: 'plan_queued',
      plan_queued: 'planning',
      planning: this.afterPlanning(run),
      confirmed: 'apply_queued',
      apply_queued: 'applying',
      applying: this.options.applyFailure ? 'errored' : 'applied',
    };
    const to = next[run.status];
    if (!to) return;
    this.setStatus(run, to);
  }

  private afterPlanning(run: HcpRun): string {
    if (this.options.planFailure) return 'errored';
    if (run.attributes['plan-only']) return 'planned_and_finished';
    // An auto-applied run does not wait in "planned" for a confirmation.
    return run.attributes['auto-apply'] ? 'confirmed' : 'planned';
  }

  /**
   * What HCP Terraform does on a VCS push webhook (GitHub's `push` event to a
   * connected repository): every workspace connected to that repository and
   * branch gets a configuration version from the commit and a run, unless
   * file triggers are on and no changed file is under its working
   * directory or a trigger prefix. Returns the runs queued.
   */
  receiveVcsPush(push: {
    identifier: string;
    branch: string;
    sha: string;
    changedFiles: string[];
  }): HcpRun[] {
    const queued: HcpRun[] = [];
    for (const ws of this.workspaces.values()) {
      const vcs = ws.attributes['vcs-repo'] as
        | { identifier?: string; branch?: string }
        | undefined;
      if (!vcs || vcs.identifier !== push.identifier) continue;
      if ((vcs.branch || 'main') !== push.branch) continue;
      if (ws.attributes['file-triggers-enabled'] !== false) {
        const dir = String(ws.attributes['working-directory'] ?? '');
        const prefixes = [
          ...(dir ? [dir] : []),
          ...((ws.attributes['trigger-prefixes'] as string[]) ?? []),
        ].map(p => `${p.replace(/\/+$/, '')}/`);
        if (
          prefixes.length > 0 &&
          !push.changedFiles.some(f => prefixes.some(p => f.startsWith(p)))
        ) {
          continue;
        }
      }
      queued.push(
        this.queueRun(ws, this.vcsConfigurationVersion(ws, push.sha), {
          message: `Merged ${push.sha.slice(0, 7)}`,
          source: 'tfe-configuration-version',
        }),
      );
    }
    return queued;
  }

  /** Runs of the workspace of that name, oldest first. */
  runsOf(name: string): HcpRun[] {
    const ws = [...this.workspaces.values()].find(w => w.name === name);
    return ws
      ? [...this.runs.values()].filter(r => r.workspaceId === ws.id)
      : [];
  }

  /** A configuration version HCP Terraform ingressed from the connected repository. */
  private vcsConfigurationVersion(ws: Workspace, sha?: string): string {
    const id = this.id('cv');
    this.cvs.set(id, {
      id,
      workspaceId: ws.id,
      status: 'uploaded',
      attributes: {
        source: 'github',
        speculative: false,
        'auto-queue-runs': true,
        ...(sha && { 'ingress-attributes': { 'commit-sha': sha } }),
      },
    });
    return id;
  }

  private queueRun(
    ws: Workspace,
    cvId: string,
    attributes: Record<string, unknown>,
  ): HcpRun {
    const run: HcpRun = {
      id: this.id('run'),
      workspaceId: ws.id,
      cvId,
      status: 'pending',
      attributes: {
        'plan-only': false,
        'is-destroy': false,
        'auto-apply': Boolean(ws.attributes['auto-apply']),
        ...attributes,
      },
      planId: this.id('plan'),
      applyId: this.id('apply'),
      history: ['pending'],
      comments: [],
      polls: 0,
    };
    this.runs.set(run.id, run);
    return run;
  }

  private setStatus(run: HcpRun, status: string) {
    run.status = status;
    run.history.push(status);
    if (status === 'applied') {
      this.stateVersion = {
        id: this.id('sv'),
        runId: run.id,
        outputs: this.options.outputs ?? {},
      };
    }
  }

  private planLog(run: HcpRun): string {
    const doc = JSON.parse(fs.readFileSync(this.options.planFile, 'utf8'));
    const lines = [
      'Terraform v1.9.5',
      'on linux_amd64',
      'Initializing plugins and modules...',
    ];
    for (const rc of doc.resource_changes ?? []) {
      if (rc.change.actions.includes('create'))
        lines.push(`  # ${rc.address} will be created`);
    }
    lines.push(
      `Plan: ${
        (doc.resource_changes ?? []).length
      } to add, 0 to change, 0 to destroy.`,
    );
    const done = !WORKING.includes(run.status);
    if (this.options.planFailure && run.status === 'errored') {
      lines.push('Error: Invalid provider configuration');
    }
    return `\x02${lines.join('\n')}\n${done ? '\x03' : ''}`;
  }

  private applyLog(run: HcpRun): string {
    const doc = JSON.parse(fs.readFileSync(this.options.planFile, 'utf8'));
    const lines: string[] = [];
    const done = ['applied', 'errored', 'canceled'].includes(run.status);
    for (const rc of doc.resource_changes ?? []) {
      lines.push(`${rc.address}: Creating...`);
      if (done && run.status === 'applied') {
        lines.push(`${rc.address}: Creation complete after 1s [id=${rc.name}]`);
      }
    }
    if (run.status === 'applied')
      lines.push('Apply complete! Resources: added.');
    return `\x02${lines.join('\n')}\n${done ? '\x03' : ''}`;
  }

  private serveArchivist(req: http.IncomingMessage, res: http.ServerResponse) {
    const url = new URL(req.url ?? '/', this.archivistUrl);
    this.archivistCalls.push({
      method: req.method ?? 'GET',
      path: url.pathname,
      authorization: req.headers.authorization,
    });
    const chunks: Buffer[] = [];
    req.on('data', c => chunks.push(c));
    req.on('end', () => {
      const [, kind, id] = url.pathname.split('/');
      if (req.method === 'PUT' && kind === 'upload') {
        const cv = this.cvs.get(id);
        if (!cv || req.headers['content-type'] !== 'application/octet-stream') {
          res.writeHead(400).end();
          return;
        }
        this.uploads.set(id, Buffer.concat(chunks));
        cv.status = 'uploaded';
        res.writeHead(200).end();
        return;
      }
      const run = [...this.runs.values()].find(
        r => r.planId === id || r.applyId === id,
      );
      let text: string | undefined;
      if (kind === 'plan-log' && run) text = this.planLog(run);
      if (kind === 'apply-log' && run) text = this.applyLog(run);
      if (kind === 'plan-json' && run)
        text = fs.readFileSync(this.options.planFile, 'utf8');
      if (text === undefined) {
        res.writeHead(404).end();
        return;
      }
      const bytes = Buffer.from(text, 'utf8');
      const offset = Number(url.searchParams.get('offset') ?? 0);
      const limit = Number(url.searchParams.get('limit') ?? bytes.length);
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(bytes.subarray(offset, offset + limit));
    });
  }

  private handlers(): Record<string, (req: StandInRequest) => StandInResponse> {
    const body = (req: StandInRequest) => (req.body as any)?.data ?? {};
    const runOf = (req: StandInRequest) => this.runs.get(req.pathParams.run_id);
    const act =
      (allowed: (run: HcpRun) => boolean, to: (run: HcpRun) => string) =>
      (req: StandInRequest): StandInResponse => {
        const run = runOf(req);
        if (!run) return this.error(404, 'run not found');
        if (!allowed(run))
          return this.error(409, `transition not allowed from ${run.status}`);
        run.comments.push(String((req.body as any)?.comment ?? ''));
        this.setStatus(run, to(run));
        return { status: 202 };
      };
    return {
      showWorkspace: req => {
        const ws = [...this.workspaces.values()].find(
          w =>
            w.org === req.pathParams.organization_name &&
            w.name === req.pathParams.name,
        );
        return ws
          ? { status: 200, body: this.workspaceDoc(ws) }
          : this.error(404, 'not found');
      },
      createWorkspace: req => {
        const attrs = body(req).attributes;
        const ws: Workspace = {
          id: this.id('ws'),
          org: req.pathParams.organization_name,
          name: attrs.name,
          attributes: {
            'auto-apply': false,
            'execution-mode': 'remote',
            ...attrs,
          },
          vars: new Map(),
        };
        this.workspaces.set(ws.id, ws);
        return { status: 201, body: this.workspaceDoc(ws) };
      },
      listWorkspaceVars: req => {
        const ws = this.workspaces.get(req.pathParams.workspace_id);
        if (!ws) return this.error(404, 'not found');
        return {
          status: 200,
          body: {
            data: [...ws.vars.values()].map(v => ({
              id: v.id,
              type: 'vars',
              attributes: {
                ...v.attributes,
                // The API never returns the value of a sensitive variable.
                value: v.attributes.sensitive ? null : v.attributes.value,
              },
            })),
          },
        };
      },
      createWorkspaceVar: req => {
        const ws = this.workspaces.get(req.pathParams.workspace_id);
        if (!ws) return this.error(404, 'not found');
        const attrs = body(req).attributes;
        if ([...ws.vars.values()].some(v => v.attributes.key === attrs.key)) {
          return this.error(422, 'Key has already been taken');
        }
        const v = {
          id: this.id('var'),
          attributes: { hcl: false, sensitive: false, ...attrs },
        };
        ws.vars.set(v.id, v);
        return {
          status: 201,
          body: { data: { id: v.id, type: 'vars', attributes: v.attributes } },
        };
      },
      updateWorkspaceVar: req => {
        const ws = this.workspaces.get(req.pathParams.workspace_id);
        const v = ws?.vars.get(req.pathParams.variable_id);
        if (!v) return this.error(404, 'not found');
        Object.assign(v.attributes, body(req).attributes);
        return {
          status: 200,
          body: { data: { id: v.id, type: 'vars', attributes: v.attributes } },
        };
      },
      createConfigurationVersion: req => {
        const ws = this.workspaces.get(req.pathParams.workspace_id);
        if (!ws) return this.error(404, 'not found');
        const id = this.id('cv');
        const attrs = {
          'auto-queue-runs': true,
          speculative: false,
          ...body(req).attributes,
        };
        this.cvs.set(id, {
          id,
          workspaceId: ws.id,
          status: 'pending',
          attributes: attrs,
        });
        return {
          status: 201,
          body: {
            data: {
              id,
              type: 'configuration-versions',
              attributes: {
                ...attrs,
                status: 'pending',
                'upload-url': `${this.archivistUrl}/upload/${id}`,
              },
            },
          },
        };
      },
      showConfigurationVersion: req => {
        const cv = this.cvs.get(req.pathParams.configuration_id);
        if (!cv) return this.error(404, 'not found');
        return {
          status: 200,
          body: {
            data: {
              id: cv.id,
              type: 'configuration-versions',
              attributes: { ...cv.attributes, status: cv.status },
            },
          },
        };
      },
      createRun: req => {
        const data = body(req);
        const ws = this.workspaces.get(data.relationships.workspace.data.id);
        const cvId = data.relationships['configuration-version']?.data?.id;
        // Without a configuration version, a VCS-connected workspace runs
        // the branch's latest commit (Runs API, "Create a Run").
        let cv = cvId ? this.cvs.get(cvId) : undefined;
        if (!cvId && ws?.attributes['vcs-repo']) {
          cv = this.cvs.get(this.vcsConfigurationVersion(ws));
        }
        if (!ws || !cv)
          return this.error(
            404,
            'workspace or configuration version not found',
          );
        if (cv.status !== 'uploaded')
          return this.error(422, 'configuration version is not uploaded');
        if (cv.attributes.speculative && !data.attributes['plan-only']) {
          return this.error(
            422,
            'a speculative configuration version can only be used for plan-only runs',
          );
        }
        const run = this.queueRun(ws, cv.id, {
          ...data.attributes,
          source: 'tfe-api',
        });
        return { status: 201, body: this.runDoc(run) };
      },
      getRun: req => {
        const run = runOf(req);
        if (!run) return this.error(404, 'not found');
        this.advance(run);
        return { status: 200, body: this.runDoc(run) };
      },
      applyRun: act(
        r => r.status === 'planned',
        () => 'confirmed',
      ),
      discardRun: act(
        r => r.status === 'planned' || r.status === 'pending',
        () => 'discarded',
      ),
      cancelRun: act(
        r => WORKING.includes(r.status) || APPLYING.includes(r.status),
        () => 'canceled',
      ),
      forceCancelRun: act(
        () => false,
        () => 'force_canceled',
      ),
      showPlan: req => {
        const run = [...this.runs.values()].find(
          r => r.planId === req.pathParams.plan_id,
        );
        if (!run) return this.error(404, 'not found');
        return {
          status: 200,
          body: {
            data: {
              id: run.planId,
              type: 'plans',
              attributes: {
                status: WORKING.includes(run.status) ? 'running' : 'finished',
                'log-read-url': `${this.archivistUrl}/plan-log/${run.planId}`,
              },
              links: {
                'json-output': `/api/v2/plans/${run.planId}/json-output`,
              },
            },
          },
        };
      },
      currentAssessmentResult: req => {
        const a = this.assessments.get(req.pathParams.workspace_id);
        if (!a) return this.error(404, 'not found');
        return {
          status: 200,
          body: {
            data: {
              id: a.id,
              type: 'assessment-results',
              attributes: {
                drifted: a.drifted,
                succeeded: a.succeeded,
                'error-msg': a.errorMessage ?? null,
                'created-at': a.createdAt,
                'resources-drifted': a.resourcesDrifted ?? 0,
                'resources-undrifted': a.resourcesUndrifted ?? 0,
              },
              links: {
                self: `/api/v2/assessment-results/${a.id}/`,
                'json-output': `/api/v2/assessment-results/${a.id}/json-output`,
                'json-schema': `/api/v2/assessment-results/${a.id}/json-schema`,
                'log-output': `/api/v2/assessment-results/${a.id}/log-output`,
              },
            },
          },
        };
      },
      assessmentJsonOutput: req => {
        if (
          this.options.organizationToken !== undefined &&
          req.headers.authorization ===
            `Bearer ${this.options.organizationToken}`
        ) {
          return this.error(403, 'forbidden');
        }
        const a = [...this.assessments.values()].find(
          x => x.id === req.pathParams.assessment_result_id,
        );
        if (!a || a.jsonPlan === undefined) return this.error(404, 'not found');
        return { status: 200, body: a.jsonPlan };
      },
      planJsonOutput: req => {
        const run = [...this.runs.values()].find(
          r => r.planId === req.pathParams.plan_id,
        );
        if (!run) return this.error(422, 'no plan');
        if (WORKING.includes(run.status)) return { status: 204 };
        return {
          status: 307,
          headers: { location: `${this.archivistUrl}/plan-json/${run.planId}` },
        };
      },
      showApply: req => {
        const run = [...this.runs.values()].find(
          r => r.applyId === req.pathParams.apply_id,
        );
        if (!run) return this.error(404, 'not found');
        return {
          status: 200,
          body: {
            data: {
              id: run.applyId,
              type: 'applies',
              attributes: {
                status: run.status === 'applied' ? 'finished' : 'running',
                'log-read-url': `${this.archivistUrl}/apply-log/${run.applyId}`,
              },
            },
          },
        };
      },
      currentStateVersion: () => {
        const sv = this.stateVersion;
        if (!sv) return this.error(404, 'no state');
        const outputs = Object.entries(sv.outputs ?? {}).map(
          ([name, o], i) => ({
            id: `wsout-${i}`,
            type: 'state-version-outputs',
            attributes: {
              name,
              sensitive: Boolean(o.sensitive),
              type: o.type ?? 'string',
              // Sensitive values are hidden in this listing, as the real API does.
              value: o.sensitive ? null : o.value,
            },
          }),
        );
        return {
          status: 200,
          body: {
            data: {
              id: sv.id,
              type: 'state-versions',
              attributes: { serial: 1, 'resources-processed': true },
              relationships: {
                run: { data: { id: sv.runId, type: 'runs' } },
                outputs: {
                  data: outputs.map(o => ({ id: o.id, type: o.type })),
                },
              },
            },
            included: outputs,
          },
        };
      },
    };
  }
}
