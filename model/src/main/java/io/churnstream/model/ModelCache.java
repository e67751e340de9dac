package io.churnstream.model;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import org.dmg.pmml.PMML;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.churnstream.common.synthetic.SyntheticCustomers;

/**
 * What loading a PMML costs that a later start-up can skip: its parsed object graph (Java-serialised, so no XML
 * parse), its {@code verify()}, and whether the compiled scorer agreed with jpmml-evaluator on it. One file per PMML,
 * named by the PMML's SHA-256, written only after a load whose {@code verify()} passed; an entry counts only for the
 * same PMML bytes and the same scorer build (the model classes, the check's customer generator, jpmml's versions, the
 * JVM's version), for which those checks give the same answer again. An entry that is missing, stale, truncated or
 * altered is ignored and rewritten after the full load and checks.
 */
public final class ModelCache {

    /** No cache: every load parses and checks in full. */
    public static final ModelCache OFF = new ModelCache(null);

    private static final Logger LOG = LoggerFactory.getLogger(ModelCache.class);
    private static final String MAGIC = "churnstream-model-cache";
    private static final int FORMAT = 1;
    private static final String MODEL_PACKAGE = "io/churnstream/model/";
    private static final List<String> VERSIONS = List.of("META-INF/maven/org.jpmml/pmml-evaluator/pom.properties",
            "META-INF/maven/org.jpmml/pmml-model/pom.properties");
    /** A PMML graph: jpmml's classes, the DOM of Extension elements, and plain Java values. */
    private static final ObjectInputFilter PMML_ONLY = ObjectInputFilter.Config.createFilter("maxdepth=2000;"
            + "org.dmg.pmml.**;org.jpmml.**;com.sun.org.apache.xerces.internal.dom.*;java.lang.*;java.util.*;java.math.*;!*");

    private final Path dir;

    private ModelCache(Path dir) {
        this.dir = dir;
    }

    /** A cache in {@code dir}, created when first written. */
    public static ModelCache in(Path dir) {
        return new ModelCache(dir);
    }

    /** Where entries go, if anywhere. */
    public Optional<Path> dir() {
        return Optional.ofNullable(dir);
    }

    /**
     * A PMML's parsed graph and its serialised form, and the compiled scorer's check against jpmml-evaluator if it
     * passed ({@code compared > 0}).
     */
    record Entry(PMML pmml, byte[] payload, int compared, double worst) {

        boolean checked() {
            return compared > 0;
        }
    }

