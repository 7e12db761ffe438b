import { InputError } from '@backstage/errors';
import yaml from 'yaml';

/**
 * A container image tag as the OCI distribution spec allows it
 * (`[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}`,
 * https://github.com/opencontainers/distribution-spec/blob/main/spec.md#pulling-manifests).
 * Anything else in an overlay (a newline, a quote, YAML flow syntax) is
 * refused rather than carried into another environment.
 */
export const IMAGE_TAG = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/;

/** What new-service writes before CI has pushed an image. */
const UNRELEASED = 'unreleased';

/** The Kustomize image entry new-service's overlays pin (`images[].name`). */
const IMAGE_NAME = 'app';

/** The overlay of an environment, relative to the repository root. */
export const overlayPath = (environment: string) =>
  `deploy/overlays/${environment}/kustomization.yaml`;

function parseOverlay(text: string, where: string): yaml.Document {
  const doc = yaml.parseDocument(text);
  if (doc.errors.length > 0 || !yaml.isMap(doc.contents)) {
    throw new InputError(
      `${where} is not a Kustomization YAML mapping (${
        doc.errors[0]?.message ?? 'not a mapping'
      }); fix the file on the default branch and run the promotion again.`,
    );
  }
  return doc;
}

function imageEntry(doc: yaml.Document, where: string): yaml.YAMLMap {
  const images = doc.get('images');
  const entry = yaml.isSeq(images)
    ? images.items.find(
        (i): i is yaml.YAMLMap => yaml.isMap(i) && i.get('name') === IMAGE_NAME,
      )
    : undefined;
  if (!entry) {
    throw new InputError(
      `${where} has no images entry named "${IMAGE_NAME}", which new-service's overlays pin; add it (images: [{name: ${IMAGE_NAME}, newName: ..., newTag: ...}]) and run the promotion again.`,
    );
  }
  return entry;
}

/**
 * The image tag an overlay pins, or undefined while it is still
 * `unreleased`. A value that is not a tag is refused: it came from a file
 * anyone with write access to the repository can edit.
 */
export function deployedTag(text: string, where: string): string | undefined {
  const tag = imageEntry(parseOverlay(text, where), where).get('newTag');
  if (tag === undefined || tag === null || tag === UNRELEASED) return undefined;
  if (typeof tag !== 'string' || !IMAGE_TAG.test(tag)) {
    throw new InputError(
      `${where} pins the image tag ${JSON.stringify(
        String(tag).slice(0, 200),
      )}, which is not a container image tag (letters, digits, '_', '.' and '-', at most 128, not starting with '.' or '-'); fix the file and run the promotion again.`,
    );
  }
  return tag;
}

/**
 * The target overlay with its image pinned to `tag`: only `newTag`
 * changes, set through the YAML document model (never pasted into text),
 * so comments and everything else stay as the team wrote them.
 */
export function pinTag(text: string, where: string, tag: string): string {
  if (!IMAGE_TAG.test(tag)) {
    throw new InputError(
      `${JSON.stringify(tag)} is not a container image tag.`,
    );
  }
  const doc = parseOverlay(text, where);
  imageEntry(doc, where).set('newTag', tag);
  return doc.toString();
}
