/**
 * The config `bubblehouse-hooks init` writes: the settings of examples/bubblehouse-hooks.yaml
 * (a test keeps them equal), with comments for someone who installed the package from npm and
 * has no clone of the repo.
 * @module
 */

/** The starter `bubblehouse-hooks.yaml`. */
export const STARTER_CONFIG = `# yaml-language-server: $schema=./bubblehouse-hooks.schema.json
#
# bubblehouse-hooks: written by \`bubblehouse-hooks init\`. It needs no vendor account: the built-in
# \`log\` connector writes each event as one JSON line. Add a vendor block (see the commented ones)
# and restart. \${VAR} and \${VAR:-default} come from the environment; relative paths are relative
# to the folder you start the host from. For editor completion: bubblehouse-hooks schema --out
# bubblehouse-hooks.schema.json

listen:
  host: \${BH_HOST:-127.0.0.1}
  port: \${PORT:-8787}
  # HTTPS with HTTP/2 (ALPN h2 and http/1.1): tls: { cert: ./tls/cert.pem, key: ./tls/key.pem }
  # Behind a proxy that speaks cleartext HTTP/2 to the host: http2: true

# /metrics (and /healthz, /readyz) on a port of their own, so the public hook port has no /metrics.
metrics:
  listen:
    host: \${BH_HOST:-127.0.0.1}
    port: \${METRICS_PORT:-9464}

# One process: SQLite (the optional package @bubblehouse-hooks/store-sqlite, with a native build).
# Several replicas: { kind: redis, url: "\${REDIS_URL}" }.
store:
  kind: sqlite
  path: ./data/hooks.db

auth:
  keys:
    # The shared secret from the Bubblehouse API settings page (base64). Left empty, the host
    # refuses to start, unless started with --dev: then it generates one in data/dev-hook-secret.
    - kid: main
      secret: "\${BH_HOOK_SECRET:-}"

deadlineMs: 25000

# Every SendEvent1 is journaled per connector in the store: \`bubblehouse-hooks events\` lists it,
# \`bubblehouse-hooks replay\` sends events again. Bodies (PII) are kept for failure and invalid_data.
journal:
  bodies: failures # or all, or none (nothing can be replayed then)
  retentionDays: 14

connectors:
  log:
    to: stdout # or a file: ./data/events.jsonl
    includePii: false # emails become a hash, names "[redacted]"

  # klaviyo:
  #   apiKey: "\${KLAVIYO_API_KEY}"
  # mailchimp:
  #   apiKey: "\${MAILCHIMP_API_KEY}"
  #   listId: "\${MAILCHIMP_LIST_ID}"
  # hubspot:
  #   accessToken: "\${HUBSPOT_ACCESS_TOKEN}"
  # segment:
  #   writeKey: "\${SEGMENT_WRITE_KEY}"
`
