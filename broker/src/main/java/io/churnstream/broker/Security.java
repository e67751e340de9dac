package io.churnstream.broker;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import io.churnstream.common.process.JvmProcess;

/**
 * What {@code --secure} adds to a broker. A CA and a broker certificate (SAN localhost and 127.0.0.1), made once with
 * the JDK's keytool; SCRAM-SHA-512 users {@code admin}, {@code churn-producer} and {@code churn-consumer} with random
 * passwords; the broker's TLS, SASL and authorizer settings; and a client properties file per user. Everything lives
 * under the data dir (secrets in 0600 files) so that a restart finds the same keys and passwords.
 */
final class Security {

    static final String ADMIN = "admin";
    static final String PRODUCER = "churn-producer";
    static final String CONSUMER = "churn-consumer";
    static final List<String> USERS = List.of(ADMIN, PRODUCER, CONSUMER);
    /** The subject of the broker's certificate, whose principal the inter-broker and controller listeners see. */
    static final String BROKER_SUBJECT = "CN=churnstream-broker";
    static final String MECHANISM = "SCRAM-SHA-512";
    static final String STORE_TYPE = "PKCS12";

    private static final Duration KEYTOOL_TIMEOUT = Duration.ofMinutes(2);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path dataDir;
    private final Properties secrets;

    private Security(Path dataDir, Properties secrets) {
        this.dataDir = dataDir.toAbsolutePath();
        this.secrets = secrets;
    }

    /**
     * The data dir's keys and passwords, made on first use. Fails if the broker's storage was formatted with
     * passwords that are gone (its SCRAM users live in the metadata log).
     */
    static Security prepare(Path dataDir, boolean formatted) throws IOException {
        Path file = secretsFile(dataDir);
        Properties secrets = new Properties();
        if (Files.exists(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                secrets.load(in);
            }
        } else if (formatted) {
            throw new IllegalStateException(file + " is missing, but the broker's storage in " + dataDir
                    + " was formatted with the passwords it held: delete " + dataDir + " to start afresh");
        } else {
            for (String name : secretNames()) {
                secrets.setProperty(name, randomPassword());
            }
            PrivateFiles.write(file, secrets, "passwords of the local secure broker: keep private");
        }
        Security security = new Security(dataDir, secrets);
        if (!Files.exists(security.keystore()) || !Files.exists(security.truststore())) {
            security.makeCertificates();
        }
        return security;
    }

    /** Whether a secure broker has used {@code dataDir}: its passwords are there. */
    static boolean usedBy(Path dataDir) {
        return Files.exists(secretsFile(dataDir));
    }

    private static Path secretsFile(Path dataDir) {
        return dataDir.resolve("secrets.properties");
    }

    private static List<String> secretNames() {
        List<String> names = new ArrayList<>(List.of("ca.password", "keystore.password", "truststore.password"));
        USERS.forEach(user -> names.add("scram." + user + ".password"));
        return names;
    }

    /** 32 URL-safe characters: nothing that needs quoting in a JAAS line or a SCRAM argument. */
    private static String randomPassword() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private String secret(String name) {
        return secrets.getProperty(name);
    }

    private String password(String user) {
        return secret("scram." + user + ".password");
    }

    Path keystore() {
        return dataDir.resolve("tls").resolve("broker.p12");
    }

    Path truststore() {
        return dataDir.resolve("truststore.p12");
    }

    Path caPem() {
        return dataDir.resolve("ca.pem");
    }

    Path clientFile(String user) {
        return dataDir.resolve("client-" + (user.startsWith("churn-") ? user.substring("churn-".length()) : user) + ".properties");
    }

    /** The {@code --add-scram} arguments that create the users when the storage is formatted. */
    List<String> scramArguments() {
        return USERS.stream().map(user -> MECHANISM + "=[name=" + user + ",password=" + password(user) + "]").toList();
    }

    /** TLS with the broker's certificate on every listener, client certificates on all but the SASL_SSL one, ACLs. */
    Map<String, String> brokerSettings(String clientListener) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("ssl.keystore.type", STORE_TYPE);
        s.put("ssl.keystore.location", keystore().toString());
        s.put("ssl.keystore.password", secret("keystore.password"));
        s.put("ssl.key.password", secret("keystore.password"));
        s.put("ssl.truststore.type", STORE_TYPE);
        s.put("ssl.truststore.location", truststore().toString());
        s.put("ssl.truststore.password", secret("truststore.password"));
        s.put("ssl.client.auth", "required");
        String listener = "listener.name." + clientListener.toLowerCase() + ".";
        s.put(listener + "ssl.client.auth", "none");
        s.put("sasl.enabled.mechanisms", MECHANISM);
        s.put(listener + "sasl.enabled.mechanisms", MECHANISM);
        s.put(listener + MECHANISM.toLowerCase() + ".sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        s.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        s.put("allow.everyone.if.no.acl.found", "false");
        s.put("super.users", "User:" + ADMIN + ";User:" + BROKER_SUBJECT);
        return s;
    }

