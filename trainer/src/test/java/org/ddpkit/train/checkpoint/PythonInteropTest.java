package org.ddpkit.train.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.jr.ob.JSON;
import java.math.BigInteger;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.ddpkit.testkit.CommandResult;
import org.ddpkit.testkit.CommandRunner;
import org.ddpkit.testkit.Requirements;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files cross between ddpkit and Python both ways: a script that uses only {@code struct} and
 * {@code json} (an encoder written independently of ddpkit's), and the reference
 * {@code safetensors} package where it is installed.
 */
@Timeout(120)
class PythonInteropTest {
    private static final CommandRunner RUN = new CommandRunner(Map.of(), Duration.ofSeconds(60));
    private static Path script;
    private static Boolean safetensorsPackage;

    @TempDir
    Path dir;

    @BeforeAll
    static void findPython() throws URISyntaxException {
        Requirements.require(python("-c", "import json, struct, hashlib").ok(), "python3 with its standard library");
        script = Path.of(PythonInteropTest.class.getResource("/checkpoint/safetensors_py.py").toURI());
    }

    @Test
    void fileWrittenWithPythonStructLoads() throws Exception {
        Path file = dir.resolve("py.safetensors");
        python(script.toString(), "write", file.toString()).requireOk();

        assertKnownPythonFile(SafetensorsReader.read(file), "python struct");
    }

    @Test
    void fileWrittenByDdpkitReadsWithPythonStruct() throws Exception {
        Map<String, StoredTensor> tensors = everyDtype();
        Path file = dir.resolve("ddpkit.safetensors");
        new SafetensorsWriter().write(file, tensors, Map.of("format", "pt", "epoch", "3"));

        Map<String, Object> seen = pythonJson("read", file);

        assertEquals("ok", seen.get("checksum"), "ddpkit's checksum, checked the way docs/checkpoints.md says");
        assertEquals("3", ((Map<?, ?>) seen.get("metadata")).get("epoch"));
        assertSameTensors(tensors, seen);
    }

    @Test
    void fileWrittenByDdpkitReadsWithSafetensorsPackage() throws Exception {
        requireSafetensorsPackage();
        Map<String, StoredTensor> tensors = everyDtype();
        tensors.keySet().removeIf(k -> k.contains("F8") || k.contains("BF16")); // numpy has no such types
        Path file = dir.resolve("ddpkit.safetensors");
        StateDictFile.saveTensors(file, tensors, Map.of("epoch", "3"));

        Map<String, Object> seen = pythonJson("read-lib", file);

        assertEquals("pt", ((Map<?, ?>) seen.get("metadata")).get("format"));
        assertSameTensors(tensors, seen);
    }

    @Test
    void fileWrittenBySafetensorsPackageLoads() throws Exception {
        requireSafetensorsPackage();
        Path file = dir.resolve("lib.safetensors");
        python(script.toString(), "write-lib", file.toString()).requireOk();

        assertKnownPythonFile(SafetensorsReader.read(file), "python safetensors");
    }

    /** The tensors of the script's known file ({@code known_tensors} / {@code write_lib} there). */
    private static void assertKnownPythonFile(TensorFile f, String source) {
        assertFalse(f.verified(), "Python wrote no ddpkit checksum");
        assertEquals(Map.of("format", "pt", "source", source), f.metadata());
        Map<String, StoredTensor> t = f.tensors();
        assertEquals(StoredTensor.scalar(1234567890123L), t.get("step"));
        assertEquals(StoredTensor.of(DType.BOOL, new byte[] {1, 0, 1, 1}, 4), t.get("mask"));
        assertEquals(StoredTensor.f32(new float[] {0.5f, -1.25f, 3.0f, 1e-3f, -0.0f, 65504.0f}, 2, 3), t.get("weight"));
        assertEquals(StoredTensor.i32(new int[] {-1, 0, Integer.MAX_VALUE}, 3), t.get("ids"));
        assertArrayEquals(new float[] {1.5f, -2.0f}, t.get("half").toTensor().toArray());
        assertEquals(StoredTensor.scalar(3.141592653589793), t.get("pi"));
        assertEquals(StoredTensor.f32(new float[0], 0), t.get("empty"));
        assertEquals(7, t.size());
    }

    private static Map<String, StoredTensor> everyDtype() {
        Random rnd = new Random(11);
        Map<String, StoredTensor> tensors = new LinkedHashMap<>();
        for (DType d : DType.values()) {
            tensors.put("w." + d, SafetensorsRoundTripTest.random(d, new int[] {2, 3}, rnd));
            tensors.put("s." + d, SafetensorsRoundTripTest.random(d, new int[] {}, rnd));
        }
        tensors.put("w.BOOL", StoredTensor.of(DType.BOOL, new byte[] {1, 0, 0, 1, 1, 0}, 2, 3));
        tensors.put("s.BOOL", StoredTensor.of(DType.BOOL, new byte[] {1}));
        return tensors;
    }

    private static void assertSameTensors(Map<String, StoredTensor> expected, Map<String, Object> seen) {
        Map<?, ?> tensors = (Map<?, ?>) seen.get("tensors");
        assertEquals(expected.keySet(), tensors.keySet());
        expected.forEach((name, t) -> {
            Map<?, ?> p = (Map<?, ?>) tensors.get(name);
            assertEquals(t.dtype().name(), p.get("dtype"), name);
            assertEquals(java.util.Arrays.stream(t.shape()).boxed().toList(), p.get("shape"), name);
            assertEquals(bits(t), ((List<?>) p.get("bits")).stream().map(n -> new BigInteger(n.toString())).toList(), name);
        });
    }

    /** Each element's raw bits as an unsigned number, as the script prints them. */
    private static List<BigInteger> bits(StoredTensor t) {
        List<BigInteger> out = new ArrayList<>();
        switch (t.array()) {
            case byte[] a -> { for (byte v : a) out.add(BigInteger.valueOf(v & 0xFF)); }
            case short[] a -> { for (short v : a) out.add(BigInteger.valueOf(v & 0xFFFF)); }
            case int[] a -> { for (int v : a) out.add(BigInteger.valueOf(v & 0xFFFFFFFFL)); }
            case float[] a -> { for (float v : a) out.add(BigInteger.valueOf(Float.floatToRawIntBits(v) & 0xFFFFFFFFL)); }
            case long[] a -> { for (long v : a) out.add(new BigInteger(Long.toUnsignedString(v))); }
            case double[] a -> { for (double v : a) out.add(new BigInteger(Long.toUnsignedString(Double.doubleToRawLongBits(v)))); }
            default -> throw new AssertionError(t.array().getClass());
        }
        return out;
    }

    private Map<String, Object> pythonJson(String command, Path file) throws Exception {
        CommandResult r = python(script.toString(), command, file.toString()).requireOk();
        return JSON.std.mapFrom(r.stdout());
    }

    private static void requireSafetensorsPackage() {
        if (safetensorsPackage == null) {
            safetensorsPackage = python("-c", "import numpy, safetensors.numpy").ok();
        }
        if (!safetensorsPackage) {
            Requirements.skip("the Python safetensors package is not installed (pip install safetensors numpy)");
        }
    }

    private static CommandResult python(String... args) {
        List<String> cmd = new ArrayList<>(List.of("python3"));
        cmd.addAll(List.of(args));
        return RUN.run(Path.of("").toAbsolutePath(), cmd);
    }
}
