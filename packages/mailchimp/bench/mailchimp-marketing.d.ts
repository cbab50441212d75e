// The SDK ships no types, and DefinitelyTyped's only describe the global singleton. This shim
// covers the per-instance client and the two calls the measurement makes (vendors.md §2.7).
declare module '@mailchimp/mailchimp_marketing/src/ApiClient.js' {
  export default class ApiClient {
    basePath: string
    timeout: number
    setConfig(config: { apiKey: string; server: string }): void
    lists: {
      setListMember(
        listId: string,
        subscriberHash: string,
        body: unknown,
        opts?: { skipMergeValidation?: boolean },
      ): Promise<unknown>
      createListMemberEvent(listId: string, subscriberHash: string, body: unknown): Promise<unknown>
    }
  }
}