    /** The settings a Kafka client of {@code user} needs, the password included. */
    Map<String, String> client(String user, String bootstrap) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("bootstrap.servers", bootstrap);
        c.put("security.protocol", "SASL_SSL");
        c.put("sasl.mechanism", MECHANISM);
        c.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
                + "\" password=\"" + password(user) + "\";");
        c.put("ssl.truststore.type", STORE_TYPE);
        c.put("ssl.truststore.location", truststore().toString());
        c.put("ssl.truststore.password", secret("truststore.password"));
        return c;
    }

    /** The client settings of {@code security}'s admin, or those of a plaintext client when it is null. */
    static Properties adminClient(Security security, String bootstrap) {
        Properties props = EmbeddedKafka.plaintextClient(bootstrap);
        if (security != null) {
            props.putAll(security.client(ADMIN, bootstrap));
        }
        return props;
    }

    /** Writes client-admin, client-producer and client-consumer.properties (0600) for {@code bootstrap}. */
    List<Path> writeClientFiles(String bootstrap) throws IOException {
        List<Path> files = new ArrayList<>();
        for (String user : USERS) {
            StringBuilder text = new StringBuilder("# Kafka client settings of the local secure broker's user " + user
                    + ": keep private\n");
            client(user, bootstrap).forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
            PrivateFiles.write(clientFile(user), text.toString());
            files.add(clientFile(user));
        }
        return files;
    }

    /** {@code text} with every password of this data dir masked, for messages that quote other tools. */
    String redact(String text) {
        String out = text;
        for (String name : secrets.stringPropertyNames()) {
            out = out.replace(secret(name), "***");
        }
        return out;
    }

    /**
     * A CA, and a broker key pair signed by it, made with keytool (passwords through the environment, never on a
     * command line); then the broker keystore gets the chain, the truststore the CA, and ca.pem the CA for non-Java
     * clients.
     */
    private void makeCertificates() throws IOException {
        Path tls = keystore().getParent();
        Files.createDirectories(tls);
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(tls, PosixFilePermissions.fromString("rwx------"));
        }
        Path ca = tls.resolve("ca.p12");
        Path request = tls.resolve("broker.csr");
        Path signed = tls.resolve("broker.crt");
        for (Path stale : List.of(ca, keystore(), request, signed)) {
            Files.deleteIfExists(stale);
        }
        keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "3650",
                "-dname", "CN=churnstream local CA", "-ext", "bc:c", "-ext", "KU=keyCertSign,cRLSign",
                "-keystore", ca.toString(), "-storetype", STORE_TYPE, "-storepass:env", "CA_PASSWORD");
        keytool("-genkeypair", "-alias", "broker", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "3650",
                "-dname", BROKER_SUBJECT, "-keystore", keystore().toString(), "-storetype", STORE_TYPE,
                "-storepass:env", "KEYSTORE_PASSWORD");
        keytool("-certreq", "-alias", "broker", "-keystore", keystore().toString(), "-storepass:env", "KEYSTORE_PASSWORD",
                "-file", request.toString());
        keytool("-gencert", "-alias", "ca", "-keystore", ca.toString(), "-storepass:env", "CA_PASSWORD",
                "-infile", request.toString(), "-outfile", signed.toString(), "-rfc", "-validity", "3650",
                "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-ext", "EKU=serverAuth,clientAuth");
        try {
            Certificate caCert = load(ca, "ca.password").getCertificate("ca");
            Certificate brokerCert;
            try (InputStream in = Files.newInputStream(signed)) {
                brokerCert = CertificateFactory.getInstance("X.509").generateCertificate(in);
            }
            KeyStore broker = load(keystore(), "keystore.password");
            char[] keyPassword = secret("keystore.password").toCharArray();
            Key key = broker.getKey("broker", keyPassword);
            broker.setKeyEntry("broker", key, keyPassword, new Certificate[]{brokerCert, caCert});
            store(broker, keystore(), "keystore.password");

            KeyStore trust = KeyStore.getInstance(STORE_TYPE);
            trust.load(null, null);
            trust.setCertificateEntry("churnstream-ca", caCert);
            store(trust, truststore(), "truststore.password");
            Files.writeString(caPem(), "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(caCert.getEncoded())
                    + "\n-----END CERTIFICATE-----\n", StandardCharsets.US_ASCII);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot assemble the broker's keystore and truststore: " + e.getMessage(), e);
        }
        Files.delete(request);
        Files.delete(signed);
        PrivateFiles.restrict(ca);
        PrivateFiles.restrict(keystore());
    }

    private KeyStore load(Path file, String password) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(STORE_TYPE);
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, secret(password).toCharArray());
        }
        return store;
    }

    private void store(KeyStore store, Path file, String password) throws IOException, GeneralSecurityException {
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, secret(password).toCharArray());
        }
        PrivateFiles.restrict(file);
    }

    private void keytool(String... args) {
        Path log = keystore().resolveSibling("keytool.log");
        try (JvmProcess keytool = JvmProcess.jdkTool("keytool").args(args).output(log)
                .environment("CA_PASSWORD", secret("ca.password"))
                .environment("KEYSTORE_PASSWORD", secret("keystore.password")).start()) {
            int exit = keytool.awaitExit(KEYTOOL_TIMEOUT);
            if (exit != 0) {
                throw new IllegalStateException("keytool " + args[0] + " failed (exit " + exit + "): "
                        + redact(keytool.output().strip()));
            }
        }
    }
}
