package io.dejavu.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.dejavu.protocol.Json;
import io.dejavu.protocol.model.ModelMetadata;
import io.dejavu.protocol.model.ModelTier;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDateTime;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * A caller's model bundle: {@code enhancer.onnx} (the {@link ModelTier#CPU cpu} tier), optionally
 * larger tiers ({@code enhancer-gpu.onnx}), {@code scorer.onnx} (present exactly when {@link
 * ModelMetadata#scorerPatchSize()} is positive) and {@code metadata.json}.
 *
 * <p>On the wire and in the store a bundle is a ZIP with those three entries, written by {@link
 * #toZip()} in one canonical form (stored, fixed order, fixed timestamps), so the same files give
 * the same bytes and the same sha256 on every machine. This class checks only the format; the
 * store also checks the ONNX graphs against the model contract.
 *
 * <pre>{@code
 * ModelBundle bundle = ModelBundle.readDirectory(Path.of("models/alice"));
 * byte[] zip = bundle.toZip();            // what the store keeps and serves
 * String etag = bundle.sha256();          // hex sha256 of those bytes
 * ModelBundle same = ModelBundle.fromZip(zip, 16 << 20);
 * }</pre>
 */
public final class ModelBundle {
    public static final String ENHANCER = ModelTier.CPU.entryName();
    public static final String SCORER = "scorer.onnx";
    public static final String METADATA = "metadata.json";
    /** Largest {@code metadata.json} accepted; metadata is a summary, not data. */
    public static final int MAX_METADATA_BYTES = 64 * 1024;

    private static final LocalDateTime ZIP_TIME = LocalDateTime.of(1980, 1, 1, 0, 0);

    private final ModelMetadata metadata;
    private final byte[] metadataJson;
    /** The enhancer of each tier the bundle has; {@link ModelTier#CPU} always. */
    private final Map<ModelTier, byte[]> enhancers;

    private final byte[] scorer;
    private volatile byte[] zip;

    private ModelBundle(ModelMetadata metadata, byte[] metadataJson, Map<ModelTier, byte[]> enhancers, byte[] scorer) {
        this.metadata = metadata;
        this.metadataJson = metadataJson;
        this.enhancers = enhancers;
        this.scorer = scorer;
    }

    /**
     * A bundle from parts in memory (the training tools' export).
     *
     * @param scorer the scorer graph, or {@code null} when {@code metadata.scorerPatchSize()} is 0
     * @throws IllegalArgumentException if a part is empty or the scorer does not match the metadata
     */
    public static ModelBundle of(ModelMetadata metadata, byte[] enhancer, byte[] scorer) {
        Objects.requireNonNull(metadata, "metadata");
        byte[] json;
        try {
            json = Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(metadata);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("metadata cannot be written as JSON", e);
        }
        Map<ModelTier, byte[]> tiers = new EnumMap<>(ModelTier.class);
        if (enhancer != null) {
            tiers.put(ModelTier.CPU, enhancer.clone());
        }
        try {
            return build(json, tiers, scorer == null ? null : scorer.clone());
        } catch (BundleFormatException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /**
     * This bundle with {@code tier}'s enhancer set to {@code onnx} (a larger tier added, or one
     * replaced); the metadata stays as it is.
     *
     * @throws IllegalArgumentException if {@code onnx} is empty
     */
    public ModelBundle withTier(ModelTier tier, byte[] onnx) {
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(onnx, "onnx");
        if (onnx.length == 0) {
            throw new IllegalArgumentException(tier.entryName() + " is empty");
        }
        Map<ModelTier, byte[]> tiers = new EnumMap<>(enhancers);
        tiers.put(tier, onnx.clone());
        return new ModelBundle(metadata, metadataJson, tiers, scorer);
    }

    /**
     * Reads {@code enhancer.onnx}, {@code scorer.onnx} (when the metadata has a scorer) and {@code
     * metadata.json} from a directory.
     */
    public static ModelBundle readDirectory(Path dir) throws IOException, BundleFormatException {
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(dir.toString(), null, "not a model bundle directory");
        }
        byte[] json = readIfExists(dir.resolve(METADATA));
        Map<ModelTier, byte[]> tiers = new EnumMap<>(ModelTier.class);
        for (ModelTier t : ModelTier.values()) {
            byte[] onnx = readIfExists(dir.resolve(t.entryName()));
            if (onnx != null) {
                tiers.put(t, onnx);
            }
        }
        byte[] sco = readIfExists(dir.resolve(SCORER));
        if (json == null) {
            throw new BundleFormatException("bundle directory " + dir + " has no " + METADATA);
        }
        if (json.length > MAX_METADATA_BYTES) {
            throw new BundleFormatException(
                    METADATA + " is " + json.length + " bytes, over the limit of " + MAX_METADATA_BYTES);
        }
        ModelMetadata meta = parseMetadata(json);
        if (meta.scorerPatchSize() == 0 && sco != null) {
            // Directories written by tools may hold a scorer the metadata does not use; leave it out.
            sco = null;
        }
        return build(json, tiers, sco);
    }

    /**
     * Reads and validates only {@code metadata.json} of a bundle directory, without loading the
     * graphs (the training tools read a model's codec, size and range this way).
     *
     * @throws NoSuchFileException if {@code dir} is not a directory
     * @throws BundleFormatException if the metadata is missing, too large or invalid
     */
    public static ModelMetadata readMetadata(Path dir) throws IOException, BundleFormatException {
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(dir.toString(), null, "not a model bundle directory");
        }
        byte[] json = readIfExists(dir.resolve(METADATA));
        if (json == null) {
            throw new BundleFormatException("no " + METADATA + "; is it a model directory?");
        }
        if (json.length > MAX_METADATA_BYTES) {
            throw new BundleFormatException(
                    METADATA + " is " + json.length + " bytes, over the limit of " + MAX_METADATA_BYTES);
        }
        return parseMetadata(json);
    }

    /**
     * Replaces {@code metadata.json} of a bundle directory atomically (written beside it, then moved
     * over it), so a crash leaves the old or the new metadata, never half of one.
     */
    public static void replaceMetadata(Path dir, ModelMetadata metadata) throws IOException {
        Objects.requireNonNull(metadata, "metadata");
        writeAtomically(
                dir.resolve(METADATA),
                Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(metadata));
    }

    /** Reads a bundle from a directory or from a bundle ZIP file. */
    public static ModelBundle read(Path dirOrZip, long maxBytes) throws IOException, BundleFormatException {
        if (Files.isDirectory(dirOrZip)) {
            return readDirectory(dirOrZip);
        }
        long size = Files.size(dirOrZip);
        if (size > maxBytes) {
            throw new BundleFormatException(
                    "bundle file " + dirOrZip + " is " + size + " bytes, over the limit of " + maxBytes);
        }
        return fromZip(Files.readAllBytes(dirOrZip), maxBytes);
    }

    /**
     * Parses a bundle ZIP (any valid ZIP with exactly the bundle's entries, stored or deflated).
     *
     * @param maxBytes limit on the ZIP and on the sum of its uncompressed entries
     * @throws BundleFormatException naming the first problem found
     */
    public static ModelBundle fromZip(byte[] zipBytes, long maxBytes) throws BundleFormatException {
        Objects.requireNonNull(zipBytes, "zipBytes");
        if (zipBytes.length == 0) {
            throw new BundleFormatException(
                    "bundle is empty; expected a ZIP with " + ENHANCER + ", " + SCORER + " and " + METADATA);
        }
        if (zipBytes.length > maxBytes) {
            throw new BundleFormatException(
                    "bundle is " + zipBytes.length + " bytes, over the limit of " + maxBytes + " bytes");
        }
        if (zipBytes.length < 4 || zipBytes[0] != 'P' || zipBytes[1] != 'K') {
            throw new BundleFormatException(
                    "bundle is not a ZIP file (it does not start with 'PK'); expected a ZIP with " + ENHANCER + ", "
                            + SCORER + " and " + METADATA);
        }
        Map<String, byte[]> entries = new LinkedHashMap<>();
        long total = 0;
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zipBytes))) {
            ZipEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                String name = entry.getName();
                if (entry.isDirectory()) {
                    throw new BundleFormatException("bundle has a directory entry '" + name + "'; put " + ENHANCER
                            + ", " + SCORER + " and " + METADATA + " at the top level");
                }
                if (ModelTier.ofEntry(name) == null && !name.equals(SCORER) && !name.equals(METADATA)) {
                    throw new BundleFormatException("bundle has an unexpected entry '" + name + "'; expected only "
                            + ENHANCER + ", " + ModelTier.GPU.entryName() + ", " + SCORER + " and " + METADATA
                            + " at the top level");
                }
                if (entries.containsKey(name)) {
                    throw new BundleFormatException("bundle has entry '" + name + "' twice");
                }
                byte[] data = readLimited(in, maxBytes - total, name, maxBytes);
                total += data.length;
                entries.put(name, data);
            }
        } catch (ZipException e) {
            throw new BundleFormatException("bundle is not a valid ZIP file: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            // ZipInputStream's way of saying an entry name is not valid UTF-8 (found by BundleReaderFuzzTest)
            throw new BundleFormatException("bundle has an entry name that is not valid UTF-8: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new BundleFormatException("bundle cannot be read as a ZIP file: " + e.getMessage(), e);
        }
        if (entries.isEmpty()) {
            throw new BundleFormatException(
                    "bundle ZIP has no entries; expected " + ENHANCER + ", " + SCORER + " and " + METADATA);
        }
        byte[] json = entries.get(METADATA);
        if (json == null) {
            throw new BundleFormatException("bundle has no " + METADATA);
        }
        if (json.length > MAX_METADATA_BYTES) {
            throw new BundleFormatException(
                    METADATA + " is " + json.length + " bytes, over the limit of " + MAX_METADATA_BYTES);
        }
        Map<ModelTier, byte[]> tiers = new EnumMap<>(ModelTier.class);
        for (ModelTier t : ModelTier.values()) {
            byte[] onnx = entries.get(t.entryName());
            if (onnx != null) {
                tiers.put(t, onnx);
            }
        }
        return build(json, tiers, entries.get(SCORER));
    }

    private static ModelBundle build(byte[] json, Map<ModelTier, byte[]> tiers, byte[] scorer)
            throws BundleFormatException {
        ModelMetadata meta = parseMetadata(json);
        if (!tiers.containsKey(ModelTier.CPU)) {
            throw new BundleFormatException("bundle has no " + ENHANCER
                    + (tiers.isEmpty() ? "" : "; every bundle needs it beside any larger tier"));
        }
        for (Map.Entry<ModelTier, byte[]> t : tiers.entrySet()) {
            if (t.getValue().length == 0) {
                throw new BundleFormatException(t.getKey().entryName() + " is empty");
            }
        }
        if (meta.scorerPatchSize() > 0 && scorer == null) {
            throw new BundleFormatException("bundle has no " + SCORER + " but " + METADATA + " says scorerPatchSize = "
                    + meta.scorerPatchSize() + "; add the scorer or set scorerPatchSize to 0");
        }
        if (meta.scorerPatchSize() == 0 && scorer != null) {
            throw new BundleFormatException("bundle has " + SCORER + " but " + METADATA
                    + " says scorerPatchSize = 0; set scorerPatchSize to the scorer's patch side");
        }
        if (scorer != null && scorer.length == 0) {
            throw new BundleFormatException(SCORER + " is empty");
        }
        return new ModelBundle(meta, json, new EnumMap<>(tiers), scorer);
    }

    /** Parses {@code metadata.json} with the project's mapper and its validating record. */
    public static ModelMetadata parseMetadata(byte[] json) throws BundleFormatException {
        try {
            ModelMetadata meta = Json.mapper().readValue(json, ModelMetadata.class);
            if (meta == null) {
                throw new BundleFormatException(METADATA + " is empty; expected a JSON object");
            }
            return meta;
        } catch (JsonProcessingException e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            String why = root instanceof IllegalArgumentException || root instanceof NullPointerException
                    ? root.getMessage()
                    : Json.describe(e);
            throw new BundleFormatException(METADATA + " is invalid: " + why, e);
        } catch (IOException e) {
            throw new BundleFormatException(METADATA + " cannot be read: " + e.getMessage(), e);
        }
    }

    private static byte[] readLimited(InputStream in, long remaining, String name, long maxBytes)
            throws IOException, BundleFormatException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[16 * 1024];
        long read = 0;
        int n;
        while ((n = in.read(buf)) > 0) {
            read += n;
            if (read > remaining) {
                throw new BundleFormatException(
                        "bundle entries unpack to more than " + maxBytes + " bytes (limit reached in '" + name + "')");
            }
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    private static byte[] readIfExists(Path file) throws IOException {
        return Files.isRegularFile(file) ? Files.readAllBytes(file) : null;
    }

    public ModelMetadata metadata() {
        return metadata;
    }

    /** The exact {@code metadata.json} bytes of this bundle. */
    public byte[] metadataJson() {
        return metadataJson.clone();
    }

    /** The {@link ModelTier#CPU cpu} tier's enhancer, {@code enhancer.onnx}: in every bundle. */
    public byte[] enhancerOnnx() {
        return enhancers.get(ModelTier.CPU).clone();
    }

    /** {@code tier}'s enhancer, if the bundle has that tier. */
    public Optional<byte[]> enhancerOnnx(ModelTier tier) {
        return Optional.ofNullable(enhancers.get(tier)).map(byte[]::clone);
    }

    /** The tiers the bundle has, smallest first; {@link ModelTier#CPU} always. */
    public Set<ModelTier> tiers() {
        return java.util.Collections.unmodifiableSet(enhancers.keySet());
    }

    /** The scorer graph; empty when the metadata's scorer patch size is 0. */
    public Optional<byte[]> scorerOnnx() {
        return Optional.ofNullable(scorer).map(byte[]::clone);
    }

    /** The canonical ZIP form: the bytes the store keeps, serves and hashes. */
    public byte[] toZip() {
        byte[] z = zip;
        if (z == null) {
            z = writeZip();
            zip = z;
        }
        return z.clone();
    }

    /** Size of {@link #toZip()}. */
    public int zipSize() {
        toZip();
        return zip.length;
    }

    /** Hex sha256 of {@link #toZip()}. */
    public String sha256() {
        toZip();
        return sha256Hex(zip);
    }

    /**
     * Writes the bundle's files into {@code dir} (created if missing); each file is written to a
     * temporary name first and moved into place, so a reader sees whole files only.
     */
    public void writeDirectory(Path dir) throws IOException {
        Files.createDirectories(dir);
        writeAtomically(dir.resolve(METADATA), metadataJson);
        for (ModelTier t : ModelTier.values()) {
            byte[] onnx = enhancers.get(t);
            if (onnx != null) {
                writeAtomically(dir.resolve(t.entryName()), onnx);
            } else {
                Files.deleteIfExists(dir.resolve(t.entryName()));
            }
        }
        if (scorer != null) {
            writeAtomically(dir.resolve(SCORER), scorer);
        } else {
            Files.deleteIfExists(dir.resolve(SCORER));
        }
    }

    private static void writeAtomically(Path target, byte[] data) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try {
            Files.write(tmp, data);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // a full disk leaves a half-written temporary file; the target is untouched
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    private byte[] writeZip() {
        int models = enhancers.values().stream().mapToInt(b -> b.length).sum();
        ByteArrayOutputStream bytes =
                new ByteArrayOutputStream(metadataJson.length + models + (scorer == null ? 0 : scorer.length) + 512);
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            putStored(out, METADATA, metadataJson);
            // Tiers smallest first (the enum's order): a bundle without larger tiers keeps the bytes it always had.
            for (Map.Entry<ModelTier, byte[]> t : enhancers.entrySet()) {
                putStored(out, t.getKey().entryName(), t.getValue());
            }
            if (scorer != null) {
                putStored(out, SCORER, scorer);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing a ZIP to memory failed", e);
        }
        return bytes.toByteArray();
    }

    private static void putStored(ZipOutputStream out, String name, byte[] data) throws IOException {
        ZipEntry entry = new ZipEntry(name);
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(data.length);
        entry.setCompressedSize(data.length);
        CRC32 crc = new CRC32();
        crc.update(data);
        entry.setCrc(crc.getValue());
        entry.setTimeLocal(ZIP_TIME);
        out.putNextEntry(entry);
        out.write(data);
        out.closeEntry();
    }

    /** Hex sha256 of some bytes, as the store uses for ETags. */
    public static String sha256Hex(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable in this JVM", e);
        }
    }

    @Override
    public String toString() {
        StringBuilder tiers = new StringBuilder();
        enhancers.forEach((t, b) ->
                tiers.append(", ").append(t.id()).append('=').append(b.length).append(" B"));
        return "ModelBundle[caller=" + metadata.caller() + tiers + ", scorer="
                + (scorer == null ? "none" : scorer.length + " B") + "]";
    }
}
