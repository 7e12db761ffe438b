import http from 'node:http';

/**
 * The service's HTTP handler. `state.ready` turns false while the process
 * shuts down, so the readiness probe takes the pod out of the Service before
 * connections are cut.
 */
export function createServer(state = { ready: false }) {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const send = (status, body) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return send(405, { error: 'method not allowed' });
    }
    switch (url.pathname) {
      case '/health':
        return send(200, { status: 'ok' });
      case '/ready':
        return state.ready ? send(200, { status: 'ready' }) : send(503, { status: 'not ready' });
      case '/':
        return send(200, { service: '${{ values.name }}' });
      default:
        return send(404, { error: 'not found' });
    }
  });
  return { server, state };
}
