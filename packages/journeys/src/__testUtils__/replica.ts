/**
 * The test portal's backend in a process of its own, so that a journey can
 * kill it (SIGKILL) as a crashed replica dies: mid-step, without a word to
 * its database. Started by startReplica with the config and databases to use.
 */
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import type { AddressInfo } from 'node:net';
import { PORTAL_FEATURES } from './portal';
import { replicaDatabases } from './sharedDatabases';

async function main() {
  const { config, databases } = JSON.parse(process.argv[2]);
  const backend = await startTestBackend({
    features: [
      ...PORTAL_FEATURES,
      replicaDatabases(databases).factory,
      mockServices.rootConfig.factory({ data: config }),
    ],
  });
  const { port } = backend.server.address() as AddressInfo;
  process.stdout.write(`${JSON.stringify({ port })}\n`);
}

main().catch(error => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
