/**
 * The default merge fields for Bubblehouse's documented `customer_props` (vendors.md §5:
 * upper case, at most 10 characters, `BH_` prefix), plus Mailchimp's standard name fields.
 * @module
 */
import type { MergeFieldSpec } from './types'

/** customer_props key → merge field, used unless the options override or drop the key. */
export const DEFAULT_MERGE_FIELDS: Readonly<Record<string, MergeFieldSpec>> = {
  BH_Points_Balance: { tag: 'BH_POINTS', type: 'number', name: 'Loyalty points balance' },
  BH_Tier: { tag: 'BH_TIER', type: 'text', name: 'Loyalty tier' },
  BH_Points_NextExpiration_Amount: {
    tag: 'BH_EXP_PTS',
    type: 'number',
    name: 'Points expiring next',
  },
  BH_Points_NextExpiration_Date: {
    tag: 'BH_EXP_DT',
    type: 'date',
    name: 'Next points expiry date',
  },
  BH_MagicLink: { tag: 'BH_LINK', type: 'url', name: 'Loyalty magic link' },
}

/** Every Mailchimp audience starts with a FNAME text field. */
export const DEFAULT_FIRST_NAME_TAG = 'FNAME'

/** Every Mailchimp audience starts with a LNAME text field. */
export const DEFAULT_LAST_NAME_TAG = 'LNAME'
