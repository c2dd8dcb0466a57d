/**
 * The share links' HMAC key (issue 14, item 6) for the API function. In AWS it lives in Secrets
 * Manager (the DeliveryStack creates it and passes its ARN as SHARE_SECRET_ARN), so it is never in
 * the template nor in the function's configuration; a plain SHARE_SECRET (epaper dev, tests, an
 * operator who manages the key elsewhere) wins when both are set. Read once per container.
 */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

/** Fetches a secret's string by ARN; a test passes a fake. */
export type SecretReader = (arn: string) => Promise<string | undefined>;

/** Reads through Secrets Manager; the client is made only when a secret is asked for. */
export function secretsManagerReader(makeClient = () => new SecretsManagerClient({})): SecretReader {
  return async (arn) => (await makeClient().send(new GetSecretValueCommand({ SecretId: arn }))).SecretString;
}

/** The key, or undefined when sharing is not configured; a configured secret that cannot be read is an error. */
export async function resolveShareSecret(config: { readonly shareSecret?: string; readonly shareSecretArn?: string }, read: SecretReader): Promise<string | undefined> {
  if (config.shareSecret) return config.shareSecret;
  if (!config.shareSecretArn) return undefined;
  const value = (await read(config.shareSecretArn))?.trim();
  if (!value) throw new Error(`The share-link secret ${config.shareSecretArn} has no value.`);
  return value;
}
