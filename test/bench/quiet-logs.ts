/**
 * Imported first by run.ts: the bench logs errors only. It must be the environment's level, read when the logger
 * is built, because Powertools' injectLambdaContext middleware resets the logger to that level at every
 * invocation (a setLogLevel() call would last one invocation).
 */
process.env.POWERTOOLS_LOG_LEVEL ??= 'ERROR';
