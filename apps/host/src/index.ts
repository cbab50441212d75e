/**
 * @bubblehouse-hooks/host: the bubblehouse-hooks server and CLI. Most people run the bin
 * (`bubblehouse-hooks start`); this entry lets a program start the same host, load and validate
 * the same config, or reuse the built-in `log` connector.
 * @module
 */

export { configSchemaText } from './cli/commands/schema'
export { hookUrl, type SendHookOptions, type SendHookResult, sendHook } from './cli/commands/send'
export { runCli } from './cli/main'
export { ConfigFileError, type ConfigIssue } from './config/errors'
export { configJsonSchema } from './config/json-schema'
export { type LoadConfigOptions, type LoadedConfig, loadConfig, parseConfig } from './config/load'
export { type HostConfig, HostConfigSchema } from './config/schema'
export { BUILTIN_IDS, loadAllBuiltins } from './connectors/builtins'
export { default as logConnector, LogOptions, redactEvent } from './connectors/log/index'
export { type ResolvedConnector, resolveConnectors } from './connectors/resolve'
export { type RunningHost, type StartHostOptions, startHost } from './host'
export { DEV_SECRET_FILE } from './secrets'
export { createHostMetrics, type HostMetrics } from './server/metrics'
