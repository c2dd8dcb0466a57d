/**
 * `publishAt` in the cloud: an EventBridge Scheduler rate schedule that invokes the API function
 * every minute with `{"epaper":"publish-due"}`, and the function publishes the proofs whose moment
 * has come (lambdas/core/publish.ts, publishDueProofs).
 *
 * Why a rate schedule rather than one-time schedules the render function creates per proof: the
 * render function then needs no scheduler:CreateSchedule/DeleteSchedule nor iam:PassRole (a role
 * that may create schedules may point them anywhere its passed role can reach), no schedule is
 * ever left behind when a proof is replaced or published by hand, and the only new permission is
 * this role's lambda:InvokeFunction on one function. The price is at most a minute's lateness and a
 * handful of S3 reads a minute.
 */
import { Stack } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { CfnSchedule } from 'aws-cdk-lib/aws-scheduler';
import { Construct } from 'constructs';

export interface PublishScheduleProps {
  /** The function that publishes due proofs (the API function). */
  readonly target: IFunction;
  /** Minutes between runs. */
  readonly rateMinutes: number;
  /** The event the target recognises as "publish what is due". */
  readonly input: Readonly<Record<string, string>>;
}

/** A rate schedule and the role it invokes its one function with. */
export class PublishSchedule extends Construct {
  readonly schedule: CfnSchedule;
  readonly role: Role;

  constructor(scope: Construct, id: string, props: PublishScheduleProps) {
    super(scope, id);
    this.role = new Role(this, 'InvokeRole', {
      description: 'EventBridge Scheduler: may invoke the epaper API function to publish due proofs, nothing else.',
      // Only schedules of this account may assume it (the confused-deputy guard).
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } } }),
    });
    this.role.addToPolicy(new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [props.target.functionArn] }));
    const minutes = props.rateMinutes;
    this.schedule = new CfnSchedule(this, 'Schedule', {
      description: 'Publishes epaper proofs whose publishAt (edition.yaml) has come.',
      scheduleExpression: `rate(${minutes} ${minutes === 1 ? 'minute' : 'minutes'})`,
      flexibleTimeWindow: { mode: 'OFF' },
      target: {
        arn: props.target.functionArn,
        roleArn: this.role.roleArn,
        input: JSON.stringify(props.input),
        // The next run a minute later is the retry.
        retryPolicy: { maximumRetryAttempts: 0 },
      },
    });
  }
}
