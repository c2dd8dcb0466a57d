/**
 * Where the pipeline's alarms go: an SNS topic that CloudWatch publishes to on ALARM and on OK, with
 * the configured on-call addresses subscribed. An alarm without an action is one nobody hears.
 *
 * The topic is encrypted with a key of its own: CloudWatch cannot publish to a topic under the
 * AWS managed SNS key, whose policy cannot be changed, so this key's policy lets CloudWatch (for
 * this account's alarms only) use it. The topic refuses anything but TLS.
 */
import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { Alarm } from 'aws-cdk-lib/aws-cloudwatch';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';

export interface AlarmTopicProps {
  /** Addresses to mail; each receives a confirmation link from SNS first. */
  readonly emails: readonly string[];
}

/** The alarm topic, its key, and a helper that points alarms at it. */
export class AlarmTopic extends Construct {
  readonly topic: Topic;
  readonly key: Key;
  private readonly action: SnsAction;

  constructor(scope: Construct, id: string, props: AlarmTopicProps) {
    super(scope, id);
    this.key = new Key(this, 'Key', {
      description: 'Encrypts the epaper alarm topic; CloudWatch alarms of this account may use it.',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.key.addToResourcePolicy(
      new PolicyStatement({
        sid: 'CloudWatchAlarmsPublish',
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    );
    this.topic = new Topic(this, 'Topic', {
      displayName: 'epaper alarms',
      masterKey: this.key,
      enforceSSL: true,
    });
    for (const email of props.emails) this.topic.addSubscription(new EmailSubscription(email));
    this.action = new SnsAction(this.topic);
  }

  /** Sends the alarm's ALARM and OK transitions to the topic. */
  notify(...alarms: Alarm[]): void {
    for (const alarm of alarms) {
      alarm.addAlarmAction(this.action);
      alarm.addOkAction(this.action);
    }
  }
}
