/**
 * Argo CD's AppProject check of a resource kind, as the application
 * controller makes it before it syncs a resource (`IsGroupKindPermitted` in
 * argo-cd pkg/apis/application/v1alpha1/app_project_types.go): a
 * cluster-scoped kind needs a matching clusterResourceWhitelist entry (an
 * empty list allows none); a namespaced one is allowed unless a
 * namespaceResourceWhitelist exists and lacks it. Entries match as globs.
 */
interface GroupKind {
  group: string;
  kind: string;
}

export interface ProjectKinds {
  clusterResourceWhitelist?: GroupKind[];
  namespaceResourceWhitelist?: GroupKind[];
}

function glob(pattern: string, value: string) {
  const regex = pattern
    .split('*')
    .map(part => part.replace(/[.+?^${}()|[\]\\/]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${regex}$`).test(value);
}

function inList(list: GroupKind[], gk: GroupKind) {
  return list.some(e => glob(e.group, gk.group) && glob(e.kind, gk.kind));
}

export function groupKindPermitted(
  project: ProjectKinds,
  gk: GroupKind,
  namespaced: boolean,
): boolean {
  if (namespaced) {
    const white = project.namespaceResourceWhitelist;
    return white === undefined || (white.length > 0 && inList(white, gk));
  }
  const white = project.clusterResourceWhitelist ?? [];
  return white.length > 0 && inList(white, gk);
}

/** The API group of an apiVersion (`''` for the core group). */
export function groupOf(apiVersion: string) {
  return apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
}
