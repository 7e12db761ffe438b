export interface Config {
  platformStatus?: {
    examples?: {
      /**
       * Feed the example plan documents in `directory` through the ingestion
       * route at startup (the embedded default's demo data). Default false.
       */
      enabled?: boolean;
      /** Folder with `manifest.yaml` and the plan documents, relative to the backend's working directory. */
      directory?: string;
      /** Policy file the plans are evaluated with, as terraform:apply would. */
      policyFile?: string;
    };
  };
}
