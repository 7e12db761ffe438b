#!/usr/bin/env node
// Runs the TypeScript sources directly, as the repository's other tools do.
require('@backstage/cli/config/nodeTransform.cjs');
require('../src/portal/cli').main();
