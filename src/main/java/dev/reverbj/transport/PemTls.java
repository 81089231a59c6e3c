package dev.reverbj.transport;

import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

import io.helidon.common.configurable.Resource;
import io.helidon.common.pki.Keys;
import io.helidon.common.tls.Tls;

/**
 * TLS for {@code wss://} and {@code https://} straight from PEM files (HELIDON-NOTES.md: both the key and its
 * certificate chain must be set). The config loader has already refused SEC1 EC keys with the openssl
 * command that converts them.
 */
final class PemTls {
    private PemTls() {
    }

    static Tls load(Path certificate, Path privateKey) {
        Keys keys = Keys.builder()
                .pem(pem -> pem.key(Resource.create(privateKey)).certChain(Resource.create(certificate)))
                .build();
        PrivateKey key = keys.privateKey().orElseThrow(() -> new IllegalArgumentException(
                "cannot read a private key from " + privateKey + " (PKCS#8 or PKCS#1 RSA PEM expected; convert with "
                        + "openssl pkcs8 -topk8 -nocrypt -in " + privateKey + " -out key-pkcs8.pem)"));
        List<X509Certificate> chain = keys.certChain();
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("no certificate in " + certificate);
        }
        return Tls.builder().privateKey(key).privateKeyCertChain(chain).build();
    }
}
