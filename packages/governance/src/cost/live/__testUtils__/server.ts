import http from 'node:http';
import { AddressInfo } from 'node:net';

export interface Answer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** A local HTTP server answering with `handle`; `url` once started. */
export class LocalServer {
  private server?: http.Server;
  private baseUrl?: string;

  constructor(
    private readonly handle: (
      req: http.IncomingMessage,
      body: string,
    ) => Answer,
  ) {}

  get url(): string {
    if (!this.baseUrl) throw new Error('The stand-in server is not started');
    return this.baseUrl;
  }

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', c => chunks.push(c));
      req.on('end', () => {
        const answer = this.handle(req, Buffer.concat(chunks).toString('utf8'));
        res.writeHead(answer.status, {
          'content-type': 'application/json',
          ...answer.headers,
        });
        res.end(JSON.stringify(answer.body));
      });
    });
    await new Promise<void>(resolve =>
      this.server!.listen(0, '127.0.0.1', resolve),
    );
    const { port } = this.server.address() as AddressInfo;
    this.baseUrl = `http://127.0.0.1:${port}`;
  }

  stop(): Promise<void> {
    return new Promise(resolve =>
      this.server ? this.server.close(() => resolve()) : resolve(),
    );
  }
}
