import { createServer } from './app.js';

const port = Number(process.env.PORT ?? ${{ values.port }});
const { server, state } = createServer();

server.listen(port, () => {
  state.ready = true;
  console.log(JSON.stringify({ msg: 'listening', port }));
});

// Kubernetes sends SIGTERM: stop taking new traffic, finish what is in flight.
function shutdown(signal) {
  state.ready = false;
  console.log(JSON.stringify({ msg: 'shutting down', signal }));
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(1), 25_000).unref();
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
