/** The Standard Webhooks spec version this connector signs by. Change it here only. */
export const STANDARD_WEBHOOKS_VERSION = '1.0.0'
