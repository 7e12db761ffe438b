/** The systems a persona reaches; `github` is changed directly, the rest reviewed as files. */
export type PersonaSystem =
  | 'github'
  | 'catalog'
  | 'aws'
  | 'gcp'
  | 'azure'
  | 'kubernetes'
  | 'argocd';

/** One thing granted by a file, and how to tell whether a file already holds it. */
export interface FileGrant {
  system: PersonaSystem;
  environment?: string;
  /** What is granted, as a reviewer reads it. */
  target: string;
  present(content: string): boolean;
}

/** A file to write, relative to the output directory. */
export interface RenderedFile {
  path: string;
  content: string;
  grants: FileGrant[];
}
