import fs from 'node:fs';
import { planFixturePath } from '@groundwork/stand-in-test-utils';
import { driftedResources } from './resourceDrift';

describe('driftedResources', () => {
  it('reads the changed attributes of a real plan’s resource_drift', () => {
    // A plan Terraform 1.0.11 printed (infracost's test suite).
    const plan = JSON.parse(
      fs.readFileSync(
        planFixturePath(
          '06b-infracost-instance_with_attachment_after_deploy.json',
        ),
        'utf8',
      ),
    );
    expect(driftedResources(plan)).toEqual([
      // tags went from null to {}: the same to a reader, not listed.
      {
        address: 'aws_default_subnet.default',
        action: 'update',
        attributes: [],
      },
      {
        address: 'aws_instance.ec2',
        action: 'update',
        attributes: ['ebs_block_device[0]'],
      },
    ]);
  });

  it('names changed paths without their values, and lists deleted objects', () => {
    const resources = driftedResources({
      resource_drift: [
        {
          address: 'aws_db_instance.main',
          change: {
            actions: ['update'],
            before: {
              password: 'old-secret',
              tags: { owner: 'a' },
              port: 5432,
            },
            after: { password: 'new-secret', tags: { owner: 'b' }, port: 5432 },
          },
        },
        {
          address: 'aws_sqs_queue.events',
          change: {
            actions: ['delete'],
            before: { name: 'events' },
            after: null,
          },
        },
      ],
    });
    expect(resources).toEqual([
      {
        address: 'aws_db_instance.main',
        action: 'update',
        attributes: ['password', 'tags.owner'],
      },
      { address: 'aws_sqs_queue.events', action: 'delete', attributes: [] },
    ]);
    expect(JSON.stringify(resources)).not.toContain('secret');
  });

  it('is empty for a plan without drift', () => {
    expect(driftedResources({ format_version: '1.2' })).toEqual([]);
    expect(driftedResources(null)).toEqual([]);
  });
});
