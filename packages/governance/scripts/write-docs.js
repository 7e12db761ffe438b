#!/usr/bin/env node
// Writes docs/rules.md and docs/coverage.md from the pack (a test keeps them in sync).
require('../bin/ts-register');
const fs = require('fs');
const path = require('path');
const { rulesMarkdownTable } = require('../src/cli/format/rules.ts');
const { coverageMarkdown } = require('../src/cli/format/coverage.ts');

const docs = path.resolve(__dirname, '../docs');
fs.writeFileSync(path.join(docs, 'rules.md'), `${rulesMarkdownTable()}\n`);
fs.writeFileSync(path.join(docs, 'coverage.md'), `${coverageMarkdown()}\n`);
