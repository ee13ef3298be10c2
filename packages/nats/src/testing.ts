/**
 * `@sigx/nats/testing`: throwaway `nats-server`s for tests and benchmarks, on free loopback
 * ports: one server (with JetStream, authentication, TLS or a cluster route when asked), a
 * full-mesh cluster, and test certificates. It is what the package's own tests use; it needs
 * the `nats-server` program (Debian and Ubuntu: `apt-get install -y nats-server`; macOS:
 * `brew install nats-server`), and `openssl` for the certificates.
 *
 * @packageDocumentation
 * @module @sigx/nats/testing
 */
export {
  NatsServerNotFoundError,
  startNatsServer,
  type NatsAuth,
  type NatsJetStreamOptions,
  type NatsNkeyAuth,
  type NatsServer,
  type NatsServerClusterOptions,
  type NatsServerOptions,
  type NatsTlsOptions,
  type NatsTokenAuth,
  type NatsUserPasswordAuth,
} from './testing/nats-server.js';
export {
  startNatsCluster,
  type NatsCluster,
  type NatsClusterOptions,
} from './testing/nats-cluster.js';
export { createTestCertificates, type TestCertificates } from './testing/certificates.js';
