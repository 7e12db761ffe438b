export interface Config {
  groundwork?: {
    signIn?: {
      /**
       * The providers the sign-in page offers, by name: `guest` (the embedded
       * default only: Backstage's guest provider refuses outside development)
       * and `github`. Each needs its provider configured under auth.providers.
       * @visibility frontend
       */
      providers?: Array<'guest' | 'github'>;
    };
  };
}
