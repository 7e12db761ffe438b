import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { createGithubClient } from './octokit';

interface Answer {
  status: number;
  body?: object;
  headers?: Record<string, string>;
}

/** A local HTTP server that answers each request with the next scripted answer. */
async function scriptedServer(answers: Answer[]) {
  const seen: string[] = [];
  const server: Server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    const answer = answers.shift() ?? { status: 500 };
    res.writeHead(answer.status, {
      'content-type': 'application/json',
      ...answer.headers,
    });
    res.end(
      JSON.stringify(answer.body ?? { message: `HTTP ${answer.status}` }),
    );
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () => new Promise(resolve => server.close(resolve)),
  };
}

describe('createGithubClient', () => {
  let server: Awaited<ReturnType<typeof scriptedServer>>;
  const warnings: string[] = [];
  const logger = { warn: (message: string) => void warnings.push(message) };

  function client(answers: Answer[]) {
    return scriptedServer(answers).then(s => {
      server = s;
      return createGithubClient({
        baseUrl: s.url,
        auth: 'ghs_test',
        logger,
        log: { debug() {}, info() {}, warn() {}, error() {} },
        retry: { unitMs: 1 },
      });
    });
  }

  afterEach(async () => {
    warnings.length = 0;
    await server?.close();
  });

  it('retries a 502 and returns the answer that follows, logging the retry', async () => {
    const octokit = await client([
      { status: 502, body: { message: 'Server Error' } },
      { status: 200, body: { login: 'acme', id: 1 } },
    ]);
    const { data } = await octokit.orgs.get({ org: 'acme' });
    expect(data).toMatchObject({ login: 'acme' });
    expect(server.seen).toEqual(['GET /orgs/acme', 'GET /orgs/acme']);
    expect(warnings).toEqual([
      expect.stringMatching(
        /^GitHub: GET \/orgs\/\{org\} failed \(502: Server Error\); retrying in 0\.001 s \(1 of 3\)$/,
      ),
    ]);
  });

  it('gives up after the configured retries, with the last answer', async () => {
    const octokit = await client(
      Array.from({ length: 5 }, () => ({ status: 503 })),
    );
    await expect(octokit.orgs.get({ org: 'acme' })).rejects.toMatchObject({
      status: 503,
    });
    expect(server.seen).toHaveLength(4);
  });

  it.each([403, 404, 409, 422])(
    'does not retry a %i: it is an answer about the request',
    async status => {
      const octokit = await client([
        { status, body: { message: 'No' } },
        { status: 200, body: { login: 'acme' } },
      ]);
      await expect(octokit.orgs.get({ org: 'acme' })).rejects.toMatchObject({
        status,
      });
      expect(server.seen).toHaveLength(1);
      expect(warnings).toEqual([]);
    },
  );

  it('waits out a secondary rate limit a bounded number of times', async () => {
    const limited = {
      status: 403,
      body: { message: 'You have exceeded a secondary rate limit.' },
      headers: { 'retry-after': '1' },
    };
    const octokit = await client([limited, limited, limited, limited]);
    await expect(octokit.orgs.get({ org: 'acme' })).rejects.toMatchObject({
      status: 403,
    });
    // The first attempt and two retries; the third limit is not waited out.
    expect(server.seen).toHaveLength(3);
    expect(warnings).toEqual([
      'GitHub: GET /orgs/{org} hit the secondary rate limit; retrying in 0.001 s (1 of 2)',
      'GitHub: GET /orgs/{org} hit the secondary rate limit; retrying in 0.001 s (2 of 2)',
      'GitHub: GET /orgs/{org} hit the secondary rate limit; giving up after 2 retries',
    ]);
  });

  it('does not wait for a primary rate limit that resets later than it would wait', async () => {
    const octokit = await client([
      {
        status: 403,
        body: { message: 'API rate limit exceeded' },
        headers: {
          'x-ratelimit-remaining': '0',
          'x-ratelimit-reset': String(Math.ceil(Date.now() / 1000) + 3600),
        },
      },
      { status: 200, body: { login: 'acme' } },
    ]);
    await expect(octokit.orgs.get({ org: 'acme' })).rejects.toMatchObject({
      status: 403,
    });
    expect(server.seen).toHaveLength(1);
    expect(warnings).toEqual([
      expect.stringMatching(
        /^GitHub: GET \/orgs\/\{org\} hit the rate limit; it resets in 36\d\d s, longer than the 60 s a request waits$/,
      ),
    ]);
  });

  it('retries a primary rate limit that resets soon', async () => {
    const octokit = await client([
      {
        status: 403,
        body: { message: 'API rate limit exceeded' },
        headers: {
          'x-ratelimit-remaining': '0',
          'x-ratelimit-reset': String(Math.floor(Date.now() / 1000)),
        },
      },
      { status: 200, body: { login: 'acme' } },
    ]);
    await expect(octokit.orgs.get({ org: 'acme' })).resolves.toMatchObject({
      data: { login: 'acme' },
    });
    expect(server.seen).toHaveLength(2);
  });
});
