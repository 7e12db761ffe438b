/*
 * Lets Node run this package's TypeScript sources without a build step:
 * `.ts` files are compiled on require with @swc/core (installed with
 * @backstage/cli), falling back to TypeScript's transpileModule.
 * Published packages ship dist/ and never load this file.
 */
const fs = require('fs');

function compilerFor() {
  try {
    // Installed with @backstage/cli; optional at runtime, hence not declared.
    // eslint-disable-next-line @backstage/no-undeclared-imports
    const swc = require('@swc/core');
    return (source, filename) =>
      swc.transformSync(source, {
        filename,
        sourceMaps: 'inline',
        jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
        module: { type: 'commonjs' },
      }).code;
  } catch {
    // eslint-disable-next-line @backstage/no-undeclared-imports
    const ts = require('typescript');
    return (source, filename) =>
      ts.transpileModule(source, {
        fileName: filename,
        compilerOptions: {
          module: ts.ModuleKind.CommonJS,
          target: ts.ScriptTarget.ES2022,
          esModuleInterop: true,
          inlineSourceMap: true,
        },
      }).outputText;
  }
}

if (!require.extensions['.ts']) {
  const compile = compilerFor();
  require.extensions['.ts'] = (module, filename) => {
    module._compile(
      compile(fs.readFileSync(filename, 'utf8'), filename),
      filename,
    );
  };
}
