/**
 * The Redis the integration tests use: TEST_REDIS_URL, else the local default. With TEST_REDIS_CLUSTER=1,
 * TEST_REDIS_URL is a node of a Redis Cluster and the harness's stacks and clients use the cluster.
 */
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
export const TEST_REDIS_CLUSTER = /^(1|true|yes|on)$/i.test(process.env.TEST_REDIS_CLUSTER ?? '');
