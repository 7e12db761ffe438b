import { InputError } from '@backstage/errors';
import * as tar from 'tar';
import { TFVARS_FILE } from '../../run/variables';

const MAX_ARCHIVE_BYTES = 100 * 1024 * 1024;

/** Left out of the upload: local caches, VCS data, plan files. */
const EXCLUDED =
  /(^|\/)(\.terraform|\.git)(\/|$)|\.tfplan$|(^|\/)terraform\.tfstate(\.backup)?$/;

/**
 * The working directory as the .tar.gz HCP Terraform expects (paths relative
 * to its root). Symlinks were checked before (none leads out of the
 * workspace) and are stored as links, not followed.
 */
export async function archiveWorkingDirectory(dir: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  const stream = tar.create(
    {
      gzip: true,
      cwd: dir,
      portable: true,
      follow: false,
      filter: (p: string) => {
        const rel = p.replace(/^\.\//, '');
        return !EXCLUDED.test(rel) && rel !== TFVARS_FILE;
      },
    },
    ['.'],
  );
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_ARCHIVE_BYTES) {
      throw new InputError(
        `The working directory is larger than ${
          MAX_ARCHIVE_BYTES / 1024 / 1024
        } MiB compressed; HCP Terraform needs only the Terraform code: move other files out of it.`,
      );
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
