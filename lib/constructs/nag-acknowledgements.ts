/**
 * cdk-nag acknowledgements for resources that CDK creates on our behalf, kept in one place so
 * every reason can be reviewed together. Our own resources are fixed, not acknowledged.
 */
import { Stack, Validations } from 'aws-cdk-lib';

/** Construct id CDK gives the singleton function that writes S3 bucket notification settings. */
const BUCKET_NOTIFICATIONS_HANDLER_ID = 'BucketNotificationsHandler050a0587b7544547bf325f094a3db834';

/** Acknowledges the findings on CDK's bucket-notifications custom resource handler in `stack`. */
export function acknowledgeBucketNotificationsHandler(stack: Stack): void {
  const handler = stack.node.tryFindChild(BUCKET_NOTIFICATIONS_HANDLER_ID);
  if (!handler) return;
  Validations.of(handler).acknowledge(
    {
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason: 'CDK\'s own bucket-notifications custom resource handler; its role is not configurable and it only runs during deployment.',
    },
    {
      id: 'AwsSolutions-L1',
      reason: 'CDK\'s own bucket-notifications custom resource handler; CDK chooses its runtime.',
    },
  );
}
