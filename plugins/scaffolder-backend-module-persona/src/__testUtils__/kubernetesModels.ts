import { execFile } from 'node:child_process';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';

/**
 * Validates Kubernetes objects with `kubernetes-models` (the published
 * Kubernetes schemas). The package is ESM-only and Jest here runs
 * CommonJS, where `import()` is refused; so a child Node process loads it
 * as a real ES module, constructs each object with its model class and
 * calls `validate()`. Resolves to one problem string per invalid object.
 */
const SCRIPT = `
let input = '';
for await (const chunk of process.stdin) input += chunk;
const problems = [];
for (const object of JSON.parse(input)) {
  const [group, version] = object.apiVersion.includes('/')
    ? object.apiVersion.split('/')
    : [undefined, object.apiVersion];
  const module = 'kubernetes-models/' + (group ? group + '/' : '') + version + '/' + object.kind;
  try {
    const Model = (await import(module))[object.kind];
    new Model(object).validate();
  } catch (error) {
    const ns = object.metadata?.namespace;
    problems.push(object.kind + ' ' + (ns ? ns + '/' : '') + object.metadata?.name + ': ' + error.message);
  }
}
process.stdout.write(JSON.stringify(problems));
`;

export function validateWithKubernetesModels(
  objects: object[],
): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      process.execPath,
      ['--input-type=module', '-e', SCRIPT],
      // Resolve kubernetes-models from this package, as the test does.
      { cwd: path.resolve(__dirname, '..', '..') },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`${error.message}\n${stderr}`));
        else resolve(JSON.parse(stdout));
      },
    );
    child.stdin!.end(JSON.stringify(objects));
  });
}

export function yamlObjects(content: string): object[] {
  return parseAllDocuments(content)
    .map(d => d.toJS())
    .filter(Boolean);
}
