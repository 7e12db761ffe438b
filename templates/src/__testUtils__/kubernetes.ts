export { validateKubernetesObjects } from '@groundwork/stand-in-test-utils';
