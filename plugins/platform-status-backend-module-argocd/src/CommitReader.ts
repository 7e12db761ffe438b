import type { LoggerService } from '@backstage/backend-plugin-api';
import type {
  ArgoCdApplication,
  ArgoCdClient,
} from '@groundwork/plugin-argocd-node';
import type {
  CommitMetadata,
  DeliveryData,
  DeliveryItem,
} from '@groundwork/plugin-platform-status-node';
import { gitSourceOf } from './deployments';

/** Commits kept in memory per backend, across instances and cycles. */
const CACHE_ENTRIES = 5_000;

const keyOf = (s: { entityRef: string; environment: string }) =>
  `${s.entityRef}\n${s.environment}`;

/**
 * Reads the commit (author, date, message, tags) of each app's current
 * revision through Argo CD's `GET .../revisions/{revision}/metadata`, only
 * for apps whose revision changed since the last recorded cycle, a bounded
 * number per cycle and at once; what it read is kept in memory so that a
 * revision is read once. An app whose commit could not be read this cycle
 * (limit reached, repo server failing) is tried again next cycle.
 */
export class CommitReader {
  private readonly cache = new Map<string, CommitMetadata>();

  constructor(
    private readonly options: {
      logger: LoggerService;
      perCycle: number;
      concurrency: number;
    },
  ) {}

  async read(
    client: ArgoCdClient,
    items: Array<DeliveryItem & { app: ArgoCdApplication }>,
    options: { recorded?: Map<string, DeliveryData>; signal?: AbortSignal },
  ): Promise<DeliveryItem[]> {
    const cacheKey = (repoURL: string, revision: string) =>
      `${client.name}\n${repoURL}\n${revision}`;
    // What the last cycle recorded counts as read.
    for (const item of items) {
      const before = options.recorded?.get(keyOf(item));
      if (before?.commit && before.revision && before.repoURL) {
        this.remember(cacheKey(before.repoURL, before.revision), before.commit);
      }
    }
    const wanted = new Map<string, DeliveryItem & { app: ArgoCdApplication }>();
    for (const item of items) {
      const { revision, repoURL } = item.data;
      if (!revision || !repoURL || !gitSourceOf(item.app)) continue;
      const key = cacheKey(repoURL, revision);
      if (!this.cache.has(key) && !wanted.has(key)) wanted.set(key, item);
    }
    const queue = [...wanted].slice(0, this.options.perCycle);
    const failures: string[] = [];
    const worker = async () => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        const [key, item] = next;
        try {
          const metadata = await client.getRevisionMetadata(
            item.app.metadata.name,
            item.data.revision!,
            {
              appNamespace: item.app.metadata.namespace,
              project: item.app.spec.project,
              signal: options.signal,
            },
          );
          this.remember(key, {
            author: metadata.author || undefined,
            date: metadata.date || undefined,
            message: metadata.message || undefined,
            tags: metadata.tags?.length ? [...metadata.tags] : undefined,
          });
        } catch (error) {
          if (options.signal?.aborted) throw error;
          failures.push(
            `${item.app.metadata.name}@${item.data.revision!.slice(0, 12)}: ${
              (error as Error).message
            }`,
          );
        }
      }
    };
    await Promise.all(
      Array.from({ length: this.options.concurrency }, () => worker()),
    );
    if (failures.length > 0) {
      this.options.logger.warn(
        `Argo CD instance "${client.name}": could not read ${failures.length} commit(s), tried again next cycle; first: ${failures[0]}`,
      );
    }
    return items.map(({ app: _app, ...item }) => {
      const commitOf = (revision?: string, repoURL = item.data.repoURL) =>
        revision && repoURL
          ? this.cache.get(cacheKey(repoURL, revision))
          : undefined;
      const commit = commitOf(item.data.revision);
      return {
        ...item,
        data: commit ? { ...item.data, commit } : item.data,
        deployments: item.deployments?.map(d => {
          const c = commitOf(d.revision, d.repoURL);
          return c ? { ...d, commit: c } : d;
        }),
      };
    });
  }

  private remember(key: string, commit: CommitMetadata) {
    // Least recently used goes first: a Map iterates in insertion order.
    this.cache.delete(key);
    this.cache.set(key, commit);
    if (this.cache.size > CACHE_ENTRIES) {
      this.cache.delete(this.cache.keys().next().value!);
    }
  }
}
