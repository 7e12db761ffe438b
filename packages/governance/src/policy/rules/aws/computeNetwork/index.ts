import type { Rule } from '../../../types';
import { API_GATEWAY_RULES } from './apiGateway';
import { CLOUDFRONT_RULES } from './cloudfront';
import { CONTAINER_RULES } from './containers';
import { EC2_RULES } from './ec2';
import { LAMBDA_RULES } from './lambda';
import { LOAD_BALANCING_RULES } from './loadBalancing';
import { NETWORK_RULES } from './network';

/** AWS compute, network and delivery rules (EC2, VPC, load balancers, CloudFront, API Gateway, Lambda, ECS, EKS, ECR). */
export const AWS_COMPUTE_NETWORK_RULES: readonly Rule[] = [
  ...EC2_RULES,
  ...NETWORK_RULES,
  ...LOAD_BALANCING_RULES,
  ...CLOUDFRONT_RULES,
  ...API_GATEWAY_RULES,
  ...LAMBDA_RULES,
  ...CONTAINER_RULES,
];
