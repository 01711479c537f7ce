package io.benchline.devbroker;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The secured broker's throw-away material, made on first start and kept in its own folder (every file mode 600):
 * a CA that exists only to sign the broker's certificate ({@code SAN localhost, 127.0.0.1} and an advertised host
 * name; server and client
 * auth, so the controller listener can demand it), the broker's PKCS12 keystore, a PKCS12 truststore and
 * {@code ca.pem} holding only the CA, and a random SCRAM-SHA-512 password per user. For each user it writes
 * {@code clients/<user>.properties}, a Kafka client configuration (the form {@code --command-config} of the
 * Kafka tools takes); for the admin also {@code clients/admin.kcat.conf}.
 *
 * <p>Layout (other tools, e.g. the local stack's launcher, read the client files by these names):
 * {@code secrets.properties}, {@code broker.p12}, {@code truststore.p12}, {@code ca.pem},
 * {@code clients/<user>.properties}.
 */
public final class BrokerSecurity {

    /** The super user for people and the launcher: creates topics and ACLs. */
    public static final String ADMIN = "admin";

    /** The broker's own SCRAM login on its SASL_SSL listener (inter-broker traffic). */
    public static final String INTER_BROKER = "dev-broker";

    /** The principal the broker's certificate carries on the controller's SSL listener. */
    public static final String CERTIFICATE_PRINCIPAL = "User:CN=benchline-dev-broker";

    public static final String MECHANISM = "SCRAM-SHA-512";

    private static final String SECRETS = "secrets.properties";
    private static final Duration VALIDITY = Duration.ofDays(3650);

    private final Path folder;
    private final Properties secrets;
    private final boolean made;

    private BrokerSecurity(Path folder, Properties secrets, boolean made) {
        this.folder = folder;
        this.secrets = secrets;
        this.made = made;
    }

    /**
     * Loads the folder's material, or makes it when the folder has none. Users without a password get one, but
     * the broker only knows users that existed when its data folder was formatted (see {@link DevBroker}).
     */
    public static BrokerSecurity prepare(Path folder, List<String> users) throws IOException {
        return prepare(folder, users, List.of());
    }

    /**
     * As {@link #prepare(Path, List)}; a certificate made now also names {@code hostNames} (e.g. the host a
     * containerised broker advertises), besides localhost and 127.0.0.1.
     */
    public static BrokerSecurity prepare(Path folder, List<String> users, List<String> hostNames) throws IOException {
        Path folderPath = folder.toAbsolutePath();
        Files.createDirectories(folderPath.resolve("clients"));
        // Only the owner may even list what is in here.
        Files.setPosixFilePermissions(folderPath, PosixFilePermissions.fromString("rwx------"));
        Files.setPosixFilePermissions(folderPath.resolve("clients"), PosixFilePermissions.fromString("rwx------"));
        Path secretsFile = folderPath.resolve(SECRETS);
        boolean made = !Files.exists(secretsFile);
        Properties secrets = new Properties();
        if (made) {
            secrets.setProperty("keystore.password", randomSecret());
            secrets.setProperty("truststore.password", randomSecret());
            makeCertificates(folderPath, secrets, hostNames);
        } else {
            try (var in = Files.newInputStream(secretsFile)) {
                secrets.load(in);
            }
        }
        boolean added = made;
        for (String user : allUsers(users)) {
            if (secrets.getProperty(passwordKey(user)) == null) {
                secrets.setProperty(passwordKey(user), randomSecret());
                added = true;
            }
        }
        if (added) {
            try (OutputStream out = Files.newOutputStream(privateFile(secretsFile))) {
                secrets.store(
                        out, "Benchline development broker: passwords of the throw-away TLS stores and SCRAM users");
            }
        }
        return new BrokerSecurity(folderPath, secrets, made);
    }

    /** The admin, the inter-broker user and the given users, in that order, without duplicates. */
    static List<String> allUsers(List<String> users) {
        Set<String> all = new LinkedHashSet<>(List.of(ADMIN, INTER_BROKER));
        all.addAll(users);
        return List.copyOf(all);
    }

    /** Whether this start made the CA, certificates and passwords (so no data folder can know them yet). */
    boolean made() {
        return made;
    }

    public Path folder() {
        return folder;
    }

    public Path truststore() {
        return folder.resolve("truststore.p12");
    }

    Path keystore() {
        return folder.resolve("broker.p12");
    }

    /** A user's Kafka client configuration (bootstrap, SASL_SSL, SCRAM login, truststore). */
    public Path clientProperties(String user) {
        return folder.resolve("clients/" + user + ".properties");
    }

    String keystorePassword() {
        return secrets.getProperty("keystore.password");
    }

    String truststorePassword() {
        return secrets.getProperty("truststore.password");
    }

    String password(String user) {
        String password = secrets.getProperty(passwordKey(user));
        if (password == null) {
            throw new IllegalArgumentException("no SCRAM user " + user + " in " + folder);
        }
        return password;
    }

    /** The {@code --add-scram} arguments of {@code kafka-storage format}, one per user. */
    List<String> scramFormatArguments(List<String> users) {
        List<String> args = new ArrayList<>();
        for (String user : allUsers(users)) {
            args.add("--add-scram");
            args.add(MECHANISM + "=[name=" + user + ",password=" + password(user) + "]");
        }
        return args;
    }

    static String jaasConfig(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user + "\" password=\""
                + password + "\";";
    }

    /** Writes every user's client files for the broker at {@code bootstrap} (rewritten each start: ports change). */
    void writeClientFiles(String bootstrap, List<String> users) throws IOException {
        for (String user : allUsers(users)) {
            if (user.equals(INTER_BROKER)) {
                continue; // the broker's own login is for the broker only
            }
            Properties client = new Properties();
            client.setProperty("bootstrap.servers", bootstrap);
            client.setProperty("security.protocol", "SASL_SSL");
            client.setProperty("sasl.mechanism", MECHANISM);
            client.setProperty("sasl.jaas.config", jaasConfig(user, password(user)));
            client.setProperty("ssl.truststore.location", truststore().toString());
            client.setProperty("ssl.truststore.password", truststorePassword());
            client.setProperty("ssl.truststore.type", "PKCS12");
            try (OutputStream out = Files.newOutputStream(privateFile(clientProperties(user)))) {
                client.store(out, "Kafka client configuration of SCRAM user " + user + " (development broker)");
            }
        }
        Files.writeString(privateFile(folder.resolve("clients/" + ADMIN + ".kcat.conf")), """
                # kcat -F %s -L
                bootstrap.servers=%s
                security.protocol=SASL_SSL
                sasl.mechanisms=%s
                sasl.username=%s
                sasl.password=%s
                ssl.ca.location=%s
                """.formatted(
                        folder.resolve("clients/" + ADMIN + ".kcat.conf"),
                        bootstrap,
                        MECHANISM,
                        ADMIN,
                        password(ADMIN),
                        folder.resolve("ca.pem")));
    }

    private static void makeCertificates(Path folder, Properties secrets, List<String> hostNames) throws IOException {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(256);
            KeyPair caKeys = generator.generateKeyPair();
            KeyPair brokerKeys = generator.generateKeyPair();
            Instant now = Instant.now();
            Date from = Date.from(now.minus(Duration.ofDays(1)));
            Date until = Date.from(now.plus(VALIDITY));
            X500Name caName = new X500Name("CN=Benchline development CA");

            X509v3CertificateBuilder ca =
                    new JcaX509v3CertificateBuilder(caName, serial(), from, until, caName, caKeys.getPublic());
            ca.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            ca.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            X509Certificate caCertificate = sign(ca, caKeys);

            X509v3CertificateBuilder broker = new JcaX509v3CertificateBuilder(
                    caName,
                    serial(),
                    from,
                    until,
                    new X500Name(CERTIFICATE_PRINCIPAL.substring("User:".length())),
                    brokerKeys.getPublic());
            broker.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            broker.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            broker.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(new KeyPurposeId[] {
                KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth
            }));
            List<GeneralName> names = new ArrayList<>(List.of(
                    new GeneralName(GeneralName.dNSName, "localhost"),
                    new GeneralName(GeneralName.iPAddress, "127.0.0.1")));
            for (String name : hostNames) {
                // An address must be an iPAddress entry: TLS clients do not match an IP against a dNSName.
                boolean address = name.matches("[0-9.]+") || name.contains(":");
                names.add(new GeneralName(address ? GeneralName.iPAddress : GeneralName.dNSName, name));
            }
            broker.addExtension(
                    Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(GeneralName[]::new)));
            X509Certificate brokerCertificate = sign(broker, caKeys);

            char[] keystorePassword = secrets.getProperty("keystore.password").toCharArray();
            KeyStore keystore = KeyStore.getInstance("PKCS12");
            keystore.load(null, null);
            keystore.setKeyEntry("broker", brokerKeys.getPrivate(), keystorePassword, new Certificate[] {
                brokerCertificate, caCertificate
            });
            try (OutputStream out = Files.newOutputStream(privateFile(folder.resolve("broker.p12")))) {
                keystore.store(out, keystorePassword);
            }
            char[] truststorePassword =
                    secrets.getProperty("truststore.password").toCharArray();
            KeyStore truststore = KeyStore.getInstance("PKCS12");
            truststore.load(null, null);
            truststore.setCertificateEntry("benchline-development-ca", caCertificate);
            try (OutputStream out = Files.newOutputStream(privateFile(folder.resolve("truststore.p12")))) {
                truststore.store(out, truststorePassword);
            }
            String pem = "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(caCertificate.getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
            Files.writeString(privateFile(folder.resolve("ca.pem")), pem);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot make the development broker's certificates", e);
        }
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair issuer)
            throws OperatorCreationException, GeneralSecurityException {
        return new JcaX509CertificateConverter()
                .getCertificate(
                        builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuer.getPrivate())));
    }

    private static BigInteger serial() {
        return new BigInteger(64, new SecureRandom());
    }

    /** URL-safe, no padding: nothing that needs quoting in JAAS or in {@code --add-scram}'s {@code [name=,password=]}. */
    private static String randomSecret() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String passwordKey(String user) {
        return "scram." + user + ".password";
    }

    /** Creates (or truncates) a file that only its owner can read, whatever the umask. */
    static Path privateFile(Path file) {
        try {
            Files.createDirectories(file.getParent());
            if (!Files.exists(file)) {
                Files.createFile(
                        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
