module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  // Skeletons are templated sources, linted by the services they become.
  ignorePatterns: ['*/skeleton/**'],
});
