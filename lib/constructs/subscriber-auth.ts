/**
 * Who may download editions and who may publish them: a Cognito user pool for subscribers and one
 * for the newsroom's editors, each with self sign-up off (the publisher adds accounts, or wires its
 * subscription system to the subscribers' pool), a public client for its page (the reader, the
 * desk) and a hosted sign-in domain. Two pools because Cognito sets MFA per pool, not per group: an
 * editor's account publishes to every subscriber and must have a second factor; a subscriber's
 * only reads. The API function needs three strings from each, issuer, JWKS URL and audience, so an
 * external identity provider can replace the subscribers' pool entirely.
 */
import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { AccountRecovery, FeaturePlan, Mfa, OAuthScope, UserPool, UserPoolClient, UserPoolDomain, UserPoolEmail } from 'aws-cdk-lib/aws-cognito';
import type { CognitoEmailConfig } from '../config';
import { Construct } from 'constructs';

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
  /** Where the hosted sign-in may send its users back to (the page's URLs). */
  readonly callbackUrls: readonly string[];
  /** How long an ID token is accepted after sign-in. @default Duration.hours(1) */
  readonly idTokenValidity?: Duration;
  /** The pool's mail through SES; absent: Cognito's own sender (a daily quota of about 50 mails, its own address). */
  readonly email?: CognitoEmailConfig;
}

/** What the editors' sign-in domain adds to the subscribers' prefix (lib/config.ts leaves room for it). */
export const EDITOR_DOMAIN_SUFFIX = '-desk';

/** How one pool differs from the other. */
interface PoolShape {
  readonly poolId: string;
  readonly clientId: string;
  readonly mfa: Mfa;
  readonly passwordMinLength: number;
  readonly domainPrefix: string;
}

/** A Cognito user pool, its page's client and a hosted sign-in domain: what both pools share. */
abstract class HostedSignInPool extends Construct {
  readonly userPool: UserPool;
  readonly client: UserPoolClient;
  readonly domain: UserPoolDomain;
  readonly verification: TokenVerification;

  protected constructor(scope: Construct, id: string, props: SubscriberUserPoolProps, shape: PoolShape) {
    super(scope, id);
    this.userPool = new UserPool(this, shape.poolId, {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      autoVerify: { email: true },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      passwordPolicy: {
        minLength: shape.passwordMinLength,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      mfa: shape.mfa,
      mfaSecondFactor: { otp: true, sms: false },
      featurePlan: FeaturePlan.ESSENTIALS,
      // Accounts are made by ops, so every new subscriber is sent an invitation: Cognito's own
      // sender stops after about 50 a day, which a newspaper's first day of subscribers passes.
      email: props.email
        ? UserPoolEmail.withSES({
            fromEmail: props.email.fromAddress,
            fromName: props.email.fromName,
            replyTo: props.email.replyTo,
            sesRegion: props.email.sesRegion,
            sesVerifiedDomain: props.email.sesVerifiedDomain,
          })
        : undefined,
      // Accounts are people (subscribers are customer records): never lost with the stack.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.userPool).acknowledge({
      id: 'AwsSolutions-COG8',
      reason: "Threat protection needs the Cognito Plus tier (billed per monthly active user); neither pool has self sign-up (accounts are made by ops), and an editor's account, which can publish, cannot sign in without its TOTP (the editors' pool requires MFA). Switch featurePlan to PLUS if credential stuffing is observed.",
    });

    this.client = this.userPool.addClient(shape.clientId, {
      // A browser page cannot keep a secret.
      generateSecret: false,
      authFlows: { userSrp: true },
      oAuth: {
        // The pages are static files that take the ID token from the redirect's fragment
        // (templates/reader.html, templates/desk.html); the code grant stays enabled for a future PKCE page.
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

    this.domain = this.userPool.addDomain('HostedSignIn', {
      cognitoDomain: { domainPrefix: shape.domainPrefix },
    });

    const region = Stack.of(this).region;
    const issuer = `https://cognito-idp.${region}.amazonaws.com/${this.userPool.userPoolId}`;
    this.verification = {
      issuer,
      jwksUrl: `${issuer}/.well-known/jwks.json`,
      audience: this.client.userPoolClientId,
    };
  }

  /** The hosted sign-in URL the page links to; it returns an ID token in the fragment. */
  signInUrl(redirectUri: string): string {
    return `${this.domain.baseUrl()}/oauth2/authorize?client_id=${this.client.userPoolClientId}&response_type=token&scope=openid+email&redirect_uri=${redirectUri}`;
  }
}

/** Subscribers: the reader page's pool. MFA offered, not forced: their tokens only read. */
export class SubscriberUserPool extends HostedSignInPool {
  constructor(scope: Construct, id: string, props: SubscriberUserPoolProps) {
    // Forced MFA loses readers at the paywall.
    super(scope, id, props, { poolId: 'Subscribers', clientId: 'ReaderPage', mfa: Mfa.OPTIONAL, passwordMinLength: 12, domainPrefix: props.domainPrefix });
    Validations.of(this.userPool).acknowledge({
      id: 'AwsSolutions-COG2',
      reason: "MFA is offered (TOTP) but not required: forcing a second factor on newspaper readers costs subscribers, whose tokens only read. Editors, who publish, sign in to a pool of their own that requires TOTP (EditorUserPool); no token of this pool gives editor rights.",
    });
  }
}

/**
 * The newsroom's editors: the desk page's pool, every account in it an editor (proofs, publish,
 * roll back). TOTP is required, and the hosted sign-in has each editor set it up at the first
 * sign-in. Its domain is the subscribers' prefix with EDITOR_DOMAIN_SUFFIX.
 */
export class EditorUserPool extends HostedSignInPool {
  constructor(scope: Construct, id: string, props: SubscriberUserPoolProps) {
    super(scope, id, props, { poolId: 'Editors', clientId: 'DeskPage', mfa: Mfa.REQUIRED, passwordMinLength: 14, domainPrefix: `${props.domainPrefix}${EDITOR_DOMAIN_SUFFIX}` });
  }
}
