package io.benchline.provisioner.ssh;

import java.util.List;
import org.apache.sshd.client.ClientBuilder;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.common.NamedFactory;
import org.apache.sshd.common.OptionalFeature;
import org.apache.sshd.common.cipher.BuiltinCiphers;
import org.apache.sshd.common.kex.BuiltinDHFactories;
import org.apache.sshd.common.mac.BuiltinMacs;
import org.apache.sshd.common.signature.BuiltinSignatures;

/**
 * The only algorithms the SSH client offers: no SHA-1 anywhere (no diffie-hellman-group*-sha1, no ssh-rsa
 * signatures), no CBC, no MAC-then-encrypt. A bench host that offers nothing of these is refused at key exchange,
 * before anything is sent. Current OpenSSH servers offer all of them by default.
 */
final class SshAlgorithms {

    /** Post-quantum hybrids first where the server has them, then X25519 and the NIST curves. */
    static final List<BuiltinDHFactories> KEY_EXCHANGES = List.of(
            BuiltinDHFactories.mlkem768x25519,
            BuiltinDHFactories.sntrup761x25519_openssh,
            BuiltinDHFactories.sntrup761x25519,
            BuiltinDHFactories.curve25519,
            BuiltinDHFactories.curve25519_libssh,
            BuiltinDHFactories.ecdhp256,
            BuiltinDHFactories.ecdhp384,
            BuiltinDHFactories.ecdhp521);

    /** Host-key and user-auth signatures: RSA keys only with SHA-2 (rsa-sha2-512/256, never ssh-rsa). */
    static final List<BuiltinSignatures> SIGNATURES = List.of(
            BuiltinSignatures.ed25519,
            BuiltinSignatures.nistp256,
            BuiltinSignatures.nistp384,
            BuiltinSignatures.nistp521,
            BuiltinSignatures.rsaSHA512,
            BuiltinSignatures.rsaSHA256);

    /** AEAD only: chacha20-poly1305 and AES-GCM carry their own integrity, so no MAC is used with them. */
    static final List<BuiltinCiphers> CIPHERS =
            List.of(BuiltinCiphers.cc20p1305_openssh, BuiltinCiphers.aes256gcm, BuiltinCiphers.aes128gcm);

    /** Encrypt-then-MAC with SHA-2, for the negotiation (the AEAD ciphers ignore it). */
    static final List<BuiltinMacs> MACS = List.of(BuiltinMacs.hmacsha512etm, BuiltinMacs.hmacsha256etm);

    private SshAlgorithms() {}

    /** Restricts {@code client} to these algorithms (those this JVM supports), before it is started. */
    static void restrict(SshClient client) {
        client.setKeyExchangeFactories(
                NamedFactory.setUpTransformedFactories(true, KEY_EXCHANGES, ClientBuilder.DH2KEX));
        client.setSignatureFactories(supported(SIGNATURES));
        client.setCipherFactories(supported(CIPHERS));
        client.setMacFactories(supported(MACS));
    }

    private static <T, F extends NamedFactory<T> & OptionalFeature> List<NamedFactory<T>> supported(List<F> factories) {
        return factories.stream()
                .filter(F::isSupported)
                .<NamedFactory<T>>map(f -> f)
                .toList();
    }
}