    /** The entry of the PMML whose SHA-256 is {@code sha256}, if a sound one for this build exists. */
    Optional<Entry> read(String sha256) {
        if (dir == null || Build.ID == null) {
            return Optional.empty();
        }
        Path file = file(sha256);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(Files.readAllBytes(file)))) {
            if (!MAGIC.equals(in.readUTF()) || in.readInt() != FORMAT || !sha256.equals(in.readUTF())
                    || !Build.ID.equals(in.readUTF())) {
                return Optional.empty();
            }
            int compared = in.readInt();
            double worst = in.readDouble();
            byte[] digest = in.readNBytes(32);
            byte[] payload = in.readAllBytes();
            if (!Arrays.equals(digest, sha256(payload))) {
                LOG.warn("model cache entry {} is damaged: loading the model in full", file);
                return Optional.empty();
            }
            try (ObjectInputStream objects = new ObjectInputStream(new ByteArrayInputStream(payload))) {
                objects.setObjectInputFilter(PMML_ONLY);
                return Optional.of(new Entry((PMML) objects.readObject(), payload, compared, worst));
            }
        } catch (IOException | ClassNotFoundException | RuntimeException e) {
            LOG.warn("cannot use model cache entry {} ({}): loading the model in full", file, e.toString());
            return Optional.empty();
        }
    }

    /** The graph as an entry holds it, taken before any evaluator uses it; null when this cache is off. */
    byte[] serialize(PMML pmml) {
        if (dir == null || Build.ID == null) {
            return null;
        }
        ByteArrayOutputStream payload = new ByteArrayOutputStream(256 * 1024);
        try (ObjectOutputStream objects = new ObjectOutputStream(payload)) {
            objects.writeObject(pmml);
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot cache the parsed model ({}); the next start-up loads it in full", e.toString());
            return null;
        }
        return payload.toByteArray();
    }

    /**
     * Records the {@link #serialize serialised} graph of the PMML whose SHA-256 is {@code sha256}, with the compiled
     * scorer's check ({@code compared} 0: not passed); a failure only costs the next start-up.
     */
    void write(String sha256, byte[] payload, int compared, double worst) {
        if (dir == null || Build.ID == null || payload == null) {
            return;
        }
        Path file = file(sha256);
        Path temp = null;
        try {
            ByteArrayOutputStream all = new ByteArrayOutputStream(payload.length + 512);
            try (DataOutputStream out = new DataOutputStream(all)) {
                out.writeUTF(MAGIC);
                out.writeInt(FORMAT);
                out.writeUTF(sha256);
                out.writeUTF(Build.ID);
                out.writeInt(compared);
                out.writeDouble(worst);
                out.write(sha256(payload));
                out.write(payload);
            }
            Files.createDirectories(dir);
            temp = Files.createTempFile(dir, sha256, ".tmp");
            Files.write(temp, all.toByteArray());
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot write model cache entry {} ({}); the next start-up loads the model in full", file, e.toString());
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // a leftover temporary file is never read as an entry
                }
            }
        }
    }

    Path file(String sha256) {
        return dir.resolve(sha256 + ".model");
    }

    @Override
    public String toString() {
        return dir == null ? "off" : dir.toString();
    }

    /** The scorer build, identified when a cache is first used and not before: it reads through the whole jar. */
    private static final class Build {
        static final String ID = scorerBuild();
    }

    /**
     * The SHA-256 of every class of the model package, the check's customer generator, jpmml's and the JVM's versions;
     * null when they cannot be read, which turns the cache off.
     */
    static String scorerBuild() {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            Path source = Path.of(ModelCache.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (byte[] bytes : modelClasses(source)) {
                digest.update(bytes);
            }
            List<String> resources = new ArrayList<>(VERSIONS);
            resources.add(SyntheticCustomers.class.getName().replace('.', '/') + ".class");
            for (String resource : resources) {
                try (InputStream in = ModelCache.class.getClassLoader().getResourceAsStream(resource)) {
                    if (in == null) {
                        return null;
                    }
                    digest.update(in.readAllBytes());
                }
            }
            digest.update(Runtime.version().toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException | URISyntaxException | NoSuchAlgorithmException | RuntimeException e) {
            LOG.debug("model cache off: cannot identify the scorer build", e);
            return null;
        }
    }

    private static List<byte[]> modelClasses(Path source) throws IOException {
        List<byte[]> classes = new ArrayList<>();
        if (Files.isDirectory(source)) {
            try (Stream<Path> files = Files.list(source.resolve(MODEL_PACKAGE))) {
                for (Path f : files.filter(f -> f.toString().endsWith(".class")).sorted().toList()) {
                    classes.add(Files.readAllBytes(f));
                }
            }
        } else {
            try (JarFile jar = new JarFile(source.toFile())) {
                for (JarEntry e : jar.stream().filter(ModelCache::modelClass)
                        .sorted((a, b) -> a.getName().compareTo(b.getName())).toList()) {
                    try (InputStream in = jar.getInputStream(e)) {
                        classes.add(in.readAllBytes());
                    }
                }
            }
        }
        if (classes.isEmpty()) {
            throw new IOException("no model classes in " + source);
        }
        return classes;
    }

    private static boolean modelClass(JarEntry e) {
        String name = e.getName();
        return name.startsWith(MODEL_PACKAGE) && name.endsWith(".class") && name.indexOf('/', MODEL_PACKAGE.length()) < 0;
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
