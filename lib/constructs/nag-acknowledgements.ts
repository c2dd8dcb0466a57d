/**
 * cdk-nag acknowledgements for resources that CDK creates on our behalf, kept in one place so
 * their reasons can be reviewed together. Acknowledgements for our own resources sit next to the code
 * that causes them (epaper-function, object-access, subscriber-auth, subscriber-http-api, storage-stack).
 */
import { Stack, Validations } from 'aws-cdk-lib';

/** Acknowledges the findings on CDK's bucket-notifications custom resource handler in `stack`. */
export function acknowledgeBucketNotificationsHandler(stack: Stack): void {
  // CDK names the singleton `BucketNotificationsHandler<uuid>`; the uuid is CDK's, not ours.
  const handler = stack.node.children.find((child) => child.node.id.startsWith('BucketNotificationsHandler'));
  if (!handler) {
    throw new Error(`${stack.node.path}: no bucket-notifications handler yet; call this after addEventNotification.`);
  }
  Validations.of(handler).acknowledge({
    id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    reason: 'CDK\'s own bucket-notifications custom resource handler; its role is not configurable and it only runs during deployment.',
  });
}
