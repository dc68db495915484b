package io.coalition.privacy.noise;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coalition.eventlog.io.AtomicFiles;
import io.coalition.privacy.PrivacyException;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * A privacy budget that outlives one publication: a JSON file recording, per dataset, the total epsilon its owner
 * allows and every spend granted so far. A {@link PrivacyAccountant} guards one run; the ledger makes sequential
 * composition hold across runs over the same data, which is where budgets are actually lost in practice.
 *
 * <p>{@link #lock} takes an exclusive lock on a sibling {@code FILE.lock} for the whole publication, so two runs on
 * one ledger cannot both pass the check and overspend; the file itself is replaced atomically, so a crash leaves
 * the old or the new ledger, never a half-written one. A spend is recorded before the release is written out
 * (fail closed: a release whose spend could not be recorded is not written).
 */
public final class BudgetLedger implements AutoCloseable {
    static final String FORMAT = "coalition-privacy-ledger/1";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** One granted spend. */
    public record Spend(Instant at, BigDecimal epsilon, String purpose) {
    }

    /** A dataset's budget: the total its owner allows and what has been spent. */
    public record Budget(BigDecimal total, List<Spend> spends) {
        public BigDecimal spent() {
            return spends.stream().map(Spend::epsilon).reduce(BigDecimal.ZERO, BigDecimal::add);
        }

        public BigDecimal remaining() {
            return total.subtract(spent());
        }
    }

    /** File locks are held per JVM, not per thread: runs within one JVM queue here first. */
    private static final ConcurrentHashMap<Path, Semaphore> IN_PROCESS = new ConcurrentHashMap<>();

    private final Path file;
    private final Semaphore inProcess;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final ObjectNode root;
    private boolean closed;

    private BudgetLedger(Path file, Semaphore inProcess, FileChannel lockChannel, FileLock lock, ObjectNode root) {
        this.file = file;
        this.inProcess = inProcess;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.root = root;
    }

    /** Opens (or starts) the ledger in {@code file}, waiting for any other run holding it. */
    public static BudgetLedger lock(Path file) {
        Path lockFile = file.resolveSibling(file.getFileName() + ".lock");
        Semaphore local = IN_PROCESS.computeIfAbsent(lockFile.toAbsolutePath().normalize(), k -> new Semaphore(1));
        local.acquireUninterruptibly();
        FileChannel channel = null;
        try {
            Path dir = file.toAbsolutePath().getParent();
            if (dir != null) Files.createDirectories(dir);
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.lock();
            return new BudgetLedger(file, local, channel, lock, read(file));
        } catch (IOException e) {
            closeQuietly(channel);
            local.release();
            throw new PrivacyException("budget ledger " + file + ": cannot lock " + lockFile + ": " + e.getMessage());
        } catch (RuntimeException e) {
            closeQuietly(channel);
            local.release();
            throw e;
        }
    }

    /** The dataset key of a file: {@code sha256:} and the hex SHA-256 of its bytes. */
    public static String datasetOf(Path data) {
        try (InputStream in = Files.newInputStream(data)) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) sha.update(buf, 0, n);
            return "sha256:" + HexFormat.of().formatHex(sha.digest());
        } catch (IOException e) {
            throw new PrivacyException(data + ": cannot read: " + e.getMessage());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
    }

    /** The dataset's budget, or null when the ledger has none yet. */
    public Budget budget(String dataset) {
        JsonNode d = root.path("datasets").get(dataset);
        if (d == null) return null;
        List<Spend> spends = new ArrayList<>();
        for (JsonNode s : d.path("spends")) {
            spends.add(new Spend(Instant.parse(s.path("at").asText()), new BigDecimal(s.path("epsilon").asText()),
                    s.path("purpose").asText()));
        }
        return new Budget(new BigDecimal(d.path("total").asText()), List.copyOf(spends));
    }

    /**
     * Checks that {@code epsilon} fits the dataset's budget without recording anything: a run calls it before it
     * draws noise, then {@link #record} once the release is ready.
     *
     * @param total the total for a dataset the ledger does not know yet; for a known one null or the same total
     * @return what is left before the spend
     */
    public BigDecimal check(String dataset, BigDecimal total, BigDecimal epsilon) {
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(epsilon, "epsilon");
        if (epsilon.signum() <= 0) throw new PrivacyException("epsilon must be positive, got " + epsilon.toPlainString());
        Budget b = budget(dataset);
        if (b == null) {
            if (total == null) {
                throw new PrivacyException("budget ledger " + file + " has no budget for dataset " + dataset
                        + "; set its total with --total-budget");
            }
            if (total.signum() <= 0) throw new PrivacyException("total budget must be positive, got " + total.toPlainString());
            b = new Budget(total, List.of());
        } else if (total != null && total.compareTo(b.total()) != 0) {
            throw new PrivacyException("budget ledger " + file + " fixes the total of dataset " + dataset + " at "
                    + b.total().toPlainString() + ", not " + total.toPlainString() + " (a total cannot be changed)");
        }
        BigDecimal left = b.remaining();
        if (epsilon.compareTo(left) > 0) {
            throw new PrivacyException("privacy budget exceeded for dataset " + dataset + " in ledger " + file
                    + ": this release asks epsilon " + epsilon.toPlainString() + " but only " + left.toPlainString()
                    + " of " + b.total().toPlainString() + " is left after " + b.spends().size() + " earlier releases");
        }
        return left;
    }

    /** Checks again and records the spend durably (atomic replace of the ledger file). */
    public Budget record(String dataset, BigDecimal total, BigDecimal epsilon, String purpose, Instant at) {
        check(dataset, total, epsilon);
        ObjectNode datasets = root.with("datasets");
        ObjectNode d = (ObjectNode) datasets.get(dataset);
        if (d == null) {
            d = datasets.putObject(dataset);
            d.put("total", total.toPlainString());
            d.putArray("spends");
        }
        ArrayNode spends = (ArrayNode) d.get("spends");
        spends.addObject().put("at", at.toString()).put("epsilon", epsilon.toPlainString()).put("purpose", purpose);
        AtomicFiles.write(file, out -> JSON.writeValue(out, root));
        return budget(dataset);
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel releases it as well
        }
        closeQuietly(lockChannel);
        inProcess.release();
    }

    private static ObjectNode read(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            ObjectNode fresh = JSON.createObjectNode().put("format", FORMAT);
            fresh.putObject("datasets");
            return fresh;
        } catch (IOException e) {
            throw new PrivacyException("budget ledger " + file + ": not a readable ledger: " + e.getMessage());
        }
        if (root == null || !root.isObject() || !FORMAT.equals(root.path("format").asText())
                || !root.path("datasets").isObject()) {
            throw new PrivacyException("budget ledger " + file + ": not a " + FORMAT + " file");
        }
        root.path("datasets").fields().forEachRemaining(e -> {
            JsonNode d = e.getValue();
            try {
                if (new BigDecimal(d.path("total").asText()).signum() <= 0 || !d.path("spends").isArray()) throw new NumberFormatException();
                for (JsonNode s : d.path("spends")) {
                    Instant.parse(s.path("at").asText());
                    if (new BigDecimal(s.path("epsilon").asText()).signum() <= 0) throw new NumberFormatException();
                }
            } catch (RuntimeException bad) {
                throw new PrivacyException("budget ledger " + file + ": dataset " + e.getKey()
                        + " has a malformed total or spend");
            }
        });
        return (ObjectNode) root;
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel == null) return;
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing more to release
        }
    }
}
