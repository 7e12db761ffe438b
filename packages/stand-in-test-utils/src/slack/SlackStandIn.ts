import http from 'node:http';
import { AddressInfo } from 'node:net';

/** One message the stand-in accepted, as Slack would store it. */
export interface SlackMessage {
  channel: string;
  ts: string;
  text?: string;
  blocks?: unknown[];
  /** Secondary attachments (the Slack processor puts its blocks in one). */
  attachments?: unknown[];
  username?: string;
  /** The method that wrote it last: chat.postMessage or chat.update. */
  method: 'chat.postMessage' | 'chat.update';
}

export interface SlackStandInOptions {
  /** The bot token the workspace issued (xoxb-…); any other is invalid_auth. */
  token: string;
  /** Channels that exist, by id; `member: false` for one the bot was not invited to. */
  channels: Record<string, { member: boolean }>;
}

/** The limits of chat.postMessage that Slack enforces with an error. */
const MAX_BLOCKS = 50;

/**
 * A local Slack Web API for the two methods the notifications backend's
 * Slack processor calls (`@backstage/plugin-notifications-backend-module-slack`):
 * `chat.postMessage` and `chat.update`. It answers as Slack does (source:
 * https://api.slack.com/methods/chat.postMessage and
 * https://api.slack.com/methods/chat.update, "Errors" tables, and
 * https://api.slack.com/web "Evaluating responses"): always HTTP 200 with
 * `ok`, and `error` naming the problem: `not_authed` without a token,
 * `invalid_auth` for another one, `channel_not_found`, `not_in_channel` for
 * a channel the bot is not a member of, `no_text` without text, blocks or
 * attachments, `invalid_blocks` for blocks that are not an array of at most
 * 50, `invalid_attachments` for attachments that are not an array,
 * `message_not_found` for an update of an unknown `ts`. Requests are
 * form-encoded or JSON with the token in `Authorization: Bearer`, as the
 * official client sends them.
 */
export class SlackStandIn {
  readonly messages: SlackMessage[] = [];
  readonly violations: string[] = [];
  private server?: http.Server;
  private counter = 0;

  constructor(private readonly options: SlackStandInOptions) {}

  /** The Web API base URL, as a client's `slackApiUrl` (ends with `/api/`). */
  async start(): Promise<string> {
    this.server = http.createServer((req, res) => this.handle(req, res));
    await new Promise<void>(resolve =>
      this.server!.listen(0, '127.0.0.1', resolve),
    );
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}/api/`;
  }

  async stop() {
    await new Promise<void>(resolve =>
      this.server ? this.server.close(() => resolve()) : resolve(),
    );
  }

  assertNoViolations() {
    if (this.violations.length > 0) {
      throw new Error(
        `Slack stand-in saw requests Slack would not accept:\n${this.violations.join(
          '\n',
        )}`,
      );
    }
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse) {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', chunk => {
      raw += chunk;
    });
    req.on('end', () => {
      const answer = (body: Record<string, unknown>) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      const method = (req.url ?? '').replace(/^\/api\//, '').split('?')[0];
      if (req.method !== 'POST') {
        this.violations.push(
          `${req.method} ${req.url}: Web API calls are POST`,
        );
        answer({ ok: false, error: 'invalid_request' });
        return;
      }
      const args = this.parse(req, raw);
      if (!args) {
        answer({ ok: false, error: 'invalid_form_data' });
        return;
      }
      const auth = req.headers.authorization;
      if (!auth) {
        answer({ ok: false, error: 'not_authed' });
        return;
      }
      if (auth !== `Bearer ${this.options.token}`) {
        answer({ ok: false, error: 'invalid_auth' });
        return;
      }
      if (method === 'chat.postMessage' || method === 'chat.update') {
        try {
          answer(this.chat(method, args));
        } catch (error) {
          this.violations.push(`${req.url}: the stand-in failed: ${error}`);
          answer({ ok: false, error: 'internal_error' });
        }
        return;
      }
      this.violations.push(`POST ${req.url}: not a method the processor calls`);
      answer({ ok: false, error: 'unknown_method' });
    });
  }

  private parse(
    req: http.IncomingMessage,
    raw: string,
  ): Record<string, unknown> | undefined {
    const type = (req.headers['content-type'] ?? '').split(';')[0].trim();
    try {
      if (type === 'application/json') return JSON.parse(raw);
      if (type === 'application/x-www-form-urlencoded') {
        const form: Record<string, unknown> = {};
        for (const [key, value] of new URLSearchParams(raw)) form[key] = value;
        // The official client form-encodes arrays and objects as JSON.
        for (const key of ['blocks', 'attachments']) {
          const value = form[key];
          if (typeof value === 'string') form[key] = JSON.parse(value);
        }
        return form;
      }
    } catch {
      this.violations.push(`${req.url}: a body that does not parse as ${type}`);
      return undefined;
    }
    this.violations.push(`${req.url}: content type ${type || 'missing'}`);
    return undefined;
  }

  private chat(
    method: SlackMessage['method'],
    args: Record<string, unknown>,
  ): Record<string, unknown> {
    const channel = typeof args.channel === 'string' ? args.channel : '';
    const known = this.options.channels[channel];
    if (!known) return { ok: false, error: 'channel_not_found' };
    if (!known.member) return { ok: false, error: 'not_in_channel' };
    const text = typeof args.text === 'string' ? args.text : undefined;
    const blocks = args.blocks;
    if (
      blocks !== undefined &&
      (!Array.isArray(blocks) || blocks.length > MAX_BLOCKS)
    ) {
      return { ok: false, error: 'invalid_blocks' };
    }
    const attachments = args.attachments;
    if (attachments !== undefined && !Array.isArray(attachments)) {
      return { ok: false, error: 'invalid_attachments' };
    }
    if (!text && !blocks && !attachments) {
      return { ok: false, error: 'no_text' };
    }
    const fields = {
      channel,
      text,
      blocks: blocks as unknown[] | undefined,
      attachments: attachments as unknown[] | undefined,
      username: typeof args.username === 'string' ? args.username : undefined,
      method,
    };
    if (method === 'chat.update') {
      const message = this.messages.find(
        m => m.channel === channel && m.ts === args.ts,
      );
      if (!message) return { ok: false, error: 'message_not_found' };
      Object.assign(message, fields);
      return { ok: true, channel, ts: message.ts, text };
    }
    this.counter += 1;
    const ts = `${Math.floor(Date.now() / 1000)}.${String(
      this.counter,
    ).padStart(6, '0')}`;
    this.messages.push({ ...fields, ts });
    return { ok: true, channel, ts, message: { type: 'message', text, ts } };
  }
}
