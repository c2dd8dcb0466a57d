/**
 * Who may download editions: a Cognito user pool for subscribers (self sign-up off: the publisher
 * adds subscribers, or wires its subscription system to the pool), with a public client for the
 * reader page and a hosted sign-in domain. The API function only needs three strings from here,
 * issuer, JWKS URL and audience, so an external identity provider can replace the pool entirely.
 */
import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import {
  AccountRecovery,
  CfnUserPoolGroup,
  FeaturePlan,
  Mfa,
  OAuthScope,
  UserPool,
  UserPoolClient,
  UserPoolDomain,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { EDITORS_GROUP } from '../../lambdas/core/publish';

/** The three facts a JWT verifier needs. */
export interface TokenVerification {
  /** Expected `iss` claim. */
  readonly issuer: string;
  /** URL of the issuer's JSON Web Key Set. */
  readonly jwksUrl: string;
  /** Expected `aud` claim (for Cognito ID tokens: the app client id). */
  readonly audience: string;
}

export interface SubscriberUserPoolProps {
  /** Prefix of the hosted sign-in domain, `<prefix>.auth.<region>.amazoncognito.com`. */
  readonly domainPrefix: string;
  /** Where the hosted sign-in may send subscribers back to (the reader page URLs). */
  readonly callbackUrls: readonly string[];
  /** How long an ID token is accepted after sign-in. @default Duration.hours(1) */
  readonly idTokenValidity?: Duration;
}

/** A Cognito user pool, reader-page client and hosted sign-in domain for subscribers. */
export class SubscriberUserPool extends Construct {
  readonly userPool: UserPool;
  readonly client: UserPoolClient;
  readonly domain: UserPoolDomain;
  readonly editorsGroup: CfnUserPoolGroup;
  readonly verification: TokenVerification;

  constructor(scope: Construct, id: string, props: SubscriberUserPoolProps) {
    super(scope, id);

    this.userPool = new UserPool(this, 'Subscribers', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      autoVerify: { email: true },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      // Offered, not forced: a token only reads PDFs, and forced MFA loses readers at the paywall.
      mfa: Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      featurePlan: FeaturePlan.ESSENTIALS,
      // Subscribers are customer records: never lost with the stack.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.userPool).acknowledge(
      {
        id: 'AwsSolutions-COG2',
        reason: 'MFA is offered (TOTP) but not required: forcing a second factor on newspaper readers costs subscribers, whose tokens only read. Editors (group editors) can publish and roll back: Cognito sets MFA per pool, not per group, so docs/DEPLOY.md asks ops to have each editor set up TOTP, and a pool of their own with MFA required is the way to force it.',
      },
      {
        id: 'AwsSolutions-COG8',
        reason: 'Threat protection needs the Cognito Plus tier (billed per monthly active user); the pool has no self sign-up (accounts are made by ops), and an editor account, which can publish, is protected by its TOTP (docs/DEPLOY.md). Switch featurePlan to PLUS if credential stuffing is observed.',
      },
    );

    this.client = this.userPool.addClient('ReaderPage', {
      // A browser page cannot keep a secret.
      generateSecret: false,
      authFlows: { userSrp: true },
      oAuth: {
        // The reader page is one static file that takes the ID token from the redirect's fragment
        // (templates/reader.html); the code grant stays enabled for a future PKCE page.
        flows: { implicitCodeGrant: true, authorizationCodeGrant: true },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL],
        callbackUrls: [...props.callbackUrls],
        logoutUrls: [...props.callbackUrls],
      },
      idTokenValidity: props.idTokenValidity ?? Duration.hours(1),
      accessTokenValidity: props.idTokenValidity ?? Duration.hours(1),
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
    });

    // Editors see proofs and publish (lambdas/core/publish.ts, EDITORS_GROUP); Cognito puts a user's
    // groups into the `cognito:groups` claim of the ID token the API checks.
    this.editorsGroup = new CfnUserPoolGroup(this, 'Editors', {
      userPoolId: this.userPool.userPoolId,
      groupName: EDITORS_GROUP,
      description: 'Newsroom editors: see proofs, publish and roll back editions.',
    });

    this.domain = this.userPool.addDomain('HostedSignIn', {
      cognitoDomain: { domainPrefix: props.domainPrefix },
    });

    const region = Stack.of(this).region;
    const issuer = `https://cognito-idp.${region}.amazonaws.com/${this.userPool.userPoolId}`;
    this.verification = {
      issuer,
      jwksUrl: `${issuer}/.well-known/jwks.json`,
      audience: this.client.userPoolClientId,
    };
  }

  /** The hosted sign-in URL the reader page links to; it returns an ID token in the fragment. */
  signInUrl(redirectUri: string): string {
    return `${this.domain.baseUrl()}/oauth2/authorize?client_id=${this.client.userPoolClientId}&response_type=token&scope=openid+email&redirect_uri=${redirectUri}`;
  }
}
