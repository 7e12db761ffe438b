export interface Config {
  platformStatus?: {
    cost?: {
      /**
       * AWS Cost Explorer as the billing source; absent means actual cost
       * is not configured. How often it is asked is
       * `platformStatus.cost.schedule` (the platform-status plugin's key).
       */
      aws?: {
        /** Cost-allocation tag key whose values name entities, e.g. `groundwork:entity`. */
        tagKey: string;
        /** Region of the Cost Explorer endpoint. Default us-east-1. */
        region?: string;
        /** Endpoint override (a VPC endpoint, or a local stand-in in tests). */
        endpoint?: string;
        /** Metric to report. Default UnblendedCost. */
        metric?:
          | 'AmortizedCost'
          | 'BlendedCost'
          | 'NetAmortizedCost'
          | 'NetUnblendedCost'
          | 'UnblendedCost';
        /** Access key id; omit to use the default AWS credential chain (IRSA, instance role). */
        accessKeyId?: string;
        /**
         * Secret access key, with accessKeyId.
         * @visibility secret
         */
        secretAccessKey?: string;
        /**
         * Session token for temporary credentials.
         * @visibility secret
         */
        sessionToken?: string;
      };
    };
  };
}
