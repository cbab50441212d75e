/** Paths of the Mailchimp endpoints this connector calls, relative to the `/3.0` base URL. @module */

const seg = encodeURIComponent

/** `/lists/{listId}`: https://mailchimp.com/developer/marketing/api/lists/get-list-info/ */
export const listPath = (listId: string): string => `/lists/${seg(listId)}`

/** `/lists/{listId}/merge-fields`: https://mailchimp.com/developer/marketing/api/list-merges/ */
export const mergeFieldsPath = (listId: string): string => `${listPath(listId)}/merge-fields`

/** `/lists/{listId}/members/{hash}`: https://mailchimp.com/developer/marketing/api/list-members/ */
export const memberPath = (listId: string, hash: string): string =>
  `${listPath(listId)}/members/${seg(hash)}`

/** `/ping`: https://mailchimp.com/developer/marketing/api/ping/ */
export const PING_PATH = '/ping'
