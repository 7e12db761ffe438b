const config = require('@backstage/cli/config/eslint-factory')(__dirname, {
  // Skeletons are templated sources, linted by the services they become.
  ignorePatterns: ['*/skeleton/**'],
});

// src/coherence/ is test code (the coherence test's modules, which drive the
// test scaffolder of __testUtils__): the rules of test files apply to it.
// @backstage/no-undeclared-imports recognises test code by fixed paths
// (*.test.*, __testUtils__) only; what src/coherence imports is declared in
// devDependencies, as for the other test code.
const testFiles = config.overrides.find(o =>
  o.files.includes('**/__testUtils__/**'),
);
config.overrides.push({
  ...testFiles,
  files: ['src/coherence/**'],
  rules: { ...testFiles.rules, '@backstage/no-undeclared-imports': 'off' },
});

module.exports = config;
