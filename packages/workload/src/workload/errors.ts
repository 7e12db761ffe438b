/**
 * A workload.yaml that cannot be rendered. `problems` holds one sentence per
 * mistake, each naming the field and what to write instead, so a pull
 * request's author sees every one at once.
 */
export class WorkloadError extends Error {
  constructor(readonly problems: readonly string[], source = 'workload.yaml') {
    super(
      `${source} cannot be rendered:\n${problems
        .map(p => `  - ${p}`)
        .join('\n')}`,
    );
    this.name = 'WorkloadError';
  }
}
