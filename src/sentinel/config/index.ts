// Reading and rewriting sentinel.conf.

export type { KnownReplica, KnownSentinel, MasterConfig, OtherDirective, SentinelConfig, ServerLogLevel } from './sentinel-config.js';
export { createDefaultSentinelConfig, createMasterConfig } from './sentinel-config-defaults.js';
export { SentinelConfigError, SentinelConfigFileError } from './sentinel-config-error.js';
export { parseSentinelConfig, type ParseSentinelConfigOptions } from './parse-config.js';
export { checkConfigWritable, readSentinelConfig, type LoadedSentinelConfig } from './read-config.js';
export { rewriteSentinelConfig, type RewriteSentinelConfigOptions } from './rewrite-config.js';
export { writeConfigAtomically } from './write-config-atomically.js';
export { reprConfigString, splitConfigLine, splitConfigText } from './split-config-line.js';
