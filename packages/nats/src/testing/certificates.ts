// createTestCertificates: a throwaway CA and a certificate for 127.0.0.1 and localhost,
// made with the openssl program, for TLS tests.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { temporaryDirectory } from './support.js';

/** The files {@link createTestCertificates} wrote (PEM). */
export interface TestCertificates {
  /** The directory they are in. */
  readonly dir: string;
  /** The CA's certificate: what clients trust (`tls: { caFile }`) and, with `verify`, the server. */
  readonly caFile: string;
  /**
   * A certificate signed by the CA for `IP:127.0.0.1` and `DNS:localhost`, good for servers and
   * for clients (extended key usage `serverAuth` and `clientAuth`).
   */
  readonly certFile: string;
  /** Its private key (unencrypted). */
  readonly keyFile: string;
}

const run = promisify(execFile);

/**
 * Makes a throwaway CA and a certificate it signs for 127.0.0.1 and localhost, valid for 30
 * days, with the `openssl` program (P-256 keys).
 *
 * @param dir - where to write them (created if needed); by default a new temporary directory,
 * removed when this process exits.
 * @returns the files.
 * @throws (rejects) `Error` when `openssl` is missing or fails.
 *
 * @example
 * ```ts
 * const certs = await createTestCertificates();
 * const server = await startNatsServer({ tls: certs });
 * const nc = await connect({ servers: server.url, tls: { caFile: certs.caFile } });
 * ```
 */
export async function createTestCertificates(dir?: string): Promise<TestCertificates> {
  const target = dir ?? temporaryDirectory('tls');
  await mkdir(target, { recursive: true });
  const file = (name: string): string => join(target, name);
  const caKey = file('ca-key.pem');
  const caFile = file('ca.pem');
  const keyFile = file('key.pem');
  const certFile = file('cert.pem');
  const request = file('cert.csr');
  const extensions = file('cert.ext');
  const newKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  await openssl([
    'req',
    '-x509',
    ...newKey,
    '-keyout',
    caKey,
    '-out',
    caFile,
    '-days',
    '30',
    '-subj',
    '/CN=sigx test CA',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  await openssl(['req', ...newKey, '-keyout', keyFile, '-out', request, '-subj', '/CN=localhost']);
  await writeFile(
    extensions,
    [
      'basicConstraints = CA:FALSE',
      'keyUsage = critical, digitalSignature',
      'extendedKeyUsage = serverAuth, clientAuth',
      'subjectAltName = IP:127.0.0.1, DNS:localhost',
      '',
    ].join('\n'),
  );
  await openssl([
    'x509',
    '-req',
    '-in',
    request,
    '-CA',
    caFile,
    '-CAkey',
    caKey,
    '-set_serial',
    `0x${randomBytes(8).toString('hex')}`,
    '-days',
    '30',
    '-extfile',
    extensions,
    '-out',
    certFile,
  ]);
  return { dir: target, caFile, certFile, keyFile };
}

async function openssl(args: string[]): Promise<void> {
  try {
    await run('openssl', args);
  } catch (error) {
    const { code, stderr } = error as NodeJS.ErrnoException & { stderr?: string };
    if (code === 'ENOENT') {
      throw new Error(
        'openssl was not found: createTestCertificates runs it. Install it (Debian/Ubuntu: `apt-get install -y openssl`; macOS: `brew install openssl`).',
        { cause: error },
      );
    }
    throw new Error(`openssl ${args[0]} failed: ${stderr ?? String(error)}`, { cause: error });
  }
}
