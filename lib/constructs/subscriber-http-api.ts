/**
 * The subscriber HTTP API: every route the reader page, the desk page and `epaper publish` ask for,
 * all answered by one function. No API Gateway authorizer: `/` and `/desk` (the two pages) and a
 * shared story's signed link must stay public, and the function verifies the JWT on every other
 * route itself, exactly as it does behind `epaper dev`, so local and cloud behave the same. An HTTP
 * API answers a path no route names with its own 404 before the function runs (a `{date}` is one
 * segment), so every path the function serves is listed here. Throttled and access-logged at the
 * stage.
 */
import { RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, HttpMethod, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/**
 * The subscriber routes, GET and HEAD (docs/ARCHITECTURE.md, "Subscriber API" and "Reader"): the
 * pages, the editions, a page's and a story's views, search, a story's share link and the faces the
 * reader sets an edition's Hebrew in; `/desk` is
 * the editors' page, public like `/`.
 */
export const SUBSCRIBER_ROUTES = [
  '/',
  '/desk',
  '/editions',
  '/editions/{date}',
  '/editions/{date}/edition.pdf',
  '/editions/{date}/pages/{page}',
  '/editions/{date}/articles/{slug}',
  '/editions/{date}/articles/{slug}/share',
  '/editions/{date}/fonts/{face}',
  '/search',
] as const;
/** A shared story (GET and HEAD): no token, the link itself is signed, expires and is metered. */
export const SHARED_ROUTE = '/shared/{link}';
/** The editors' actions (POST); the function answers 401 without a token and 403 for a subscriber. */
export const EDITOR_ROUTES = ['/editions/{date}/publish', '/editions/{date}/rollback', '/editions/{date}/withdraw'] as const;

/**
 * HTTP APIs accept only their own $context variables (the REST API's standard JSON set fails to
 * deploy). No token, query string or header is logged: only who asked for which route and how it went.
 */
const HTTP_API_ACCESS_LOG_FORMAT = AccessLogFormat.custom(
  JSON.stringify({
    requestId: '$context.requestId',
    ip: '$context.identity.sourceIp',
    requestTime: '$context.requestTime',
    routeKey: '$context.routeKey',
    status: '$context.status',
    protocol: '$context.protocol',
    responseLength: '$context.responseLength',
    responseLatencyMs: '$context.responseLatency',
    integrationLatencyMs: '$context.integrationLatency',
    integrationError: '$context.integrationErrorMessage',
  }),
);

export interface SubscriberHttpApiProps {
  /** Steady-state requests per second across all routes. */
  readonly throttleRatePerSecond: number;
  /** Requests allowed in a burst above the steady rate. */
  readonly throttleBurst: number;
  /** Retention of the access log. */
  readonly accessLogRetention: RetentionDays;
}

/** An HTTP API with a throttled, access-logged `$default` stage. Call `routeTo` once the function exists. */
export class SubscriberHttpApi extends Construct {
  readonly httpApi: HttpApi;
  readonly stage: HttpStage;
  readonly accessLogs: LogGroup;

  constructor(scope: Construct, id: string, props: SubscriberHttpApiProps) {
    super(scope, id);
    this.httpApi = new HttpApi(this, 'Api', {
      apiName: `${Stack.of(this).stackName}-subscribers`,
      description: 'epaper subscriber API: reader page, edition archive and signed PDF downloads',
      // Our own stage below, because the default stage cannot be given access logging.
      createDefaultStage: false,
    });
    this.accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: props.accessLogRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: props.throttleRatePerSecond, burstLimit: props.throttleBurst },
      accessLogSettings: {
        destination: new LogGroupLogDestination(this.accessLogs),
        format: HTTP_API_ACCESS_LOG_FORMAT,
      },
    });
  }

  /** The base URL of the API, ending in "/" (the reader page). */
  get url(): string {
    return this.stage.url;
  }

  /** Sends every subscriber route (GET) and editor route (POST) to `handler`. */
  routeTo(handler: IFunction): void {
    const integration = new HttpLambdaIntegration('ApiFunction', handler);
    // HEAD is GET without a body (the function answers both); browsers and link checkers use it.
    const routes = [
      ...[...SUBSCRIBER_ROUTES, SHARED_ROUTE].map((path) => ({ path, methods: [HttpMethod.GET, HttpMethod.HEAD] })),
      ...EDITOR_ROUTES.map((path) => ({ path, methods: [HttpMethod.POST] })),
    ];
    for (const { path, methods } of routes) {
      for (const route of this.httpApi.addRoutes({ path, methods, integration })) {
        Validations.of(route).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason:
            path === '/' || path === '/desk'
              ? 'The reader page and the desk page are public by design: they are where subscribers and editors sign in.'
              : path === SHARED_ROUTE
                ? "A shared story opens without a token by design: the function checks the link's HMAC over date, story and expiry, refuses an expired one and meters free reads."
                : 'The function verifies the JWT (issuer, audience, signature, expiry) on this route and answers 401 itself, as it does behind `epaper dev`; a gateway authorizer would make local and cloud differ.',
        });
      }
    }
  }
}
