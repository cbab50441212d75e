/** The __TITLE__ API version this connector is written and tested against. Change it here only. */
export const API_VERSION = '2026-01-01'
