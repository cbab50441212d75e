/**
 * Test helpers and where each receiver body in this folder comes from. A generic webhook has no
 * vendor docs of its own, so the bodies are real answers of the receivers it is built for:
 * - 200-zapier-catch-hook.json: Zapier's answer to a Catch Hook POST, verbatim from
 *   https://github.com/zapier/visual-builder/issues/133 (a Zapier maintainer explains it there:
 *   received, processed "soon").
 * - 404-n8n-not-registered.json: n8n's answer for the production URL of an inactive workflow,
 *   verbatim from https://github.com/coleam00/ai-agents-masterclass/issues/15 (n8n builds the
 *   message in its webhooks code, https://github.com/n8n-io/n8n/pull/2006).
 * - 422-fastapi-validation.json: FastAPI's default RequestValidationError body (pydantic v2),
 *   https://fastapi.tiangolo.com/tutorial/handling-errors/ .
 * - 400-no-matching-signature.json, 401-timestamp-too-old.json: no receiver documents its body
 *   for a failed verification; these carry the reference libraries' error messages verbatim
 *   (standard-webhooks libraries/javascript/src/index.ts, libraries/python/standardwebhooks/webhooks.py)
 *   in the two shapes receivers send them back: a text body and `{"error": …}`.
 * @module
 */
import { readFileSync } from 'node:fs'

/** A receiver body from this folder. */
export const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`./${name}`, import.meta.url), 'utf8'))

/** The secret of the spec's reference library tests (24 bytes). */
export const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'

/** A fixed clock: 2024-12-26T18:06:00Z, a minute after the canonical event. */
export const NOW_MS = Date.UTC(2024, 11, 26, 18, 6, 0)
