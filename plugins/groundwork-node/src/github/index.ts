export * from './octokit';
