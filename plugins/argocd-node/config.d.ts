export interface Config {
  /** Argo CD instances that Groundwork talks to. */
  argocd?: {
    /** Name of the instance used when a template names none; defaults to the first. */
    defaultInstance?: string;
    instances?: Array<{
      /** Short name templates and annotations use, e.g. `prod-eu`. */
      name: string;
      /** Base URL of the Argo CD API server, e.g. `https://argocd.example.com`. */
      url: string;
      /**
       * Argo CD API token (an account with `apiKey` capability).
       * @visibility secret
       */
      token?: string;
      /** Local account name, when no token is used. */
      username?: string;
      /**
       * Password of `username`.
       * @visibility secret
       */
      password?: string;
      /** PEM certificate(s) of a private CA that signed the server's certificate. */
      caData?: string;
      /** Base URL of the Argo CD UI for links, when it differs from `url`. */
      uiUrl?: string;
      /** Per-request timeout in milliseconds (default 30000). */
      requestTimeoutMs?: number;
    }>;
  };
}
